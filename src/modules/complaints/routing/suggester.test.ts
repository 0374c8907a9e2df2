import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RoutingModel, suggestRouting } from './classifier/classifier.js';
import { trainRoutingModel } from './classifier/dataset.js';
import { baseModelKey, classifierRouting, keywordRouting } from './suggester.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-routing-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const categories = [
  { code: 'administrasi_kependudukan', agencyCode: 'disdukcapil', keywords: ['ktp'] },
  { code: 'jalan_rusak', agencyCode: 'dpu', keywords: ['jalan'] },
  { code: 'layanan_kesehatan', agencyCode: 'dinkes', keywords: ['puskesmas'] },
];
const TEXT = 'Blanko habis\nSudah tiga kali datang ke kecamatan untuk rekam e-KTP, katanya blanko belum datang';

describe('the base model cache (DATA_DIR/cache)', () => {
  it('a later process reads the model trained by the first instead of training again', async () => {
    const first = classifierRouting({ cacheDir: dir, delayMs: 60_000 });
    await first.warmUp();
    const file = path.join(dir, `routing-model-${baseModelKey()}.json`);
    expect(fs.existsSync(file)).toBe(true);
    const trained = await first.suggest(TEXT, categories);
    expect(trained).not.toEqual(keywordRouting.suggest(TEXT, categories));

    // No warm-up, the timer far away: without the file this would be the keyword router's answer.
    const later = classifierRouting({ cacheDir: dir, delayMs: 60_000 });
    expect(await later.suggest(TEXT, categories)).toEqual(trained);
  });

  it('a damaged file is ignored: the keyword router answers until the model is trained again', async () => {
    const file = path.join(dir, `routing-model-${baseModelKey()}.json`);
    fs.writeFileSync(file, '{"version":1,"classes":');
    const router = classifierRouting({ cacheDir: dir, delayMs: 60_000 });
    expect(await router.suggest(TEXT, categories)).toEqual(keywordRouting.suggest(TEXT, categories));
    await router.warmUp();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).version).toBe(1);
  });
});

describe('training the base model', () => {
  it('runs on a thread: the event loop keeps turning meanwhile, and the model is the one trained here', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-routing-thread-'));
    try {
      const router = classifierRouting({ cacheDir: empty, delayMs: 60_000 });
      // On the event loop, training holds it for its whole length (0.5–1 s): no tick in between.
      let ticks = 0;
      const ticking = setInterval(() => ticks++, 5);
      const started = performance.now();
      await router.warmUp();
      const tookMs = performance.now() - started;
      clearInterval(ticking);
      // Training here, in-loop, for comparison: the loop is held while it runs.
      let ticksInLoop = 0;
      const inLoop = setInterval(() => ticksInLoop++, 5);
      const model = trainRoutingModel();
      clearInterval(inLoop);
      expect(ticksInLoop).toBe(0);
      expect(ticks, `${ticks} ticks in ${Math.round(tookMs)} ms`).toBeGreaterThan(10);

      const file = path.join(empty, `routing-model-${baseModelKey()}.json`);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(model)));
      expect(await router.suggest(TEXT, categories)).toEqual(suggestWith(model));
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** What the classifier router answers with `model` for TEXT (the category's agency from the tenant's list). */
function suggestWith(model: RoutingModel) {
  const s = suggestRouting(model, TEXT)!;
  const category = categories.find((c) => c.code === s.category)!;
  return { category: category.code, agencyCode: category.agencyCode ?? s.agencyCode, confidence: s.confidence };
}

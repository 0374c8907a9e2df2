import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseModelKey, classifierRouting, keywordRouting, writeCachedModel } from './suggester.js';

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
    first.warmUp();
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
    router.warmUp();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).version).toBe(1);
  });
});

describe('the model file', () => {
  const model = { version: 1 as const, classes: [], bias: [], idf: {}, weights: {} };
  it('is not written, nor its data directory made again, once that directory is gone', () => {
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-routing-gone-'));
    fs.rmSync(gone, { recursive: true });
    writeCachedModel(path.join(gone, 'cache', 'routing-model.json'), model);
    expect(fs.existsSync(gone)).toBe(false);
    const kept = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-routing-kept-'));
    try {
      writeCachedModel(path.join(kept, 'cache', 'routing-model.json'), model);
      expect(JSON.parse(fs.readFileSync(path.join(kept, 'cache', 'routing-model.json'), 'utf8'))).toEqual(model);
      expect(fs.statSync(path.join(kept, 'cache')).mode & 0o777).toBe(0o700);
    } finally {
      fs.rmSync(kept, { recursive: true, force: true });
    }
  });
});

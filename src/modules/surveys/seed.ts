// Demo survey results (development only), so the public index page of the demo tenant is not empty:
// forty-five paper responses for Makassar's KTP-el service spread over this year so far, imported
// through the service as an operator would. Idempotent: a second run finds its source and adds nothing.
import type { ServiceContext } from '../../platform/context.js';
import { listTenants } from '../tenancy/index.js';
import { importSurveyResponses } from './import.js';
import { ELEMENTS } from './ikm.js';
import { dayIn } from './periods.js';
import { importedFrom } from './store.js';
import { withTenant } from '../../db/index.js';

export const DEMO_SOURCE = 'demo: kuesioner kertas loket Disdukcapil';
const COUNT = 45;
/** Per element, the scores cycled over (a deterministic spread: waktu and pengaduan weakest). */
const PATTERN: Record<(typeof ELEMENTS)[number], number[]> = {
  persyaratan: [4, 3, 3, 4, 3],
  prosedur: [3, 3, 4, 3, 3],
  waktu: [2, 3, 3, 2, 3],
  biaya: [4, 4, 4, 4, 4],
  produk: [3, 4, 3, 3, 4],
  kompetensi: [3, 4, 4, 3, 3],
  perilaku: [4, 4, 3, 4, 4],
  pengaduan: [3, 2, 3, 3, 2],
  sarana: [3, 3, 2, 3, 4],
};
const SUGGESTIONS = ['Antrean di loket perlu nomor urut daring.', 'Petugas ramah dan cepat.', 'Ruang tunggu panas, mohon tambah kipas angin.'];

export async function seedDemoSurveys(ctx: ServiceContext): Promise<number> {
  const tenant = (await listTenants(ctx.db)).find((t) => t.slug === 'makassar');
  if (!tenant) return 0;
  if (await withTenant(ctx.db, tenant.id, (trx) => importedFrom(trx, tenant.id, DEMO_SOURCE))) return 0;
  const today = dayIn(tenant.timeZone, ctx.now());
  const start = Date.UTC(Number(today.slice(0, 4)), 0, 1);
  const span = Math.max(1, Math.round((Date.parse(`${today}T00:00:00Z`) - start) / 86_400_000) + 1);
  const header = ['submitted_at', 'service_code', ...ELEMENTS, 'suggestion'].join(',');
  const lines = Array.from({ length: COUNT }, (_, i) => {
    const day = new Date(start + Math.floor((i * span) / COUNT) * 86_400_000).toISOString().slice(0, 10);
    const scores = ELEMENTS.map((k) => PATTERN[k][i % 5]);
    return [day, 'disdukcapil/ktp-el', ...scores, i % 7 === 0 ? `"${SUGGESTIONS[(i / 7) % SUGGESTIONS.length]}"` : ''].join(',');
  });
  const { imported } = await importSurveyResponses({ ...ctx, tenant }, { csv: [header, ...lines].join('\n'), source: DEMO_SOURCE });
  return imported;
}

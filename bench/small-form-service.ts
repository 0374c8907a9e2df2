// The set-up the submission benches share (application-submissions.ts, surge.ts): the demo data, and
// Makassar's birth certificate service given the small form (test/small-form.ts) and the
// verify–approve–issue workflow, published — a service a bench citizen can apply to through the API.
import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config.js';
import { saveServiceForm, saveServiceWorkflow } from '../src/modules/applications/index.js';
import { presetVerifyApproveIssue } from '../src/modules/applications/workflow/index.js';
import { componentLines, listAgencyServices, publishService } from '../src/modules/catalog/index.js';
import { listAgencies, listTenants } from '../src/modules/tenancy/index.js';
import { systemContext } from '../src/platform/context.js';
import type { Runtime } from '../src/runtime.js';
import { seedDemo } from '../src/seed.js';
import { smallForm } from '../test/small-form.js';

export async function seedSmallFormService(rt: Runtime, config: Config) {
  await seedDemo(rt);
  const tenant = (await listTenants(rt.db.app)).find((t) => t.slug === 'makassar')!;
  const ctx = { ...systemContext(rt.db.app, rt.audit, 'bench'), tenant, publicBaseUrl: config.publicBaseUrl };
  const agency = (await listAgencies(rt.db.app, tenant)).find((a) => a.code === 'disdukcapil')!;
  const service = (await listAgencyServices(ctx, agency.id)).find((s) => s.code === 'akta-kelahiran')!;
  const officer = { id: randomUUID(), grants: [{ role: 'tenant_admin' as const, agencyId: null }] };
  await saveServiceForm(ctx, { serviceId: service.id, officer, form: smallForm(componentLines(service.draft.components.persyaratan?.id)) });
  await saveServiceWorkflow(ctx, { serviceId: service.id, officer, workflow: presetVerifyApproveIssue() });
  const version = await publishService(ctx, service.id);
  return { tenant, ctx, agency, service, version };
}

/** The small form's answers as `POST /api/v1/applications` takes them. */
export function smallFormSubmission(serviceId: string): string {
  return JSON.stringify({ serviceId, answers: { nama: 'Siti Aminah', telepon: '081234567890', alamat: 'Jl. Penghibur No. 1, Makassar', declaration: true } });
}

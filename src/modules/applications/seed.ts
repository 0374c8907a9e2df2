// Development demo data for applications, through the services (idempotent; never in production —
// the caller seeds only when SEED_DEMO is on):
//  - a demo officer for every role that acts in a workflow at every demo agency
//    (`<role>.<agency>@<tenant>.demo.gerbang.id`, e.g. verifier.disdukcapil@makassar.demo.gerbang.id);
//  - every demo service a form (from its standard's requirements) and a workflow, published: a birth
//    certificate with the simple verify → sign → issue flow, the building permit (PBG) at risk level
//    Menengah Tinggi with the technical recommendations of Dinkes and Dishub side by side, the
//    billboard permit (Tinggi) with fiktif positif, everything else verify → approve → sign → issue;
//  - for the demo citizen, applications in every state a newcomer can reach from today (just
//    submitted, with the applicant for corrections, in the parallel recommendations, waiting for the
//    signature, issued, rejected, withdrawn). A deemed approval needs its deadline to pass: the
//    billboard permit's application gets there on its own after its 5 working days.
import { Readable } from 'node:stream';
import type { Role, RoleGrant } from '../../platform/auth/index.js';
import { type FileStore, receiveFile } from '../../platform/files/index.js';
import { componentLines, listAgencyServices, publishService } from '../catalog/index.js';
import { createReadyOfficer, DEMO_PASSWORD, type DemoAccount, demoCitizenEmail, findCitizenId, findOfficerId } from '../identity/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import type { ApplicantRef, ApplicationContext, OfficerRef } from './context.js';
import { fieldsOf, type FormDefinition } from './forms/definition.js';
import { actOnApplication, listMyApplications, recordOfficerEvent } from './handling/service.js';
import { recordUploads, uploadRulesOf } from './intake/attachments.js';
import { submitApplication, withdrawApplication } from './intake/service.js';
import { formFromRequirements } from './setup/presets.js';
import { getServiceSetup, saveServiceForm, saveServiceWorkflow } from './setup/service.js';
import { presetRiskBased, presetVerifyApproveIssue, presetVerifyIssue, type WorkflowDefinition } from './workflow/index.js';

/** The roles that act in the demo workflows. */
const DEMO_ROLES: Role[] = ['verifier', 'approver', 'signer', 'agency_admin'];

export const demoHandlerEmail = (slug: string, role: Role, agency: string) => `${role.replace(/_/g, '-')}.${agency}@${slug}.demo.gerbang.id`;

/** The workflow a demo service starts with. */
function demoWorkflow(code: string): WorkflowDefinition {
  if (code === 'akta-kelahiran') return presetVerifyIssue();
  if (code === 'pbg') return presetRiskBased('menengah_tinggi');
  if (code === 'izin-reklame') return presetRiskBased('tinggi', { deemedApproval: true, days: { approve: 5 } });
  if (code === 'surat-keterangan-sehat') return withPaymentAfterVerification(presetVerifyApproveIssue());
  return presetVerifyApproveIssue();
}

/**
 * The demo's paid service (its standard's fee, Rp25.000): once verified, the applicant pays (the
 * payments module issues the invoice; the sandbox's simulated bank at /dev/bank takes the money), then
 * the approval. The seed submits no application to it: a newcomer walks the payment themselves.
 */
function withPaymentAfterVerification(def: WorkflowDefinition): WorkflowDefinition {
  const steps = def.steps.map((s) => (s.id === 'verify' && s.kind === 'task' ? { ...s, actions: { ...s.actions, approve: { to: 'pay' } } } : s));
  const pay: WorkflowDefinition['steps'][number] = { id: 'pay', kind: 'wait', name: { id: 'Pembayaran retribusi', en: 'Fee payment' }, event: 'paid', waitsOn: 'applicant', next: 'approve' };
  return { ...def, steps: [...steps, pay] };
}

/** A tiny PDF for the demo uploads. */
const DEMO_PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% Gerbang demo\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export interface SeededApplications {
  officers: DemoAccount[];
  services: number;
  applications: number;
}

export async function seedDemoApplications(ctx: Omit<ApplicationContext, 'tenant'>, deps: { files: FileStore }): Promise<SeededApplications> {
  const out: SeededApplications = { officers: [], services: 0, applications: 0 };
  for (const tenant of await listTenants(ctx.db)) {
    const tctx: ApplicationContext = { ...ctx, tenant };
    const agencies = await listAgencies(ctx.db, tenant);
    // Seeded once: the demo citizen's applications are the last step, so a tenant where they exist
    // was seeded to the end, and a restart reads none of its officers and services' set-up (Makassar:
    // 234 of the 453 statements every development start ran; docs/performance.md, issue 16). A tenant
    // whose citizen gets no demo application (Jawa Tengah) is still walked.
    if (await demoCitizenHasApplications(tctx)) {
      out.officers.push(...agencies.flatMap((agency) => DEMO_ROLES.map((role) => demoOfficer(tenant.slug, role, agency.code))));
      continue;
    }
    const officers = new Map<string, OfficerRef>();
    for (const agency of agencies) {
      for (const role of DEMO_ROLES) {
        const email = demoHandlerEmail(tenant.slug, role, agency.code);
        const grants: RoleGrant[] = [{ role, agencyId: agency.id }];
        await createReadyOfficer(tctx, { name: `Demo ${role} ${agency.code}`, email, password: DEMO_PASSWORD, grants });
        officers.set(`${role}.${agency.code}`, { id: (await findOfficerId(tctx, { email }))!, grants });
        out.officers.push(demoOfficer(tenant.slug, role, agency.code));
      }
    }
    const admin: OfficerRef = { id: officers.values().next().value?.id ?? 'seed', grants: [{ role: 'tenant_admin', agencyId: null }] };
    const published = new Map<string, { serviceId: string; form: FormDefinition; agency: string }>();
    for (const agency of agencies) {
      for (const service of await listAgencyServices(tctx, agency.id)) {
        const setup = await getServiceSetup(tctx, { serviceId: service.id, officer: admin });
        const form = setup.form ?? formFromRequirements(componentLines(service.draft.components.persyaratan?.id).map((id) => ({ id })));
        if (!setup.form || !setup.workflow) {
          await saveServiceForm(tctx, { serviceId: service.id, officer: admin, form });
          await saveServiceWorkflow(tctx, { serviceId: service.id, officer: admin, workflow: demoWorkflow(service.code) });
          await publishService(tctx, service.id);
          out.services++;
        }
        published.set(service.code, { serviceId: service.id, form, agency: agency.code });
      }
    }
    out.applications += await seedDemoCitizenApplications(tctx, deps, published, officers);
  }
  return out;
}

const demoOfficer = (slug: string, role: Role, agency: string): DemoAccount => ({ tenant: slug, kind: 'officer', login: demoHandlerEmail(slug, role, agency), roles: [role] });

/** The demo citizen has an application (the seed's last step ran, or they applied themselves). */
async function demoCitizenHasApplications(ctx: ApplicationContext): Promise<boolean> {
  const citizenId = await findCitizenId(ctx, { identifier: demoCitizenEmail(ctx.tenant.slug) });
  if (!citizenId) return false;
  return (await listMyApplications(ctx, { applicant: { citizenId, assurance: 'registry', assisted: null } })).items.length > 0;
}

/** The demo citizen's applications in every state (once: nothing when they have any). */
async function seedDemoCitizenApplications(
  ctx: ApplicationContext,
  deps: { files: FileStore },
  services: Map<string, { serviceId: string; form: FormDefinition; agency: string }>,
  officers: Map<string, OfficerRef>,
): Promise<number> {
  const citizenId = await findCitizenId(ctx, { identifier: demoCitizenEmail(ctx.tenant.slug) });
  if (!citizenId) return 0;
  const applicant: ApplicantRef = { citizenId, assurance: 'registry', assisted: null };
  if ((await listMyApplications(ctx, { applicant })).items.length > 0) return 0;
  let count = 0;
  const submit = async (code: string) => {
    const service = services.get(code);
    if (!service) return undefined;
    const answers: Record<string, unknown> = {};
    for (const { group, field } of fieldsOf(service.form)) {
      if (group.repeatable) continue;
      if (field.type === 'checkbox') answers[field.id] = true;
      if (field.type === 'file') {
        const received = await receiveFile(deps.files, ctx.tenant.id, { stream: Readable.from([DEMO_PDF]), filename: `${field.id}.pdf` }, uploadRulesOf(field));
        answers[field.id] = (await recordUploads(ctx, { applicant, serviceId: service.serviceId, fieldId: field.id, files: [received!] })).map((f) => f.fileId);
      }
    }
    const submitted = await submitApplication(ctx, { applicant, serviceId: service.serviceId, answers });
    count++;
    return { ...submitted, agency: service.agency };
  };
  const officer = (role: Role, agency: string) => officers.get(`${role}.${agency}`)!;
  const act = (a: { id: string; agency: string }, role: Role, stepId: string, action: 'approve' | 'reject' | 'request_revision', expectedVersion: number, text?: string) =>
    actOnApplication(ctx, {
      officer: officer(role, a.agency),
      applicationId: a.id,
      stepId,
      action,
      expectedVersion,
      ...(action === 'reject' ? { reason: text } : action === 'request_revision' ? { message: text } : {}),
    });

  await submit('akta-kelahiran'); // just submitted: at the verification
  const revision = await submit('akta-kelahiran');
  if (revision) await act(revision, 'verifier', 'verify', 'request_revision', 1, 'Pindaian surat keterangan lahir tidak terbaca; unggah ulang yang jelas.');
  const signing = await submit('akta-kelahiran');
  if (signing) await act(signing, 'verifier', 'verify', 'approve', 1);
  const issued = await submit('akta-kelahiran');
  if (issued) {
    const at = await act(issued, 'verifier', 'verify', 'approve', 1);
    await recordOfficerEvent(ctx, { officer: officer('signer', issued.agency), applicationId: issued.id, event: 'signed', expectedVersion: at.version, note: 'Ditandatangani (data demo)' });
  }
  const rejected = await submit('kartu-keluarga');
  if (rejected) await act(rejected, 'verifier', 'verify', 'reject', 1, 'NIK kepala keluarga tidak sesuai dengan data kependudukan.');
  const withdrawn = await submit('kartu-keluarga');
  if (withdrawn) await withdrawApplication(ctx, { applicant, applicationId: withdrawn.id, reason: 'Salah memilih layanan.' });
  const building = await submit('pbg');
  if (building) await act(building, 'verifier', 'check', 'approve', 1); // now with Dinkes and Dishub side by side
  const billboard = await submit('izin-reklame');
  if (billboard) await act(billboard, 'verifier', 'check', 'approve', 1); // deemed approved if no decision within 5 working days
  return count;
}

// Development demo data for oversight (idempotent; never in production — the caller seeds only when
// SEED_DEMO is on and not in production). In the demo tenant Makassar, after the applications' seed,
// a case for every flag kind the rules can find in the demo, all made through the applications'
// services with the seed's clock (real applications, decisions and assignments, audited as usual):
//  - own_or_relative: Disdukcapil's demo verifier gets kinship keys carrying the demo citizen's NIK,
//    so the demo citizen's applications that officer decided raise the flag;
//  - after_hours_burst and peer_outlier: the Jawa Tengah demo citizen (an account of the installation,
//    usable in Makassar; Makassar's own demo citizen keeps the applications the applications seed
//    gave them) applies eight times for one 1-day service; its verifier rejects the eight between
//    00:17 and 00:31 local time (a burst outside working hours), each some 12 to 19 minutes after the
//    submission (the peers), then a ninth thirty seconds after it came in (far faster than the peers);
//  - reassigned_near_deadline: a 1-day licensing application, assigned to one verifier and then to
//    another within the 48 hours before its deadline (the end of the day it was submitted, on a
//    working day; on a Saturday or the eve of a second day off the deadline is further away and the
//    rule rightly finds nothing — docs/oversight.md);
//  - payment_amount is not seeded: a payment of a different amount reaches the books only through the
//    gateway's signed notification to a running server; a person makes one at the simulated bank
//    (docs/oversight.md, "Not built yet").
// The cases happen on the seed's local day from 00:05 — before working hours on any day, and a day the
// services are already in effect (the applications seed publishes them for today). Seeded in the
// early hours of a day, the last of them lie up to half an hour ahead of the clock. Then the audit
// entries are sequenced (when the caller can) and the scan runs once.
import { Readable } from 'node:stream';
import type { ServiceContext } from '../../platform/context.js';
import { type FileStore, receiveFile } from '../../platform/files/index.js';
import type { ApplicantRef, ApplicationContext, FormDefinition, OfficerRef } from '../applications/index.js';
import { actOnApplication, assignStep, demoHandlerEmail, getServiceSetup, getUploadRules, listMyApplications, recordUploads, submitApplication } from '../applications/index.js';
import { listAgencyServices } from '../catalog/index.js';
import { demoCitizenEmail, demoOfficerEmail, findCitizenId, findOfficerId, readCitizenPersonalData } from '../identity/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { scanTenant } from './job.js';
import { withTenant } from '../../db/index.js';
import { selectOfficerKeys } from './store.js';
import { setOfficerKinshipKeys } from './service.js';

const DEMO_TENANT = 'makassar';
/** Whose applications make the cases: the other demo tenant's citizen (one account of the installation). */
const CASE_CITIZEN_OF = 'jateng';
/** The services of the cases: 1-day services of Makassar's demo catalogue (default workflow verify → approve → sign → issue). */
const PEER_SERVICE = { agency: 'disdukcapil', code: 'kia' };
const REASSIGN_SERVICE = { agency: 'dpmptsp', code: 'nib' };
const PEERS = 8;
const MINUTE = 60_000;

export interface SeededOversight {
  kinshipKeys: number;
  /** Applications submitted for the cases (0 when they were there). */
  applications: number;
  flags: number;
}

/** The demo PDF every upload of the cases is (a few bytes). */
const DEMO_PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% Gerbang demo (pengawasan)\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Local midnight of the instant's day in the zone (the demo zones have no daylight saving). */
export function localMidnight(at: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnight = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + at.getUTCMilliseconds();
  return new Date(at.getTime() - sinceMidnight);
}

export async function seedDemoOversight(
  ctx: ServiceContext & { publicBaseUrl: string; audit: ApplicationContext['audit'] },
  deps: { files: FileStore; flush?: () => Promise<unknown> },
): Promise<SeededOversight> {
  const out: SeededOversight = { kinshipKeys: 0, applications: 0, flags: 0 };
  const tenant = (await listTenants(ctx.db)).find((x) => x.slug === DEMO_TENANT);
  if (!tenant) return out;
  const tctx: ApplicationContext = { ...ctx, tenant };
  const officerId = await findOfficerId(tctx, { email: demoHandlerEmail(tenant.slug, 'verifier', 'disdukcapil') });
  const citizenId = await findCitizenId(tctx, { identifier: demoCitizenEmail(tenant.slug) });
  if (!officerId || !citizenId) return out;
  const existing = await withTenant(ctx.db, tenant.id, (trx) => selectOfficerKeys(trx, tenant.id, [officerId]));
  if (!existing.has(officerId)) {
    const { nik } = await readCitizenPersonalData({ ...tctx, actor: { kind: 'system', id: 'seed' } }, { citizenId, purpose: 'Data demo pengawasan internal (seed pengembangan)', fields: ['nik'] });
    if (!nik) return out;
    await setOfficerKinshipKeys(tctx, { officerId, nik });
    out.kinshipKeys = 1;
  }
  out.applications = await seedCases(tctx, deps.files);
  await deps.flush?.();
  out.flags = (await scanTenant(tctx)).flags;
  return out;
}

/** The cases of the burst, the peer outlier and the reassignments (once: nothing when the case citizen has applications here). */
async function seedCases(ctx: ApplicationContext, files: FileStore): Promise<number> {
  const caseCitizen = await findCitizenId(ctx, { identifier: demoCitizenEmail(CASE_CITIZEN_OF) });
  if (!caseCitizen) return 0;
  const applicant: ApplicantRef = { citizenId: caseCitizen, assurance: 'registry', assisted: null };
  if ((await listMyApplications(ctx, { applicant })).items.length > 0) return 0;
  const agencies = new Map((await listAgencies(ctx.db, ctx.tenant)).map((a) => [a.code, a]));
  const officer = async (email: string, role: OfficerRef['grants'][number]['role'], agency: string): Promise<OfficerRef | undefined> => {
    const id = await findOfficerId(ctx, { email });
    const agencyId = agencies.get(agency)?.id;
    return id && agencyId ? { id, grants: [{ role, agencyId }] } : undefined;
  };
  const peerVerifier = await officer(demoHandlerEmail(ctx.tenant.slug, 'verifier', PEER_SERVICE.agency), 'verifier', PEER_SERVICE.agency);
  const licensingAdmin = await officer(demoHandlerEmail(ctx.tenant.slug, 'agency_admin', REASSIGN_SERVICE.agency), 'agency_admin', REASSIGN_SERVICE.agency);
  const firstVerifier = await officer(demoHandlerEmail(ctx.tenant.slug, 'verifier', REASSIGN_SERVICE.agency), 'verifier', REASSIGN_SERVICE.agency);
  const secondVerifier = await officer(demoOfficerEmail(ctx.tenant.slug, 'verifier'), 'verifier', REASSIGN_SERVICE.agency);
  const peerService = await serviceOf(ctx, PEER_SERVICE, licensingAdmin);
  const reassignService = await serviceOf(ctx, REASSIGN_SERVICE, licensingAdmin);
  if (!peerVerifier || !licensingAdmin || !firstVerifier || !secondVerifier || !peerService || !reassignService) return 0;

  const start = new Date(localMidnight(ctx.now(), ctx.tenant.timeZone).getTime() + 5 * MINUTE);
  const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
  const clocked = (when: Date, actor: ApplicationContext['actor']): ApplicationContext => ({ ...ctx, actor, now: () => when });
  const uploads = new Map<string, unknown>();
  let count = 0;
  const submit = async (service: DemoService, when: Date) => {
    const c = clocked(when, { kind: 'citizen', id: caseCitizen });
    const answers: Record<string, unknown> = {};
    for (const group of service.form.groups) {
      if (group.repeatable) continue;
      for (const field of group.fields) {
        if (field.type === 'checkbox') answers[field.id] = true;
        if (field.type !== 'file') continue;
        // One upload per field, named again by every later application (as a citizen reuses a document).
        const key = `${service.serviceId}:${field.id}`;
        if (!uploads.has(key)) {
          const { rules } = await getUploadRules(c, { serviceId: service.serviceId, fieldId: field.id });
          const received = await receiveFile(files, ctx.tenant.id, { stream: Readable.from([DEMO_PDF]), filename: `${field.id}.pdf` }, rules);
          uploads.set(key, (await recordUploads(c, { applicant, serviceId: service.serviceId, fieldId: field.id, files: [received!] })).map((f) => f.fileId));
        }
        answers[field.id] = uploads.get(key);
      }
    }
    count += 1;
    return (await submitApplication(c, { applicant, serviceId: service.serviceId, answers })).id;
  };
  const decide = (who: OfficerRef, applicationId: string, when: Date) =>
    actOnApplication(clocked(when, { kind: 'officer', id: who.id }), { officer: who, applicationId, stepId: 'verify', action: 'reject', expectedVersion: 1, reason: 'Data demo pengawasan: berkas tidak memenuhi persyaratan.' });

  // The peers: submitted a minute apart from 00:05, each rejected 12 + i minutes later — eight
  // decisions by one officer within a quarter of an hour before working hours (the burst).
  const peers: string[] = [];
  for (let i = 0; i < PEERS; i += 1) peers.push(await submit(peerService, at(i)));
  for (let i = 0; i < PEERS; i += 1) await decide(peerVerifier, peers[i]!, at(i + 12 + i));
  // Far faster than the peers: rejected thirty seconds after it came in.
  const fast = await submit(peerService, at(27));
  await decide(peerVerifier, fast, at(27.5));
  // Assigned to one verifier, then another, within the 48 hours before its deadline.
  const moved = await submit(reassignService, at(28));
  await assignStep(clocked(at(29), { kind: 'officer', id: licensingAdmin.id }), { officer: licensingAdmin, applicationId: moved, stepId: 'verify', assigneeId: firstVerifier.id });
  await assignStep(clocked(at(30), { kind: 'officer', id: licensingAdmin.id }), { officer: licensingAdmin, applicationId: moved, stepId: 'verify', assigneeId: secondVerifier.id });
  return count;
}

interface DemoService {
  serviceId: string;
  form: FormDefinition;
}

/** The demo service with this code at this agency, with its form (undefined when the catalogue has no such service set up). */
async function serviceOf(ctx: ApplicationContext, which: { agency: string; code: string }, admin: OfficerRef | undefined): Promise<DemoService | undefined> {
  const agency = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.code === which.agency);
  if (!agency || !admin) return undefined;
  const service = (await listAgencyServices(ctx, agency.id)).find((s) => s.code === which.code);
  if (!service) return undefined;
  const setup = await getServiceSetup(ctx, { serviceId: service.id, officer: { id: admin.id, grants: [{ role: 'tenant_admin', agencyId: null }] } });
  return setup.form ? { serviceId: service.id, form: setup.form } : undefined;
}

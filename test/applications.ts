// The applications module's set-up for tests: a service of a demo agency given a form and a workflow
// and published (through the services, at a chosen instant), citizens with a profile (a birth date to
// track with), and the module's service context at a chosen instant.
import { randomUUID } from 'node:crypto';
import {
  type ApplicationContext,
  type FileRef,
  formFromRequirements,
  type FormDefinition,
  saveServiceForm,
  saveServiceWorkflow,
} from '../src/modules/applications/index.js';
import type { WorkflowDefinition } from '../src/modules/applications/workflow/index.js';
import { componentLines, listAgencyServices, publishService } from '../src/modules/catalog/index.js';
import { createConfirmedCitizen } from '../src/modules/identity/citizens/service.js';
import { createSession, findCitizenId, resolveSession, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { listAgencies, listTenants } from '../src/modules/tenancy/index.js';
import type { Assurance } from '../src/platform/auth/index.js';
import type { Actor } from '../src/platform/context.js';
import { createLocalFileStore, fileJobHandlers, type FileScanner, REMOVE_JOB, SCAN_JOB } from '../src/platform/files/index.js';
import { createJobRunner } from '../src/platform/jobs/index.js';
import { csrfTokenForSession } from '../src/platform/http/csrf.js';
import { deriveKey } from '../src/platform/secrets.js';
import { TEST_APP_SECRET, type TestApp } from './app.js';
import { multipartBody } from './forms.js';

export async function tenantOf(t: TestApp, slug: string) {
  const tenant = (await listTenants(t.db.app)).find((x) => x.slug === slug);
  if (!tenant) throw new Error(`no demo tenant ${slug}`);
  return tenant;
}

/** The applications module's context for a tenant, acting as `actor`, at `now`. */
export async function applicationTestContext(t: TestApp, slug: string, actor: Actor = { kind: 'system', id: 'test' }, now: () => Date = () => new Date()): Promise<ApplicationContext> {
  return { db: t.db.app, audit: t.audit, actor, lang: 'id', now, tenant: await tenantOf(t, slug), publicBaseUrl: 'http://localhost' };
}

export interface PublishedService {
  serviceId: string;
  versionId: string;
  agencyId: string;
  requirements: string[];
  form: FormDefinition;
}

/**
 * Gives a demo service (by agency and code) a form (default: one generated from its requirements) and
 * the workflow, and publishes it at `now` — a new version in effect from that day.
 */
export async function publishWithSetup(
  t: TestApp,
  spec: { slug: string; agency: string; code: string; workflow: WorkflowDefinition; form?: (requirements: string[]) => FormDefinition; now?: () => Date },
): Promise<PublishedService> {
  const admin = { kind: 'officer' as const, id: randomUUID() };
  const ctx = await applicationTestContext(t, spec.slug, admin, spec.now);
  const agency = (await listAgencies(t.db.app, ctx.tenant)).find((a) => a.code === spec.agency)!;
  const service = (await listAgencyServices(ctx, agency.id)).find((s) => s.code === spec.code);
  if (!service) throw new Error(`no service ${spec.code} at ${spec.agency}`);
  const requirements = componentLines(service.draft.components.persyaratan?.id);
  const form = spec.form ? spec.form(requirements) : formFromRequirements(requirements.map((id) => ({ id })));
  const officer = { id: admin.id, grants: [{ role: 'tenant_admin' as const, agencyId: null }] };
  await saveServiceForm(ctx, { serviceId: service.id, officer, form });
  await saveServiceWorkflow(ctx, { serviceId: service.id, officer, workflow: spec.workflow });
  const version = await publishService(ctx, service.id);
  return { serviceId: service.id, versionId: version.id, agencyId: agency.id, requirements, form };
}

let serial = 0;
/** Where this process's citizen serials start (two test processes on one database rarely meet). */
const serialStart = Math.floor(Math.random() * 10_000);

export interface TestCitizen {
  cookie: string;
  id: string;
  birthDate: string;
  nik: string;
  name: string;
  /** The CSRF token of the session, for multipart requests (`?_csrf=`). */
  csrf: string;
}

/** A confirmed citizen with a profile (a birth date: public tracking works) and a session cookie. */
export async function citizenWithProfile(t: TestApp, slug: string, opts: { birthDate?: string; assurance?: Assurance } = {}): Promise<TestCitizen> {
  const tenant = await tenantOf(t, slug);
  // Synthetic: born 15 May 1992 (male), Makassar's Mariso district code, a serial per citizen — from a
  // random start, one apart (random serials collided: 13 citizens more in one file made it a flaky run);
  // taken anyway (a seeded citizen), the next one.
  const birthDate = opts.birthDate ?? '1992-05-15';
  const [y, m, d] = birthDate.split('-');
  const ctx = { db: t.db.app, audit: t.audit, actor: { kind: 'system' as const, id: 'test' }, lang: 'id' as const, now: () => new Date() };
  let n = '';
  let nik = '';
  let email = '';
  for (let attempt = 1; ; attempt++) {
    serial++;
    // 0001–9999: a NIK's serial is never 0000 (parseNik refuses it; one full run drew it).
    n = String(((serialStart + serial) % 9_999) + 1).padStart(4, '0');
    nik = `737101${d}${m}${y!.slice(2)}${n}`;
    email = `warga-${n}-${randomUUID().slice(0, 8)}@contoh.id`;
    const created = await createConfirmedCitizen({ ...ctx, tenant }, {
      nik,
      name: `Warga ${n}`,
      birthDate,
      sex: 'L',
      phone: `0812${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      regionCode: '73.71.01.1001',
      email,
      password: 'kata sandi uji 2026',
      assurance: opts.assurance ?? 'registry',
    });
    if (created) break;
    if (attempt === 5) throw new Error('test citizen not created (NIK or contact taken five times)');
  }
  const id = (await findCitizenId({ ...ctx, tenant }, { identifier: email }))!;
  const session = await createSession(t.db.app, tenant.id, { kind: 'citizen', id }, t.now());
  await resolveSession(t.db.app, tenant.id, session.token, t.now());
  return { cookie: `${SESSION_COOKIE}=${session.token}`, id, birthDate, nik, name: `Warga ${n}`, csrf: csrfTokenForSession(deriveKey(TEST_APP_SECRET, 'csrf'), session.id) };
}

/** A PDF file-type recognises (header, body, trailer), padded to `size` bytes. */
export function pdf(size = 2000, marker = ''): Buffer {
  const head = Buffer.from(`%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n${marker}`);
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}

/** Uploads files to an upload field of a service's form as the citizen (the API's multipart route). */
export function uploadTo(
  t: TestApp,
  slug: string,
  citizen: Pick<TestCitizen, 'cookie' | 'csrf'>,
  serviceId: string,
  fieldId: string,
  files: { filename: string; data: Buffer; type?: string }[] = [{ filename: 'scan.pdf', data: pdf() }],
) {
  const { payload, type } = multipartBody({}, files.map((f) => ({ name: 'file', type: f.type ?? 'application/pdf', ...f })));
  return t.app.inject({
    method: 'POST',
    url: `/t/${slug}/api/v1/me/application-drafts/${serviceId}/files/${fieldId}?_csrf=${encodeURIComponent(citizen.csrf)}`,
    headers: { 'content-type': type, cookie: citizen.cookie },
    payload,
  });
}

/** One uploaded PDF for every upload field of the form: field id → the references to put in answers. */
export async function uploadsFor(t: TestApp, slug: string, citizen: Pick<TestCitizen, 'cookie' | 'csrf'>, service: Pick<PublishedService, 'serviceId' | 'form'>) {
  const files: Record<string, FileRef[]> = {};
  for (const group of service.form.groups) {
    for (const field of group.fields) {
      if (field.type !== 'file') continue;
      const res = await uploadTo(t, slug, citizen, service.serviceId, field.id);
      if (res.statusCode !== 201) throw new Error(`upload to ${field.id}: ${res.statusCode} ${res.body}`);
      files[field.id] = (res.json().items as (FileRef & { state: string })[]).map(({ fileId, name, mime, size }) => ({ fileId, name, mime, size }));
    }
  }
  return files;
}

/** Valid answers to every field of a form (files: the uploads given, by field id — uploadsFor; ticks ticked). */
export function answersFor(form: FormDefinition, files: Record<string, FileRef[]> = {}): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const group of form.groups) {
    const item: Record<string, unknown> = {};
    for (const field of group.fields) {
      switch (field.type) {
        case 'file':
          item[field.id] = files[field.id] ?? [];
          break;
        case 'checkbox':
          item[field.id] = true;
          break;
        case 'date':
          item[field.id] = '2024-02-29';
          break;
        case 'number':
        case 'rupiah':
          item[field.id] = 1000;
          break;
        case 'select':
          item[field.id] = field.options![0]!.value;
          break;
        case 'multi_select':
          item[field.id] = [field.options![0]!.value];
          break;
        case 'nik':
          item[field.id] = '7371014101900001';
          break;
        case 'region':
          item[field.id] = '73.71.01.1001';
          break;
        case 'address':
          item[field.id] = { street: 'Jl. Sombaopu 1', regionCode: '73.71.01.1001' };
          break;
        case 'phone':
          item[field.id] = '081234567890';
          break;
        case 'email':
          item[field.id] = 'warga@contoh.id';
          break;
        case 'map_point':
          item[field.id] = { lat: -5.14, lng: 119.43 };
          break;
        default:
          item[field.id] = 'Isian uji';
      }
    }
    if (group.repeatable) answers[group.id] = [item];
    else Object.assign(answers, item);
  }
  return answers;
}

/** Passes every file but those carrying the test marker GERBANG-TEST-MALWARE. */
const markerScanner: FileScanner = {
  describe: async () => 'test scanner',
  async scan(stream) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).includes('GERBANG-TEST-MALWARE') ? { verdict: 'infected', threat: 'Gerbang.Test.Marker' } : { verdict: 'clean' };
  },
};

/** Runs the queued malware scans of the files stored in `filesDir` (the app's FILES_DIR) to the end. */
export async function runFileScans(t: TestApp, filesDir: string) {
  const store = createLocalFileStore(filesDir);
  const quiet = { info() {}, warn() {}, error() {} } as never;
  const runner = createJobRunner(t.db.app, fileJobHandlers({ store, scanner: markerScanner, audit: t.audit }), { log: quiet, now: () => new Date(Date.now() + 1000), kinds: [SCAN_JOB, REMOVE_JOB] });
  while (await runner.runOnce());
}

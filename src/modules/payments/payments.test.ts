// Payments' core on a real database: a fee rule bills an application at its payment step; the sandbox
// bank takes the money and its signed notification is stored in the inbox and answered; the job that
// processes it (run here as the runner would) credits the ledger once and moves the application on in
// the same transaction — however often it is delivered, in whatever order; forged, stale and unknown
// notifications write nothing; an unconfirmed one credits nothing and is listed for the treasurer; a
// gateway outage is retried; late payments follow the tenant's rule; a fee of 0 passes the step;
// another tenant, another citizen and a role without the right are refused.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { applicationTestContext, answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../../../test/applications.js';
import { signInAs, tenantContextOf } from '../../../test/auth.js';
import { loadConfig } from '../../config.js';
import { sql, withTenant } from '../../db/index.js';
import { createJobRunner, enqueueJob } from '../../platform/jobs/index.js';
import type { FormDefinition } from '../applications/index.js';
import { formWithOptionalUploads, payFirstWorkflow } from '../../../test/payments.js';
import { type FeeRule, getServiceDraft, listAgencyServices, publishService, updateDraft } from '../catalog/index.js';
import { listIrregularityFlags, scanTenant } from '../oversight/index.js';
import { listAgencies } from '../tenancy/index.js';
import { payAtSandboxBank, sandboxNotification, SANDBOX_NOTIFY_JOB } from './gateways/sandbox/bank.js';
import { sandboxSigningKey, signSandboxNotification } from './gateways/sandbox/gateway.js';
import { EXPIRE_JOB, WAIVE_JOB } from './invoices/service.js';
import { systemPaymentContext } from './invoices/context.js';
import { paymentJobHandlers } from './invoices/jobs.js';
import { PROCESS_NOTICE_ATTEMPTS, PROCESS_NOTICE_JOB, processPaymentNotice, unconfirmedReason } from './notifications/service.js';
import { insertNoticeOnce, selectLedgerOf } from './notifications/store.js';
import { listNoticesNotCredited, noticeReasonText } from './treasury/reports.js';

let t: TestApp;
let service: PublishedService;
let free: PublishedService;
let citizen: TestCitizen;
let other: TestCitizen;
let makassarId: string;
const officers: Record<string, string> = {};
const M = '/t/makassar';
const json = (cookie?: string) => ({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}) });
const quiet = { info() {}, warn() {}, error() {} } as never;

const withArea = (requirements: string[]): FormDefinition => {
  const form = formWithOptionalUploads(requirements);
  return { ...form, groups: [{ id: 'bangunan', title: { id: 'Bangunan', en: 'Building' }, fields: [{ id: 'luas', type: 'number', label: { id: 'Luas (m²)', en: 'Area (m²)' }, required: true }] }, ...form.groups] };
};

const perM2: FeeRule = { kind: 'per_unit', unitPrice: 10_000, field: 'luas', unit: { id: 'm²', en: 'm²' }, minimum: 50_000 };

/** Gives a demo service a fee (and rule) in its draft, then its form and workflow, and publishes it. */
async function publishWithFee(code: string, fee: number, feeRule: FeeRule | null) {
  const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: randomUUID() });
  const agency = (await listAgencies(t.db.app, ctx.tenant)).find((a) => a.code === 'dpmptsp')!;
  const found = (await listAgencyServices(ctx, agency.id)).find((s) => s.code === code)!;
  const draft = await getServiceDraft(ctx, found.id);
  await updateDraft(ctx, found.id, { ...draft.draft, fee, feeRule });
  return publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code, workflow: payFirstWorkflow(), form: withArea });
}

async function apply(svc: PublishedService, who = citizen, luas = 12): Promise<string> {
  const answers = { ...answersFor(svc.form), luas };
  const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: json(who.cookie), payload: { serviceId: svc.serviceId, answers } });
  if (res.statusCode !== 201) throw new Error(`apply: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

async function invoiceOf(applicationId: string, who = citizen) {
  const page = await t.app.inject({ url: `${M}/tagihan/permohonan/${applicationId}`, headers: { cookie: who.cookie } });
  expect(page.statusCode).toBe(303);
  const number = String(page.headers.location).split('/').pop()!;
  const res = await t.app.inject({ url: `${M}/api/v1/payments/invoices/${number}`, headers: json(who.cookie) });
  expect(res.statusCode).toBe(200);
  return res.json() as { number: string; status: string; amount: number; feeBasis: Record<string, unknown>; bills: { channel: string; vaNumber: string | null; qrisPayload: string | null; checkoutUrl: string | null }[] };
}

async function bankCtx(now = () => new Date()) {
  return applicationTestContext(t, 'makassar', { kind: 'anonymous' }, now);
}

/** The sandbox's signed notification of a recorded payment, signed at `at`. */
async function notification(eventId: string, at = new Date()) {
  const tenant = (await bankCtx()).tenant;
  return withTenant(t.db.app, tenant.id, async (trx) => (await sandboxNotification(trx, TEST_APP_SECRET, tenant.id, eventId, at))!);
}

/** A body signed with the sandbox's key, as a forger who stole it (or a buggy gateway) would send. */
function resigned(body: { eventId: string }) {
  const raw = JSON.stringify(body);
  const ts = new Date().toISOString();
  return { body: raw, headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': signSandboxNotification(sandboxSigningKey(TEST_APP_SECRET, makassarId), ts, raw), 'x-event-id': body.eventId } };
}

function deliver(message: { body: string; headers: Record<string, string> }, slug = 'makassar') {
  return t.app.inject({ method: 'POST', url: `/t/${slug}/api/v1/payments/notifications/sandbox`, headers: message.headers, payload: message.body });
}

async function ledger(number: string) {
  const tenant = (await bankCtx()).tenant;
  return withTenant(t.db.app, tenant.id, async (trx) => {
    const invoice = await trx.selectFrom('payment_invoices').select(['id', 'status']).where('number', '=', number).executeTakeFirstOrThrow();
    const events = await trx.selectFrom('payment_gateway_events').select(['event_id', 'outcome']).where('invoice_id', '=', invoice.id).execute();
    return { status: invoice.status, entries: await selectLedgerOf(trx, tenant.id, invoice.id), events };
  });
}

async function applicationStatus(id: string, who = citizen) {
  return (await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: json(who.cookie) })).json() as { status: string; applicantTodo: string | null; steps: { stepId: string }[] };
}

async function runJobs(kind: string, now = () => new Date(), config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })) {
  const handlers = paymentJobHandlers({ config, db: t.db.app, audit: t.audit, appSecret: TEST_APP_SECRET, now });
  const runner = createJobRunner(t.db.app, handlers, { log: quiet, now: () => new Date(now().getTime() + 1000), kinds: [kind] });
  while (await runner.runOnce());
}

/** The inbox's jobs, run as the serve process's runner would: every stored notice confirmed and booked. */
const processNotices = (now = () => new Date()) => runJobs(PROCESS_NOTICE_JOB, now);

const eventOf = (message: { body: string }) => (JSON.parse(message.body) as { eventId: string }).eventId;

/** A notice in the inbox (status, outcome) and how many processing jobs it has and in what state. */
async function inbox(eventId: string) {
  const notice = await withTenant(t.db.app, makassarId, (trx) => trx.selectFrom('payment_notification_inbox').select(['status', 'outcome']).where('tenant_id', '=', makassarId).where('event_id', '=', eventId).executeTakeFirst());
  const jobs = await t.db.owner.selectFrom('jobs').select(['state', 'attempts', 'last_error']).where('kind', '=', PROCESS_NOTICE_JOB).where(sql<string>`payload->>'eventId'`, '=', eventId).execute();
  return { notice, jobs };
}

/** Delivers a notice (answered "received" at once), then runs its job; the booking's outcome. */
async function deliverAndProcess(message: { body: string; headers: Record<string, string> }) {
  const answer = await deliver(message);
  expect(answer.statusCode, answer.body).toBe(200);
  expect(answer.json()).toEqual({ outcome: 'received' });
  await processNotices();
  return (await inbox(eventOf(message))).notice?.outcome;
}

async function payInFull(number: string, channel: 'va' | 'qris' = 'va', amount?: number) {
  const invoice = (await t.app.inject({ url: `${M}/api/v1/payments/invoices/${number}`, headers: json(citizen.cookie) })).json();
  const bill = invoice.bills.find((b: { channel: string }) => b.channel === channel);
  return payAtSandboxBank(await bankCtx(), { code: channel === 'va' ? bill.vaNumber : bill.qrisPayload, ...(amount ? { amount } : {}) });
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  service = await publishWithFee('pbg', 0, perM2);
  free = await publishWithFee('nib', 0, null);
  citizen = await citizenWithProfile(t, 'makassar');
  makassarId = (await bankCtx()).tenant.id;
  other = await citizenWithProfile(t, 'makassar');
  const officer = async (name: string, grants: { role: 'treasurer' | 'verifier' | 'tenant_admin'; agency?: string }[], slug = 'makassar') => {
    officers[name] = (await signInAs(t, slug, { kind: 'officer', grants })).cookie;
  };
  await officer('treasurer', [{ role: 'treasurer', agency: 'dpmptsp' }]);
  await officer('verifier', [{ role: 'verifier', agency: 'dpmptsp' }]);
  await officer('otherAgency', [{ role: 'treasurer', agency: 'dinkes' }]);
  await officer('otherTenant', [{ role: 'tenant_admin' }], 'jateng');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('fees', () => {
  it('bills the fee rule of the version the application was made under, with its basis', async () => {
    const id = await apply(service, citizen, 12);
    const invoice = await invoiceOf(id);
    expect(invoice).toMatchObject({ status: 'open', amount: 120_000, feeBasis: { rule: 'per_unit', unitPrice: 10_000, quantity: 12, field: 'luas' } });
    expect(invoice.bills.map((b) => b.channel).sort()).toEqual(['ewallet', 'qris', 'va']);
    expect((await applicationStatus(id)).applicantTodo).toBe('pay');
    const page = await t.app.inject({ url: `${M}/tagihan/${invoice.number}`, headers: { cookie: citizen.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rp120.000');
    expect(page.body).toContain(invoice.bills.find((b) => b.channel === 'va')!.vaNumber!);
    // The application's page links to it.
    expect((await t.app.inject({ url: `${M}/permohonan/${id}`, headers: { cookie: citizen.cookie } })).body).toContain(`/tagihan/permohonan/${id}`);
    // Below the minimum, the minimum.
    expect((await invoiceOf(await apply(service, citizen, 2))).amount).toBe(50_000);
  });

  it('shows the rule on the service page', async () => {
    const page = await t.app.inject(`${M}/layanan/dpmptsp/pbg`);
    expect(page.body).toContain('Rp10.000 per m²');
  });

  it('refuses to publish a rule whose field the form lacks', async () => {
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: randomUUID() });
    const draft = await getServiceDraft(ctx, service.serviceId);
    await updateDraft(ctx, service.serviceId, { ...draft.draft, feeRule: { kind: 'table', field: 'golongan', rows: [{ value: 'a', label: { id: 'A' }, amount: 1000 }] } });
    const refused = await publishService(ctx, service.serviceId).then(
      () => null,
      (e: { status: number; fieldErrors: { field: string }[] }) => e,
    );
    expect(refused?.status).toBe(422);
    expect(refused?.fieldErrors.map((f) => f.field)).toContain('/feeRule/field');
    await updateDraft(ctx, service.serviceId, { ...draft.draft, feeRule: perM2 });
  });

  it('passes the payment step of a free service without an invoice (a job records it as paid)', async () => {
    const id = await apply(free);
    expect((await t.app.inject({ url: `${M}/tagihan/permohonan/${id}`, headers: { cookie: citizen.cookie } })).statusCode).toBe(404);
    await runJobs(WAIVE_JOB);
    const after = await applicationStatus(id);
    expect(after.applicantTodo).toBeNull();
    expect(after.steps.map((s) => s.stepId)).toEqual(['check']);
  });
});

describe('notifications', () => {
  it('credits once, marks the invoice paid and moves the application on; the receipt appears', async () => {
    const id = await apply(service);
    const invoice = await invoiceOf(id);
    const paid = await payInFull(invoice.number, 'qris');
    // Answered once stored: the notice and its job are committed, nothing is booked yet.
    const first = await deliver(await notification(paid.eventId));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ outcome: 'received' });
    expect(await inbox(paid.eventId)).toEqual({ notice: { status: 'received', outcome: null }, jobs: [expect.objectContaining({ state: 'queued' })] });
    expect((await ledger(invoice.number)).entries).toEqual([]);
    // Meanwhile the payer's invoice page says the payment is being recorded.
    const invoicePage = async () => (await t.app.inject({ url: `${M}/tagihan/${invoice.number}`, headers: { cookie: citizen.cookie } })).body;
    expect(await invoicePage()).toContain('id="being-recorded"');
    // A replay gets the same answer and changes nothing: no second notice, no second job.
    const again = await deliver(await notification(paid.eventId));
    expect(again.json()).toEqual({ outcome: 'received' });
    expect((await inbox(paid.eventId)).jobs).toHaveLength(1);
    await processNotices();
    expect(await inbox(paid.eventId)).toEqual({ notice: { status: 'processed', outcome: 'credited' }, jobs: [expect.objectContaining({ state: 'done' })] });
    expect(await invoicePage()).not.toContain('id="being-recorded"');
    expect(await invoicePage()).toContain('Tagihan ini sudah lunas.');
    // …also once it is booked.
    expect((await deliver(await notification(paid.eventId))).json()).toEqual({ outcome: 'received' });
    expect((await inbox(paid.eventId)).jobs).toHaveLength(1);
    const books = await ledger(invoice.number);
    expect(books.status).toBe('paid');
    expect(books.entries).toEqual([expect.objectContaining({ kind: 'credit', amount: 120_000, channel: 'qris', reason: null })]);
    const app = await applicationStatus(id);
    expect(app.applicantTodo).toBeNull();
    expect(app.steps.map((s) => s.stepId)).toEqual(['check']);
    const receipt = await t.app.inject({ url: `${M}/tagihan/${invoice.number}/bukti`, headers: { cookie: citizen.cookie } });
    expect(receipt.statusCode, receipt.body.slice(0, 2000)).toBe(200);
    expect(receipt.body).toContain('Rp120.000');
    expect(receipt.body).toContain('QRIS');
    // It names the application it paid for: the service and the tracking number, each on its own line.
    const { trackingNumber } = (await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: json(citizen.cookie) })).json() as { trackingNumber: string };
    const serviceName = (await getServiceDraft(await bankCtx(), service.serviceId)).draft.name.id;
    expect(receipt.body).toMatch(new RegExp(`<dt>Nomor pelacakan permohonan</dt><dd>${trackingNumber}</dd>`));
    expect(receipt.body).toContain(`<dt>Layanan</dt><dd>${serviceName}</dd>`);
    // …and as a PDF naming the payer; another citizen's request for it is a 404.
    const pdf = await t.app.inject({ url: `${M}/tagihan/${invoice.number}/bukti.pdf`, headers: { cookie: citizen.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload }).toString('utf8');
    expect(text).toMatch(new RegExp(`Nomor pelacakan\\s+${trackingNumber}`));
    expect(text).toMatch(new RegExp(`Layanan\\s+${serviceName.replace(/[()]/g, '\\$&')}`));
    expect(text).toContain(invoice.number);
    expect(text).toContain('Rp120.000');
    expect(text).toContain(citizen.name);
    expect((await t.app.inject({ url: `${M}/tagihan/${invoice.number}/bukti.pdf`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
  });

  it('leaves exactly one ledger entry when the same notification arrives 100 times at once', async () => {
    const invoice = await invoiceOf(await apply(service));
    const paid = await payInFull(invoice.number);
    const message = await notification(paid.eventId);
    const answers = await Promise.all(Array.from({ length: 100 }, () => deliver(message)));
    expect(new Set(answers.map((a) => `${a.statusCode} ${a.body}`))).toEqual(new Set(['200 {"outcome":"received"}']));
    expect((await inbox(paid.eventId)).jobs).toHaveLength(1);
    await processNotices();
    const books = await ledger(invoice.number);
    expect(books.entries).toHaveLength(1);
    expect(books.events).toHaveLength(1);
  });

  it('reaches the same books whatever order a credit, a second payment, a short payment and a replay arrive in', async () => {
    // Every order: the 12 distinct sequences of the four deliveries (the replay is the credit's twin).
    const permutations = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    const orders = [...new Map(permutations([0, 1, 2, 3]).map((o) => [o.map((i) => (i === 3 ? 0 : i)).join(), o])).values()];
    expect(orders).toHaveLength(12);
    for (const order of orders) {
      const invoice = await invoiceOf(await apply(service));
      const full = await payInFull(invoice.number, 'va');
      const twice = await payInFull(invoice.number, 'qris');
      const short = await payInFull(invoice.number, 'va', 1_000);
      const messages = [await notification(full.eventId), await notification(twice.eventId), await notification(short.eventId), await notification(full.eventId)];
      for (const i of order) expect((await deliver(messages[i]!)).statusCode).toBe(200);
      await processNotices();
      const books = await ledger(invoice.number);
      expect(books.status).toBe('paid');
      const summary = books.entries.map((e) => `${e.kind}:${e.amount}:${e.reason ?? ''}`).sort();
      expect(summary).toEqual(['credit:120000:', 'held:1000:amount_mismatch', 'held:120000:duplicate_payment']);
      expect(books.events).toHaveLength(3);
    }
  }, 120_000); // twelve applications, each billed, paid three times and booked: over 30 s on a loaded machine (load 15 on 2 cores)

  it('refuses a forged signature, a stale timestamp and an unknown invoice, writing nothing; credits nothing unconfirmed', async () => {
    const invoice = await invoiceOf(await apply(service));
    const paid = await payInFull(invoice.number);
    const good = await notification(paid.eventId);
    const forged = await deliver({ ...good, body: good.body.replace('"amount":120000', '"amount":12000') });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    const stale = await deliver(await notification(paid.eventId, new Date(Date.now() - 6 * 60_000)));
    expect(stale.statusCode).toBe(401);
    // Signed with the sandbox's key, but no payment the bank recorded: the status query does not confirm it.
    const invented = JSON.parse(good.body);
    invented.eventId = 'SBX-EVT-invented';
    // Held (the bank cannot be told "not confirmed" before we ask it), then found unconfirmed by the job.
    expect(await deliverAndProcess(resigned(invented))).toBe('not_listed');
    expect(await inbox(invented.eventId)).toEqual({ notice: { status: 'not_confirmed', outcome: 'not_listed' }, jobs: [expect.objectContaining({ state: 'done' })] });
    const unknownBody = { ...JSON.parse(good.body), eventId: 'SBX-EVT-unknown-invoice', invoiceNumber: 'TGH-2222-2222' };
    const unknown = await deliver(resigned(unknownBody));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(await inbox(unknownBody.eventId)).toEqual({ notice: undefined, jobs: [] });
    // Another tenant's endpoint knows another key.
    expect((await deliver(good, 'jateng')).statusCode).toBe(401);
    expect(await inbox(paid.eventId)).toEqual({ notice: undefined, jobs: [] });
    expect((await ledger(invoice.number)).entries).toEqual([]);
    expect((await ledger(invoice.number)).status).toBe('open');
    // The treasurer sees the unconfirmed notice, in words; an officer of another agency does not.
    const kas = await t.app.inject({ url: `${M}/petugas/kas`, headers: { cookie: officers.treasurer! } });
    expect(kas.statusCode).toBe(200);
    const listed = kas.body.slice(kas.body.indexOf('id="notices"'));
    expect(listed).toContain(invoice.number);
    expect(listed).toContain('gateway tidak mencatat pembayaran ini');
    expect((await t.app.inject({ url: `${M}/petugas/kas`, headers: { cookie: officers.otherAgency! } })).body).not.toContain(invoice.number);
  });

  it('keeps a notice while the gateway is away: the job is retried with back-off, then books it', async () => {
    const invoice = await invoiceOf(await apply(service));
    const paid = await payInFull(invoice.number);
    expect((await deliver(await notification(paid.eventId))).json()).toEqual({ outcome: 'received' });
    // The gateway's status query fails: the job's transaction rolls back and the runner schedules a retry.
    const deps = { config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db: t.db.app, audit: t.audit, appSecret: TEST_APP_SECRET, now: () => new Date() };
    const away = createJobRunner(
      t.db.app,
      {
        [PROCESS_NOTICE_JOB]: async (job, trx) => {
          const ctx = systemPaymentContext(deps, trx, (await bankCtx()).tenant, deps.now);
          const down = { ...ctx, gateway: (s: Parameters<typeof ctx.gateway>[0]) => ({ ...ctx.gateway(s), queryStatus: () => Promise.reject(new Error('gateway unreachable')) }) };
          await withTenant(trx, makassarId, () => processPaymentNotice(down, trx, job.payload as { gateway: string; eventId: string }));
        },
      },
      { log: quiet, kinds: [PROCESS_NOTICE_JOB] },
    );
    expect(await away.runOnce()).toBe(true);
    expect(await inbox(paid.eventId)).toEqual({ notice: { status: 'received', outcome: null }, jobs: [{ state: 'queued', attempts: 1, last_error: 'gateway unreachable' }] });
    expect((await ledger(invoice.number)).entries).toEqual([]);
    // The treasurer is shown it once it has waited over 15 minutes, not before.
    const waiting = async (minutes: number) =>
      (await listNoticesNotCredited(await bankCtx(() => new Date(Date.now() + minutes * 60_000)), null)).filter((n) => n.eventId === paid.eventId).map((n) => `${n.invoiceNumber}: ${noticeReasonText('id', n)}`);
    expect(await waiting(0)).toEqual([]);
    expect(await waiting(16)).toEqual([`${invoice.number}: menunggu konfirmasi gateway (dicoba ulang otomatis)`]);
    // An hour later (past the back-off) the gateway answers and the payment is booked.
    await processNotices(() => new Date(Date.now() + 3_600_000));
    expect(await inbox(paid.eventId)).toEqual({ notice: { status: 'processed', outcome: 'credited' }, jobs: [expect.objectContaining({ state: 'done', attempts: 1 })] });
    expect((await ledger(invoice.number)).entries).toEqual([expect.objectContaining({ kind: 'credit' })]);
  });

  it('confirms a notice only when the gateway’s bill is this invoice’s and lists this payment with this amount', () => {
    const notice = { eventId: 'E1', gatewayRef: 'R1', invoiceNumber: 'TGH-AAAA-AAAA', amount: 5000, channel: 'va' as const, paidAt: new Date() };
    const status = (invoiceNumber: string, payments: { eventId: string; amount: number }[]) => ({ gatewayRef: 'R1', invoiceNumber, state: 'paid' as const, payments: payments.map((p) => ({ ...p, paidAt: new Date(), channel: 'va' as const })) });
    const cases: [ReturnType<typeof status>, string | null][] = [
      [status('TGH-AAAA-AAAA', [{ eventId: 'E1', amount: 5000 }]), null],
      [status('TGH-AAAA-AAAA', [{ eventId: 'E0', amount: 5000 }, { eventId: 'E1', amount: 5000 }]), null],
      [status('TGH-AAAA-AAAA', [{ eventId: 'E1', amount: 4000 }]), 'not_listed'],
      [status('TGH-AAAA-AAAA', [{ eventId: 'E2', amount: 5000 }]), 'not_listed'],
      [status('TGH-AAAA-AAAA', []), 'not_listed'],
      [status('', []), 'not_listed'],
      [status('TGH-BBBB-BBBB', [{ eventId: 'E1', amount: 5000 }]), 'other_invoice'],
    ];
    for (const [answer, expected] of cases) expect(unconfirmedReason(notice, answer)).toBe(expected);
  });

  it('stores a notice in one statement that keeps row-level security, queues the runner’s job row and puts back an enclosing tenant', async () => {
    const invoice = await invoiceOf(await apply(service));
    const jatengId = (await t.db.owner.selectFrom('tenants').select('id').where('slug', '=', 'jateng').executeTakeFirstOrThrow()).id;
    const notice = (eventId: string) => ({ eventId, gatewayRef: 'SBX-REF-1', invoiceNumber: invoice.number, amount: 120_000, channel: 'va' as const, paidAt: new Date(), gateway: 'sandbox', receivedAt: new Date() });
    const job = { kind: PROCESS_NOTICE_JOB, maxAttempts: PROCESS_NOTICE_ATTEMPTS };
    // Outside a transaction the setting ends with the statement (one connection: the same session).
    await t.db.app.connection().execute(async (conn) => {
      expect(await insertNoticeOnce(conn, makassarId, notice('SBX-EVT-once-1'), job)).toBe('received');
      expect(await insertNoticeOnce(conn, makassarId, notice('SBX-EVT-once-1'), job)).toBe('duplicate');
      // Another tenant does not know the invoice: nothing is written.
      expect(await insertNoticeOnce(conn, jatengId, notice('SBX-EVT-once-2'), job)).toBe('unknown_invoice');
      const { rows: [after] } = await sql<{ tenant: string | null }>`select nullif(current_setting('gerbang.tenant_id', true), '') as tenant`.execute(conn);
      expect(after?.tenant ?? null).toBeNull();
      expect(await conn.selectFrom('payment_notification_inbox').select('event_id').executeTakeFirst()).toBeUndefined();
    });
    // Inside a transaction, the enclosing tenant's setting stays.
    await withTenant(t.db.app, jatengId, async (trx) => {
      expect(await insertNoticeOnce(trx, makassarId, notice('SBX-EVT-once-3'), job)).toBe('received');
      const { rows: [inside] } = await sql<{ tenant: string }>`select current_setting('gerbang.tenant_id') as tenant`.execute(trx);
      expect(inside?.tenant).toBe(jatengId);
      expect(await trx.selectFrom('payment_notification_inbox').select('event_id').where('event_id', '=', 'SBX-EVT-once-3').executeTakeFirst()).toBeUndefined();
    });
    expect(await inbox('SBX-EVT-once-2')).toEqual({ notice: undefined, jobs: [] });
    // The job row is the one enqueueJob writes, as the runner claims it.
    const rows = await t.db.owner.selectFrom('jobs').selectAll().where('kind', '=', PROCESS_NOTICE_JOB).where(sql<string>`payload->>'eventId'`, 'in', ['SBX-EVT-once-1', 'SBX-EVT-once-3']).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ tenant_id: makassarId, state: 'queued', attempts: 0, max_attempts: PROCESS_NOTICE_ATTEMPTS, priority: 0, dedupe_key: null, payload: { gateway: 'sandbox', eventId: expect.any(String) } });
    // The sandbox bank never saw these payments: the job finds them not confirmed.
    await processNotices();
    expect((await inbox('SBX-EVT-once-1')).notice).toEqual({ status: 'not_confirmed', outcome: 'not_listed' });
  });

  it('holds a payment of the wrong amount and keeps the invoice open; the auditors’ next scan flags it', async () => {
    const invoice = await invoiceOf(await apply(service));
    const short = await payInFull(invoice.number, 'va', 100_000);
    expect(await deliverAndProcess(await notification(short.eventId))).toBe('amount_mismatch');
    const books = await ledger(invoice.number);
    expect(books.status).toBe('open');
    expect(books.entries).toEqual([expect.objectContaining({ kind: 'held', amount: 100_000, reason: 'amount_mismatch' })]);
    // Oversight reads the hold from the audit chain (docs/oversight.md): its scan raises a
    // payment_amount flag on this invoice, the whole way through the sandbox bank and the job.
    await t.audit.flush(t.db.app);
    await scanTenant(await tenantContextOf(t, 'makassar', { kind: 'system', id: 'oversight.scan' }));
    const { id } = await t.db.owner.selectFrom('payment_invoices').select('id').where('number', '=', invoice.number).executeTakeFirstOrThrow();
    const flags = (await listIrregularityFlags(await tenantContextOf(t, 'makassar'), { limit: 100 })).flags;
    expect(flags.filter((f) => f.kind === 'payment_amount').map((f) => f.invoiceId)).toContain(id);
  });
});

describe('late payments, cancellation and re-issue', () => {
  async function setLateRule(rule: 'accept' | 'refund') {
    await t.db.owner
      .insertInto('payment_settings')
      .values({ tenant_id: makassarId, gateway: 'sandbox', late_payment: rule, updated_at: new Date() })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ late_payment: rule }))
      .execute();
  }

  it('expires open invoices past their time; a late payment is held for refund under the refund rule', async () => {
    await setLateRule('refund');
    const invoice = await invoiceOf(await apply(service));
    await enqueueJob(t.db.app, { kind: EXPIRE_JOB });
    await runJobs(EXPIRE_JOB, () => new Date(Date.now() + 73 * 3_600_000));
    expect((await ledger(invoice.number)).status).toBe('expired');
    const late = await payInFull(invoice.number);
    expect(await deliverAndProcess(await notification(late.eventId))).toBe('late_held_for_refund');
    const books = await ledger(invoice.number);
    expect(books.status).toBe('expired');
    expect(books.entries).toEqual([expect.objectContaining({ kind: 'held', reason: 'late_refund' })]);
  });

  it('credits a payment on a cancelled invoice under the accept rule and moves the application on', async () => {
    await setLateRule('accept');
    const id = await apply(service);
    const invoice = await invoiceOf(id);
    const cancelled = await t.app.inject({ method: 'POST', url: `${M}/api/v1/payments/invoices/${invoice.number}/cancellation`, headers: json(officers.treasurer), payload: { reason: 'Luas bangunan salah' } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Luas bangunan salah' });
    const late = await payInFull(invoice.number);
    expect(await deliverAndProcess(await notification(late.eventId))).toBe('late_accepted');
    expect((await ledger(invoice.number)).entries).toEqual([expect.objectContaining({ kind: 'credit' })]);
    expect((await applicationStatus(id)).applicantTodo).toBeNull();
    await setLateRule('refund');
  });

  it('re-issues a cancelled invoice for the same step, and refuses a second open one', async () => {
    const id = await apply(service);
    const invoice = await invoiceOf(id);
    const twice = await t.app.inject({ method: 'POST', url: `${M}/api/v1/payments/invoices`, headers: json(officers.treasurer), payload: { applicationId: id } });
    expect(twice.statusCode).toBe(409);
    await t.app.inject({ method: 'POST', url: `${M}/api/v1/payments/invoices/${invoice.number}/cancellation`, headers: json(officers.treasurer), payload: { reason: 'Salah hitung' } });
    const reissued = await t.app.inject({ method: 'POST', url: `${M}/api/v1/payments/invoices`, headers: json(officers.treasurer), payload: { replaces: invoice.number, amount: 90_000 } });
    expect(reissued.statusCode).toBe(201);
    expect(reissued.json()).toMatchObject({ status: 'open', amount: 90_000, replaces: invoice.number });
    expect((await invoiceOf(id)).number).toBe(reissued.json().number);
  });
});

describe('the sandbox delivers its notifications over HTTP', () => {
  it('sends the signed notification to the listening app, which stores it; its job credits it', async () => {
    const invoice = await invoiceOf(await apply(service));
    await payInFull(invoice.number, 'qris');
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await runJobs(SANDBOX_NOTIFY_JOB, () => new Date(), loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: address }));
    expect((await ledger(invoice.number)).entries).toEqual([]);
    await processNotices();
    expect((await ledger(invoice.number)).entries).toEqual([expect.objectContaining({ kind: 'credit', channel: 'qris' })]);
  });
});

describe('access', () => {
  it('shows an invoice to its payer and its agency’s treasurer only', async () => {
    const invoice = await invoiceOf(await apply(service));
    const get = (cookie: string, slug = 'makassar') => t.app.inject({ url: `/t/${slug}/api/v1/payments/invoices/${invoice.number}`, headers: json(cookie) });
    expect((await get(officers.treasurer!)).statusCode).toBe(200);
    expect((await get(other.cookie)).statusCode).toBe(404);
    expect((await get(officers.otherAgency!)).statusCode).toBe(404);
    expect([401, 403, 404]).toContain((await get(officers.otherTenant!, 'jateng')).statusCode);
    expect((await t.app.inject({ url: `${M}/tagihan/${invoice.number}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${M}/tagihan/${invoice.number}/bukti`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${M}/tagihan/${invoice.number}` })).statusCode).toBe(401);
  });

  it('lets only an officer who may issue at the agency issue or cancel', async () => {
    const id = await apply(service);
    const invoice = await invoiceOf(id);
    const cancel = (cookie: string, slug = 'makassar') =>
      t.app.inject({ method: 'POST', url: `/t/${slug}/api/v1/payments/invoices/${invoice.number}/cancellation`, headers: json(cookie), payload: { reason: 'uji' } });
    expect((await cancel(officers.verifier!)).statusCode).toBe(403);
    expect((await cancel(citizen.cookie)).statusCode).toBe(403);
    expect((await cancel(officers.otherAgency!)).statusCode).toBe(403);
    expect([401, 403, 404]).toContain((await cancel(officers.otherTenant!, 'jateng')).statusCode);
    const create = (cookie: string) => t.app.inject({ method: 'POST', url: `${M}/api/v1/payments/invoices`, headers: json(cookie), payload: { applicationId: id } });
    expect((await create(officers.verifier!)).statusCode).toBe(403);
    expect((await create(officers.otherAgency!)).statusCode).toBe(403);
    expect((await ledger(invoice.number)).status).toBe('open');
  });
});

// Every page, as every kind of person, on a 360 px phone (issue 16): no horizontal scrolling of the
// page and nothing axe-core (WCAG 2.1 A/AA) objects to. The pages are not listed by hand: they are the
// GET routes registered for HTML (app.gerbangRoutes: hidden from the OpenAPI document), so a new page
// is checked the day it is added. Path parameters are filled with real ids taken from the links of the
// pages already visited (the catalogue's services, a report's tracking number, an officer, a template).
// Where its time goes (measured 2026-12-05, shared 2-core machine): axe-core, about 7 s a run; so the
// width is measured on every visit but axe runs once per distinct page skeleton, each person keeps one
// tab with a session opened directly, and requests to other origins (map tiles) are refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  demoCitizenEmail,
  demoOfficerEmail,
  findCitizenId,
  findOfficerId,
  markSecondFactor,
  resolveSession,
  SESSION_COOKIE,
} from '../../src/modules/identity/index.js';
import { ANONYMOUS, can, type Principal, ROLES } from '../../src/platform/auth/index.js';
import type { RegisteredRoute } from '../../src/platform/auth/index.js';
import { presetVerifyApproveIssue } from '../../src/modules/applications/workflow/index.js';
import { getServiceDraft, listAgencyServices, updateDraft } from '../../src/modules/catalog/index.js';
import { paymentJobHandlers } from '../../src/modules/payments/index.js';
import { payAtSandboxBank } from '../../src/modules/payments/gateways/sandbox/bank.js';
import { businessDayOf, dayBefore, reconcileDay } from '../../src/modules/payments/treasury/reconcile.js';
import { loadConfig } from '../../src/config.js';
import { createJobRunner } from '../../src/platform/jobs/index.js';
import { TEST_APP_SECRET } from '../app.js';
import { altchaProof } from '../altcha.js';
import { testForm } from '../application-pages.js';
import { answersFor, applicationTestContext, publishWithSetup } from '../applications.js';
import { agencyIdOf, tenantContextOf } from '../auth.js';
import { formWithOptionalUploads, payFirstWorkflow } from '../payments.js';
import { reportOnlyGateway, seedPayment } from '../payments-ledger.js';
import { seedTestComplaints, verifyThroughApi } from '../complaints.js';
import { documentTestDeps, SIGNING_WORKFLOW } from '../documents.js';
import { listMyDocuments, seedDemoDocuments } from '../../src/modules/documents/index.js';
import { createDocumentShareLink } from '../../src/modules/documents/share-links.js';
import { findKioskService, issueKioskCode } from '../../src/modules/surveys/kiosk.js';
import { listInformation, seedDemoInformationList } from '../../src/modules/information-list/index.js';
import { createInformationRequest } from '../../src/modules/information-requests/index.js';
import { createLocalFileStore } from '../../src/platform/files/index.js';
import { axeAnalyze, chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

const TENANT = 'makassar';
const VIEWPORT = { width: 360, height: 740 };

/**
 * Hidden routes that are not pages (files and downloads, machine formats, the API's own documentation), and the
 * OpenID Provider's protocol endpoints with the development client's two redirects (installation-wide,
 * not under a tenant; its consent page is walked at 360 px with axe by test/e2e/oidc-consent.test.ts).
 */
const NOT_PAGES = [
  /^\/api\//,
  /^\/static\//,
  /^\/open311\//,
  /^\/\.well-known\//,
  /\.(json|jsonld|xml|css|ico|csv|pdf)$/,
  // File downloads: the kas daerah export, receipts and signed documents (their own tests read them).
  /\/unduh$/,
  // An open dataset's resource download, CSV or JSON (src/modules/open-data/open-data.test.ts reads it).
  /\/unduh\/:format$/,
  // A service's document preview is a PDF (src/modules/documents/template.test.ts reads it).
  /\/dokumen-contoh$/,
  /^\/(healthz|readyz|metrics)$/,
  /^\/oidc\//,
  /^\/dev\/oidc-client\/(masuk|callback)$/,
];

/**
 * Pages of other modules that fail today, to be fixed in those modules (not by shared CSS): each with
 * what is wrong. The test fails when one of them starts passing, so the list only shrinks.
 */
const KNOWN_FAILURES: Record<string, string> = {
  // None today: the complaint detail and the officer lists fit since the shared CSS (styles.css) breaks
  // long words and scrolls tables inside their region.
};

/**
 * EVERY_PAGE_ONLY: a regular expression on the route (e.g. `permohonan`): only the pages it matches are
 * walked (the pages without parameters among them first, then the others from their links and the
 * direct ids below) — to check one module's pages without the whole walk's 18 minutes.
 */
const ONLY = process.env.EVERY_PAGE_ONLY ? new RegExp(process.env.EVERY_PAGE_ONLY) : undefined;

/** Routes visited with no page found to take a real id from: none may be left unvisited but these. */
const UNREACHABLE: Record<string, string> = {
  // Opened from the link in the PPID decision's e-mail; only the token's SHA-256 is stored, so the walk
  // cannot make the URL (answers.test.ts opens it through the e-mail's text).
  '/informasi-publik/jawaban/:token': 'only through the link in the decision e-mail',
  // The walk's data holds no published dataset page link it follows (test/e2e/open-data.test.ts walks
  // the dataset pages at 360 px with axe-core).
  '/data/:name': 'dataset pages are walked by test/e2e/open-data.test.ts',
  // Flags appear after the oversight scan has read sequenced audit entries; the walk's data has none.
  '/kelola/pengawasan/:id': 'no irregularity flag in the walk\'s data',
  // Opens only while an officer acts for a citizen at the counter (test/e2e/identity-counter.test.ts).
  '/bantuan-petugas': 'only during assistance at the counter',
  // A service area exists only after a coordinator draws one (no demo data has one).
  '/petugas/pengaduan/wilayah-layanan/:id/ubah': 'no service area in the demo data',
  '/petugas/pengaduan/wilayah-layanan/:id/hapus': 'no service area in the demo data',
  // Shown once, right after the audited reveal (a POST with a reason); otherwise it sends back to the
  // report (the reveal: src/modules/complaints/handling tests).
  '/pengaduan/:ref/identitas': 'only right after an audited reveal of a confidential report',
  // The comments page of a draft opens only while a service's draft is open for comments (none in the demo catalogue).
  '/layanan/draf/:id': 'no draft open for comments in the demo data',
};

interface Person {
  name: string;
  principal: Principal;
  /** One tab per person, reused for every page it visits (a new tab per visit cost more than the visit). */
  page: Page;
  /** Same-tenant paths in the links this person was shown: path parameters are filled from them. */
  seen: Set<string>;
}

const pattern = (url: string) => new RegExp(`^${url.replace(/:[A-Za-z]+/g, '[^/?#]+')}$`);

/**
 * What axe-core judges on a page, without what differs from one person or visit to the next (tokens,
 * links' targets, dates): the elements in order with their ids, classes, roles, ARIA, form and table
 * attributes, and whether they have text. Two visits of a route that render the same skeleton get the
 * same verdict from axe, so axe runs once per skeleton (the width is measured on every visit).
 */
function skeleton(): string {
  const kept = /^(id|class|role|type|for|lang|name|scope|headers|colspan|rowspan|tabindex|aria-[a-z]+|alt|disabled|hidden|required|open)$/;
  return Array.from(document.querySelectorAll('html, body *'), (el) => {
    const attrs = Array.from(el.attributes, (a) => (kept.test(a.name) ? `${a.name}=${a.value}` : a.name)).sort();
    const text = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
    return `${el.tagName}[${attrs.join(',')}]${text ? '+' : ''}`;
  }).join('\n');
}

describe.skipIf(chromiumMissing)('every page at 360 px', () => {
  let j: Journey;
  let pages: RegisteredRoute[];
  const people: Person[] = [];
  const failures = new Map<string, string[]>();
  const visited = new Set<string>();
  /** Skeletons axe has judged, per route. */
  const judged = new Set<string>();

  async function newPerson(name: string, principal: Principal, token?: string): Promise<Person> {
    const context = await j.browser.newContext({ viewport: VIEWPORT });
    if (token) await context.addCookies([{ name: SESSION_COOKIE, value: token, url: j.base }]);
    // Map tiles come from another origin (unreachable here); the page's own files only.
    await context.route((url) => !url.href.startsWith(j.base), (route) => route.abort());
    return { name, principal, page: await context.newPage(), seen: new Set() };
  }

  /**
   * A demo account with a session opened directly (the second factor passed, for an officer): signing
   * in through the pages is tested by the identity journeys, and took most of this walk's set-up.
   */
  async function signedIn(name: string, subject: { kind: 'citizen' | 'officer'; id: string | undefined }): Promise<Person> {
    const { db } = j.t;
    const ctx = await tenantContextOf(j.t, TENANT);
    const now = j.t.now();
    const session = await createSession(db.app, ctx.tenant.id, { kind: subject.kind, id: subject.id! }, now);
    if (subject.kind === 'officer') await markSecondFactor(db.app, ctx.tenant.id, session.id);
    const principal = await resolveSession(db.app, ctx.tenant.id, session.token, now);
    return newPerson(name, principal!, session.token);
  }

  let online: { serviceId: string; firstGroup: string; closedId: string; revisionId: string };
  let sharePath: string;

  /**
   * The demo citizen's demo documents (a valid one and a revoked one: the wallet links their
   * verification pages, the officers' list their pages) and a share link to the valid one, which no
   * page links to (the wallet shows it once, right after it is made).
   */
  async function seedDocuments(): Promise<string> {
    const { deps } = documentTestDeps();
    const docs = await seedDemoDocuments({ db: j.t.db.app, audit: j.t.audit, actor: { kind: 'system', id: 'seed' }, lang: 'id', now: () => j.t.now(), publicBaseUrl: j.base }, deps);
    const valid = docs.find((d) => d.tenant === TENANT && d.state === 'valid')!;
    const citizenId = await findCitizenId(await tenantContextOf(j.t, TENANT), { identifier: demoCitizenEmail(TENANT) });
    const ctx = await tenantContextOf(j.t, TENANT, { kind: 'citizen', id: citizenId! });
    const mine = (await listMyDocuments(ctx)).find((d) => d.number === valid.number)!;
    return (await createDocumentShareLink(ctx, { documentId: mine.id, days: 30 })).path;
  }
  let money: { receipt: string; eWallet: string; invoiceLink: string };
  let signingId: string;
  let informationRequestId: string;
  /** The slip page of a kiosk survey code, made for the online service (its agency's officers open it). */
  let kioskSlip: string;
  /** The demo list of information; the item opened is the overdue berkala one, with its flag. */
  async function seedInformationList(): Promise<string> {
    const files = createLocalFileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-every-page-dip-')));
    await seedDemoInformationList({ db: j.t.db.app, audit: j.t.audit, actor: { kind: 'system', id: 'seed' }, lang: 'id', now: () => j.t.now() }, { files });
    const { items } = await listInformation(await tenantContextOf(j.t, TENANT), { class: 'berkala', agency: 'dpmptsp' });
    return items.find((i) => i.overdue)!.id;
  }
  let informationId: string;

  /**
   * A service of the demo officers' agency taking applications online, the demo citizen's application
   * in it sent back for corrections by the demo verifier, and a new draft of theirs: the applications pages (the
   * apply flow, the applicant's correction page, the officer's view) have real ids to be walked with.
   */
  async function seedOnlineApplication() {
    const service = await publishWithSetup(j.t, { slug: TENANT, agency: 'dpmptsp', code: 'izin-reklame', workflow: presetVerifyApproveIssue(), form: testForm });
    const ctx = await tenantContextOf(j.t, TENANT);
    const cookie = async (kind: 'citizen' | 'officer', id: string | undefined) => {
      const session = await createSession(j.t.db.app, ctx.tenant.id, { kind, id: id! }, j.t.now());
      if (kind === 'officer') await markSecondFactor(j.t.db.app, ctx.tenant.id, session.id);
      return { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${session.token}` };
    };
    const api = `/t/${TENANT}/api/v1/applications`;
    const citizen = await cookie('citizen', await findCitizenId(ctx, { identifier: demoCitizenEmail(TENANT) }));
    const submitted = await j.t.app.inject({ method: 'POST', url: api, headers: citizen, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const verifier = await cookie('officer', await findOfficerId(ctx, { email: demoOfficerEmail(TENANT, 'verifier') }));
    const asked = await j.t.app.inject({ method: 'POST', url: `${api}/${submitted.json().id}/actions`, headers: verifier, payload: { stepId: 'verify', action: 'request_revision', message: 'Foto KTP tidak terbaca.', expectedVersion: 1 } });
    expect(asked.statusCode, asked.body).toBe(200);
    // A second application, rejected at verification: closed, so its applicant is invited to the survey.
    const second = await j.t.app.inject({ method: 'POST', url: api, headers: citizen, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    const rejected = await j.t.app.inject({ method: 'POST', url: `${api}/${second.json().id}/actions`, headers: verifier, payload: { stepId: 'verify', action: 'reject', reason: 'Lokasi reklame di luar zona yang diizinkan.', expectedVersion: 1 } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    // A draft begun again after both were sent (sending one ends the draft), so a group of the form
    // opens (without one, the group pages say so: 404).
    const draft = await j.t.app.inject({ method: 'PUT', url: `/t/${TENANT}/api/v1/me/application-drafts/${service.serviceId}`, headers: citizen, payload: { answers: { nama: 'Warga Demo' } } });
    expect(draft.statusCode, draft.body).toBe(200);
    return { serviceId: service.serviceId, firstGroup: service.form.groups[0]!.id, closedId: second.json().id as string, revisionId: submitted.json().id as string };
  }

  /**
   * Money for the payments pages: a fee-charging service of the demo officers' agency, two applications
   * of the demo citizen waiting at its payment step — one invoice left open (its page offers the
   * simulated bank's e-wallet checkout), one paid through the sandbox bank (its receipt) — and a
   * reconciliation run of yesterday for the demo treasurer.
   */
  async function seedPayments() {
    const ctx = await tenantContextOf(j.t, TENANT);
    const agencyId = await agencyIdOf(j.t, TENANT, 'dpmptsp');
    const nib = (await listAgencyServices(ctx, agencyId)).find((s) => s.code === 'nib')!;
    await updateDraft(ctx, nib.id, { ...(await getServiceDraft(ctx, nib.id)).draft, fee: 150_000, feeRule: null });
    const service = await publishWithSetup(j.t, { slug: TENANT, agency: 'dpmptsp', code: 'nib', workflow: payFirstWorkflow(), form: formWithOptionalUploads });
    const session = await createSession(j.t.db.app, ctx.tenant.id, { kind: 'citizen', id: (await findCitizenId(ctx, { identifier: demoCitizenEmail(TENANT) }))! }, j.t.now());
    const citizen = { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${session.token}` };
    const apply = async () => {
      const res = await j.t.app.inject({ method: 'POST', url: `/t/${TENANT}/api/v1/applications`, headers: citizen, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const invoiceOf = async (applicationId: string) => {
      // The application's invoice link redirects to the invoice's own page.
      const link = await j.t.app.inject({ url: `/t/${TENANT}/tagihan/permohonan/${applicationId}`, headers: { cookie: citizen.cookie } });
      expect(link.statusCode, link.body).toBe(303);
      const number = String(link.headers.location).split('/').pop()!;
      const res = await j.t.app.inject({ url: `/t/${TENANT}/api/v1/payments/invoices/${number}`, headers: citizen });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { number: string; bills: { channel: string; vaNumber: string | null; checkoutUrl: string | null }[] };
    };
    const openApplication = await apply();
    const open = await invoiceOf(openApplication);
    const paid = await invoiceOf(await apply());
    const va = paid.bills.find((b) => b.channel === 'va')!;
    await payAtSandboxBank(await applicationTestContext(j.t, TENANT, { kind: 'anonymous' }), { code: va.vaNumber! });
    const handlers = paymentJobHandlers({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: j.base }), db: j.t.db.app, audit: j.t.audit, appSecret: TEST_APP_SECRET, now: () => new Date() });
    const runner = createJobRunner(j.t.db.app, handlers, { log: { info() {}, warn() {}, error() {} } as never });
    while (await runner.runOnce());
    const day = dayBefore(businessDayOf(new Date()));
    await seedPayment(j.t.db.owner, { tenantId: ctx.tenant.id, agencyId, day, amount: 25_000 });
    await reconcileDay(ctx, { day, gateway: reportOnlyGateway(() => []) });
    // The walk opens one id per page (the first linked): these two are another invoice's.
    const checkout = new URL(open.bills.find((b) => b.channel === 'ewallet')!.checkoutUrl!);
    return {
      receipt: `/tagihan/${paid.number}/bukti`,
      eWallet: checkout.pathname.slice(`/t/${TENANT}`.length),
      // A paying application's link to its invoice (the walk would take the first application linked, maybe one without).
      invoiceLink: `/tagihan/permohonan/${openApplication}`,
    };
  }

  /** An application of the demo citizen approved by the demo verifier and waiting at a signing step for the demo signer. */
  async function seedSigning(): Promise<string> {
    const service = await publishWithSetup(j.t, { slug: TENANT, agency: 'dpmptsp', code: 'pbg', workflow: SIGNING_WORKFLOW, form: formWithOptionalUploads });
    const ctx = await tenantContextOf(j.t, TENANT);
    const headers = async (kind: 'citizen' | 'officer', id: string | undefined) => {
      const session = await createSession(j.t.db.app, ctx.tenant.id, { kind, id: id! }, j.t.now());
      if (kind === 'officer') await markSecondFactor(j.t.db.app, ctx.tenant.id, session.id);
      return { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${session.token}` };
    };
    const api = `/t/${TENANT}/api/v1/applications`;
    const citizen = await headers('citizen', await findCitizenId(ctx, { identifier: demoCitizenEmail(TENANT) }));
    const applied = await j.t.app.inject({ method: 'POST', url: api, headers: citizen, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(applied.statusCode, applied.body).toBe(201);
    const verifier = await headers('officer', await findOfficerId(ctx, { email: demoOfficerEmail(TENANT, 'verifier') }));
    const approved = await j.t.app.inject({ method: 'POST', url: `${api}/${applied.json().id}/actions`, headers: verifier, payload: { stepId: 'check', action: 'approve', expectedVersion: 1 } });
    expect(approved.statusCode, approved.body).toBe(200);
    return applied.json().id as string;
  }

  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
    await seedTestComplaints(j.t);
    // One public report, so that a report's page has a real tracking number.
    const filed = await j.t.app.inject({
      method: 'POST',
      url: `/t/${TENANT}/api/v1/complaints`,
      headers: { 'content-type': 'application/json' },
      payload: { kind: 'pengaduan', privacy: 'public', title: 'Lampu jalan mati di depan pasar', description: 'Lampu jalan di depan pasar mati sejak seminggu, mohon diperbaiki.', address: 'Jl. Pasar Sentral, Makassar', altcha: await altchaProof() },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    // Verified, so that its page is public (the public sees a report only once verified).
    await verifyThroughApi(j.t, TENANT, filed.json().trackingNumber);
    pages = j.t.routes.filter((r) => r.method === 'GET' && r.page && !NOT_PAGES.some((p) => p.test(r.url)) && (!ONLY || ONLY.test(r.url)));
    online = await seedOnlineApplication();
    sharePath = await seedDocuments();
    money = await seedPayments();
    signingId = await seedSigning();
    // The demo citizen's public information request (its page is theirs and the PPID's).
    const asCitizen = await tenantContextOf(j.t, TENANT, { kind: 'citizen', id: (await findCitizenId(await tenantContextOf(j.t, TENANT), { identifier: demoCitizenEmail(TENANT) }))! });
    informationRequestId = (await createInformationRequest(asCitizen, { requesterKind: 'person', information: 'Laporan realisasi anggaran 2025', purpose: 'Bahan tulisan untuk warga', delivery: 'email' })).id;
    const kiosk = await tenantContextOf(j.t, TENANT, { kind: 'officer', id: '00000000-0000-4000-8000-00000000c0de' });
    kioskSlip = `/petugas/survei/kode-kiosk/${(await issueKioskCode(kiosk, await findKioskService(kiosk, online.serviceId))).code}`;
    informationId = await seedInformationList();

    const ctx = await tenantContextOf(j.t, TENANT);
    people.push(await newPerson('anonymous', ANONYMOUS));
    people.push(await signedIn('citizen', { kind: 'citizen', id: await findCitizenId(ctx, { identifier: demoCitizenEmail(TENANT) }) }));
    for (const role of ROLES) {
      people.push(await signedIn(`officer ${role}`, { kind: 'officer', id: await findOfficerId(ctx, { email: demoOfficerEmail(TENANT, role) }) }));
    }
  }, 300_000);
  afterAll(() => j?.close());

  async function check(person: Person, path: string, route: string) {
    const { page } = person;
    const res = await page.goto(`${j.base}/t/${TENANT}${path}`);
    // Another agency's resource (the sample id is the first one linked): refused, rightly. The page
    // is checked by whoever it belongs to (a page nobody opened is reported as not visited).
    if (route.includes(':') && res?.status() === 403) return;
    const problems: string[] = [];
    if (!res || res.status() >= 400) problems.push(`status ${res?.status()}`);
    if (!(res?.headers()['content-type'] ?? '').includes('text/html')) return; // e.g. a redirect to a file
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > VIEWPORT.width) problems.push(`${width} px wide`);
    const judging = `${route}\n${await page.evaluate(skeleton)}`;
    if (!judged.has(judging)) {
      // Only the violations come back (passes, serialised for every node, cost time). options() first:
      // it replaces the whole option object, withTags' rule selection included.
      const axe = await axeAnalyze(page);
      problems.push(...axe.violations.map((v) => `axe ${v.id}: ${v.help}`));
      if (axe.violations.length === 0) judged.add(judging);
    }
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      if (href.startsWith(`/t/${TENANT}/`)) person.seen.add(href.slice(`/t/${TENANT}`.length).split(/[?#]/)[0]!);
    }
    if (res && res.status() < 400) visited.add(route);
    if (problems.length > 0) failures.set(`${route} (${person.name}: ${path})`, problems);
  }

  it('has no page wider than the screen and no axe violation, for anyone who may open it', async () => {
    // Pages without parameters first (their links give the ids), then the others, as long as new ids appear.
    const plain = pages.filter((r) => !r.url.includes(':'));
    const withParams = pages.filter((r) => r.url.includes(':'));
    const opens = (p: Person, r: RegisteredRoute) => can(p.principal, r.policy);
    // A page anyone may open is checked as the signed-out person and the citizen (the header differs);
    // the others by each person whose roles open them.
    const who = (r: RegisteredRoute) => people.filter((p) => opens(p, r) && (!opens(people[0]!, r) || p.name === 'anonymous' || p.name === 'citizen'));
    for (const r of plain) for (const p of who(r)) await check(p, r.url, r.url);
    // An id no page links to: a registration at the counter (any id shows its confirmation form).
    const citizenId = (people.find((p) => p.name === 'citizen')!.principal as { id: string }).id;
    // The apply flow's pages past the first are reached by its POSTs (the check page, each group's page).
    const apply = `/permohonan/ajukan/${online.serviceId}`;
    const direct: Record<string, string> = {
      '/petugas/loket/daftar/:id': `/petugas/loket/daftar/${citizenId}`,
      '/permohonan/ajukan/:serviceId': apply,
      '/permohonan/ajukan/:serviceId/isian/:groupId': `${apply}/isian/${online.firstGroup}`,
      '/permohonan/ajukan/:serviceId/periksa': `${apply}/periksa`,
      // The builder's group and step pages of a service that has a form and a workflow (the first
      // service linked from the builder's list may have neither).
      '/kelola/permohonan/:id/formulir/kelompok/:groupId': `/kelola/permohonan/${online.serviceId}/formulir/kelompok/${online.firstGroup}`,
      '/kelola/permohonan/:id/alur/langkah/:stepId': `/kelola/permohonan/${online.serviceId}/alur/langkah/verify`,
      // The satisfaction survey of the demo citizen's closed application.
      '/survei/:id': `/survei/${online.closedId}`,
      '/petugas/survei/kode-kiosk/:code': kioskSlip,
      '/dokumen/bagikan/:token': sharePath,
      '/tagihan/:number/bukti': money.receipt,
      '/tagihan/permohonan/:id': money.invoiceLink,
      '/informasi-publik/permohonan/:id': `/informasi-publik/permohonan/${informationRequestId}`,
      // The application sent back for corrections (the first application linked may be another).
      '/permohonan/:id/perbaikan': `/permohonan/${online.revisionId}/perbaikan`,
      '/petugas/permohonan/:id/tanda-tangan': `/petugas/permohonan/${signingId}/tanda-tangan`,
      '/dev/bank/e-wallet/:ref': money.eWallet,
      // An item of the public information list, on its public page and the demo PPID's (its agency's).
      '/dip/:id': `/dip/${informationId}`,
      '/petugas/dip/:id': `/petugas/dip/${informationId}`,
    };
    let pending = withParams;
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      const next: RegisteredRoute[] = [];
      for (const r of pending) {
        // Each person follows a link they were shown (a report in an officer's queue is no public
        // page), else one shown to anybody (then a refusal is the right answer, see check).
        const linked = (links: Iterable<string>) => [...links].sort().find((s) => pattern(r.url).test(s));
        const anyone = direct[r.url] ?? linked(people.flatMap((p) => [...p.seen]));
        if (!anyone) {
          next.push(r);
          continue;
        }
        for (const p of who(r)) await check(p, direct[r.url] ?? linked(p.seen) ?? anyone, r.url);
      }
      pending = next;
    }
    // One report of everything found, so a run (long on a shared machine) shows every problem at once.
    const unexpected = [...failures].filter(([key]) => !Object.keys(KNOWN_FAILURES).some((k) => key.startsWith(`${k} (`)));
    const fixed = Object.keys(KNOWN_FAILURES).filter((k) => (!ONLY || ONLY.test(k)) && ![...failures.keys()].some((key) => key.startsWith(`${k} (`)));
    expect({
      failing: Object.fromEntries(unexpected),
      knownFailuresThatPassNow: fixed,
      noIdFound: pending.map((r) => r.url).filter((u) => !(u in UNREACHABLE)),
      notVisited: pages.map((r) => r.url).filter((u) => !visited.has(u) && !(u in UNREACHABLE)),
    }).toEqual({ failing: {}, knownFailuresThatPassNow: [], noIdFound: [], notVisited: [] });
  }, 1_800_000);
});

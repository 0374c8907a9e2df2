// Two journeys of issue 18 in real Chromium at 360 px, JavaScript off, axe-core clean on every page:
// a building permit (PBG, risk level Menengah Tinggi) whose technical recommendations by Dinkes and
// Dishub run side by side — it moves on to the agency's verification only once both officers have
// recommended — and a billboard permit (Tinggi, fiktif positif) whose approval lapses: the app's clock
// moves past the deadline, the sweeper runs as the job runner would, and the applicant sees it deemed
// approved. The applications are submitted through the API (the apply pages: applications-journey).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationJobHandlers, SWEEP_JOB } from '../../src/modules/applications/jobs.js';
import { presetRiskBased } from '../../src/modules/applications/workflow/index.js';
import { createSession, markSecondFactor, SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { testForm } from '../application-pages.js';
import { answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../applications.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

const M = '/t/makassar';
/** The app's clock: Monday 14 December 2026, 10:00 WITA (Makassar). */
let clock = new Date('2026-12-14T02:00:00Z');

describe.skipIf(chromiumMissing)('a parallel recommendation and a deemed approval in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let citizen: TestCitizen;
  let tenantId = '';
  /** Officers by name: their id (sessions are opened again when the clock moves). */
  const officers: Record<string, string> = {};

  beforeAll(async () => {
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, { now: () => clock });
    phone = phoneContexts(j);
    citizen = await citizenWithProfile(j.t, 'makassar');
    for (const [name, role, agency] of [
      ['dpm', 'verifier', 'dpmptsp'],
      ['dinkes', 'verifier', 'dinkes'],
      ['dishub', 'verifier', 'dishub'],
    ] as const) {
      const signedIn = await signInAs(j.t, 'makassar', { kind: 'officer', name: `Petugas ${name}`, grants: [{ role, agency }] });
      tenantId = signedIn.tenantId;
      officers[name] = (signedIn.principal as { id: string }).id;
    }
  });
  afterAll(() => j?.close());

  /** A session of the app's clock for a person (moving the clock days ahead ends the earlier ones). */
  async function cookieOf(kind: 'citizen' | 'officer', id: string) {
    const session = await createSession(j.t.db.app, tenantId, { kind, id }, clock);
    if (kind === 'officer') await markSecondFactor(j.t.db.app, tenantId, session.id);
    return `${SESSION_COOKIE}=${session.token}`;
  }

  async function submit(service: PublishedService): Promise<string> {
    const res = await j.t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: { 'content-type': 'application/json', cookie: citizen.cookie }, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  /** An officer's page at 360 px without JavaScript, opened on the application. */
  async function officerPage(name: string, applicationId: string): Promise<Page> {
    const page = await (await phone.contextFor(await cookieOf('officer', officers[name]!), false)).newPage();
    await page.goto(`${j.base}${M}/petugas/permohonan/${applicationId}`);
    await phone.axeClean(page);
    return page;
  }

  async function approve(page: Page, stepId: string) {
    await page.click(`#step-${stepId} >> button:has-text("Setujui")`);
    await page.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    await phone.axeClean(page);
  }

  async function citizenSees(applicationId: string): Promise<string> {
    const page = await (await phone.contextFor(await cookieOf('citizen', citizen.id), false)).newPage();
    await page.goto(`${j.base}${M}/permohonan/${applicationId}`);
    await phone.axeClean(page);
    const text = await page.locator('main').innerText();
    await page.context().close();
    return text;
  }

  it('moves a building permit on only after both agencies have recommended', async () => {
    const service = await publishWithSetup(j.t, { slug: 'makassar', agency: 'dpmptsp', code: 'pbg', workflow: presetRiskBased('menengah_tinggi'), form: testForm, now: () => clock });
    const id = await submit(service);
    const dpm = await officerPage('dpm', id);
    await approve(dpm, 'check');
    expect(await dpm.locator('#status').innerText()).toContain('Rekomendasi teknis');

    // Dishub's recommendation first: the application waits for Dinkes's, in Dinkes's queue.
    const dishub = await officerPage('dishub', id);
    expect(await dishub.locator('#step-recommend-dinkes button:has-text("Setujui")').count()).toBe(0);
    await approve(dishub, 'recommend-dishub');
    const dinkes = await (await phone.contextFor(await cookieOf('officer', officers.dinkes!), false)).newPage();
    await dinkes.goto(`${j.base}${M}/petugas/permohonan`);
    await phone.axeClean(dinkes);
    await dinkes.click(`#queue a[href$="/petugas/permohonan/${id}"]`);
    await dinkes.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    expect(await dinkes.locator('#step-verify').count()).toBe(0);
    await approve(dinkes, 'recommend-dinkes');

    // Joined: the agency's verification is the one running step now.
    await dpm.reload();
    await phone.axeClean(dpm);
    expect(await dpm.locator('section.step').evaluateAll((sections) => sections.map((s) => s.id))).toEqual(['step-verify']);
    expect(await citizenSees(id)).toContain('Verifikasi pemenuhan standar');
    await Promise.all([dpm.context().close(), dishub.context().close(), dinkes.context().close()]);
  });

  it('deems a lapsed approval approved when the sweeper comes, and the applicant sees it', async () => {
    clock = new Date('2026-12-14T02:00:00Z');
    const service = await publishWithSetup(j.t, { slug: 'makassar', agency: 'dpmptsp', code: 'izin-reklame', workflow: presetRiskBased('tinggi', { deemedApproval: true }), form: testForm, now: () => clock });
    const id = await submit(service);
    const dpm = await officerPage('dpm', id);
    await approve(dpm, 'check');
    await dpm.context().close();
    expect(await citizenSees(id)).not.toContain('dianggap disetujui');

    // The approval's 10 working days end on 30 December (the 24th–27th are holidays and a weekend);
    // the sweeper comes half an hour after the lapse.
    clock = new Date('2026-12-30T16:30:00Z');
    const handlers = applicationJobHandlers({ audit: j.t.audit, publicBaseUrl: j.base, now: () => clock });
    await j.t.db.app.transaction().execute((trx) => handlers[SWEEP_JOB]!({ id: 1, kind: SWEEP_JOB, payload: {}, tenantId: null, attempts: 0 }, trx));

    expect(await citizenSees(id)).toContain('dianggap disetujui');
    const officer = await officerPage('dpm', id);
    expect(await officer.locator('main').innerText()).toContain('dianggap disetujui');
    await officer.context().close();
  });
});

// Surveys at the counter on a real PostgreSQL: a counter officer makes a one-time code for a visitor
// (issueSurveyKioskCode; the visitor counts as served), the visitor answers at the kiosk once
// (submitKioskSurveyResponse and the kiosk page, no account), the code expires and is the tenant's
// alone. Refused: an officer of another agency, a citizen, another tenant, a mistyped code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { publishWithSetup, type PublishedService } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { checkThenClose } from '../../../test/documents.js';
import { followRedirect, postUrlencodedForm } from '../../../test/forms.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import { ELEMENTS } from './ikm.js';
import { KIOSK_CODE_DAYS } from './kiosk.js';
import { dayIn } from './periods.js';

let t: TestApp;
let service: PublishedService;
// The app's clock, moved by the expiry test.
let clock = Date.now();
const json = (cookie?: string) => ({ ...(cookie ? { cookie } : {}), 'content-type': 'application/json' });
const allAnswers = (score: number) => Object.fromEntries(ELEMENTS.map((k) => [k, score]));

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, {}, { now: () => new Date(clock) });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: checkThenClose('issued'), form: formWithOptionalUploads });
});
afterAll(() => t?.close());

async function issue(cookie: string, tenant = 'makassar', serviceId = service.serviceId) {
  return t.app.inject({ method: 'POST', url: `/t/${tenant}/api/v1/surveys/kiosk-codes`, headers: json(cookie), payload: { serviceId } });
}
const answer = (code: string, tenant = 'makassar', answers = allAnswers(3)) =>
  t.app.inject({ method: 'POST', url: `/t/${tenant}/api/v1/surveys/kiosk-responses`, headers: json(), payload: { code, answers } });
const year = () => dayIn('Asia/Makassar', new Date(clock)).slice(0, 4);
const ikm = async (query = `from=${year()}-01-01&to=${year()}-12-31`) => (await t.app.inject({ url: `/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&service=nib&${query}` })).json();

describe('kiosk codes', () => {
  it('a counter officer makes a code; the visitor answers once, without an account; the index counts it', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const issued = await issue(officer.cookie);
    expect(issued.statusCode, issued.body).toBe(201);
    const code = issued.json().code as string;
    expect(code).toMatch(/^SKM-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Date(issued.json().expiresAt).getTime() - new Date(issued.json().issuedAt).getTime()).toBe(KIOSK_CODE_DAYS * 86_400_000);
    // Typed loosely at the kiosk: lower case, without dashes.
    const first = await answer(code.toLowerCase().replaceAll('-', ''));
    expect(first.statusCode, first.body).toBe(201);
    const again = await answer(code);
    expect(again.statusCode).toBe(409);
    expect(again.json().title).toBe('Survei dengan kode ini sudah diisi. Terima kasih.');
    expect(await ikm()).toMatchObject({ respondents: 1, ikm: 75 });
  });

  it('refuses an incomplete questionnaire (400) keeping the code usable, a mistyped code (404), an expired one (410)', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const code = (await issue(officer.cookie)).json().code as string;
    const incomplete = await answer(code, 'makassar', { ...allAnswers(4), sarana: undefined } as never);
    expect(incomplete.statusCode).toBe(400);
    const mistyped = `${code.slice(0, -1)}${code.endsWith('2') ? '3' : '2'}`;
    expect((await answer(mistyped)).statusCode).toBe(404);
    expect((await answer('bukan kode')).statusCode).toBe(404);
    clock += (KIOSK_CODE_DAYS * 24 + 1) * 3_600_000;
    try {
      const expired = await answer(code);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().title).toBe('Kode survei ini sudah tidak berlaku.');
    } finally {
      clock -= (KIOSK_CODE_DAYS * 24 + 1) * 3_600_000;
    }
  });

  it('is the tenant’s alone, and only counter officers of the service’s agency make codes', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const code = (await issue(officer.cookie)).json().code as string;
    expect((await answer(code, 'jateng')).statusCode).toBe(404);
    const otherAgency = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
    expect((await issue(otherAgency.cookie)).statusCode).toBe(403);
    const handler = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dpmptsp' }] });
    expect((await issue(handler.cookie)).statusCode).toBe(403);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await issue(citizen.cookie)).statusCode).toBe(403);
    const foreign = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403]).toContain((await issue(foreign.cookie)).statusCode);
    // The unanswered code still works at its own tenant's kiosk.
    expect((await answer(code)).statusCode).toBe(201);
  });

  it('counts each visitor given a code as served: the next period’s Krejcie–Morgan population', async () => {
    const next = Number(year()) + 1;
    // Three codes issued so far this year.
    expect((await ikm(`from=${next}-01-01&to=${next}-12-31`)).sample).toMatchObject({ population: 3, minimum: 3 });
  });
});

describe('the pages', () => {
  it('the officer prints the slip; the kiosk asks the code, then the questionnaire, then is ready again', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const made = await postUrlencodedForm(t, '/t/makassar/petugas/survei/kode-kiosk', { serviceId: service.serviceId }, officer.cookie);
    expect(made.statusCode, made.body).toBe(303);
    const slip = await followRedirect(t, made, officer.cookie);
    const code = /id="kiosk-code">([^<]+)</.exec(slip.body)![1]!;
    expect(slip.body).toContain('/t/makassar/kiosk-survei');

    const unknown = await t.app.inject({ url: '/t/makassar/kiosk-survei?kode=SKM-2222-2222' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Kode survei tidak dikenal');
    const questionnaire = await t.app.inject({ url: `/t/makassar/kiosk-survei?kode=${code}` });
    expect(questionnaire.statusCode).toBe(200);
    expect(questionnaire.body).toContain('name="answers.sarana"');
    const partial = Object.fromEntries(ELEMENTS.filter((k) => k !== 'waktu').map((k) => [`answers.${k}`, '4']));
    const refused = await postUrlencodedForm(t, '/t/makassar/kiosk-survei', { code, ...partial }, undefined, `/t/makassar/kiosk-survei?kode=${code}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Pilih salah satu jawaban untuk unsur waktu');
    const sent = await postUrlencodedForm(t, '/t/makassar/kiosk-survei', { code, ...partial, 'answers.waktu': '2', suggestion: 'Antrean lama.' }, undefined, `/t/makassar/kiosk-survei?kode=${code}`);
    expect(sent.statusCode).toBe(303);
    expect((await followRedirect(t, sent)).body).toContain('Kios siap untuk pengunjung berikutnya');
    const used = await t.app.inject({ url: `/t/makassar/kiosk-survei?kode=${code}` });
    expect(used.statusCode).toBe(409);
    // The officer of another agency may not open the slip.
    const otherAgency = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
    expect((await t.app.inject({ url: `/t/makassar/petugas/survei/kode-kiosk/${code}`, headers: { cookie: otherAgency.cookie } })).statusCode).toBe(403);
  });
});

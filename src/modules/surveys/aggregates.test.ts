// The index from the daily aggregates equals the index from the responses themselves. A random (seeded)
// dataset over two services of two agencies is imported in several files — so the aggregate rows are
// added to again and again, as responses arriving one by one do — and getIkm's respondents, index,
// element values, weakest elements and topic counts are compared with the same computed from the rows
// (the scan), for the year, a quarter, an agency, a service and an odd range of days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { publishWithSetup } from '../../../test/applications.js';
import { checkThenClose } from '../../../test/documents.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import { applicationTestContext } from '../../../test/applications.js';
import { computeIkm, ELEMENTS, type ElementKey, emptyTotals, weakestElements } from './ikm.js';
import { importSurveyResponses } from './import.js';
import { agencyIdOf } from '../../../test/auth.js';
import { getIkm, getIkmByAgency } from './service.js';
import { TOPICS, topicOf } from './topics.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: checkThenClose('issued'), form: formWithOptionalUploads });
});
afterAll(() => t?.close());

/** A small deterministic generator (mulberry32): the same dataset on every run, so a failure repeats. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  day: string;
  agency: string;
  service: string;
  answers: Record<ElementKey, number>;
  suggestion: string | null;
}

describe('the index from the aggregates equals the index from the responses', () => {
  const rows: Row[] = [];
  const next = random(20261206);
  const services = [
    { agency: 'dpmptsp', code: 'nib' },
    { agency: 'disdukcapil', code: 'ktp-el' },
  ];

  beforeAll(async () => {
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: '00000000-0000-4000-8000-0000000000aa' });
    for (let file = 0; file < 4; file++) {
      const lines = ['submitted_at,service_code,' + ELEMENTS.join(',') + ',suggestion'];
      const count = 150 + Math.floor(next() * 100);
      for (let i = 0; i < count; i++) {
        const service = services[Math.floor(next() * services.length)]!;
        const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 365) * 86_400_000).toISOString().slice(0, 10);
        // Skewed per element so elements differ and the grades spread over the bands.
        const answers = Object.fromEntries(ELEMENTS.map((k, e) => [k, Math.min(4, 1 + Math.floor(next() * (2 + (e % 3))))])) as Record<ElementKey, number>;
        const suggestion = next() < 0.3 ? `Saran ${file}-${i}` : null;
        rows.push({ day, agency: service.agency, service: service.code, answers, suggestion });
        lines.push([day, `${service.agency}/${service.code}`, ...ELEMENTS.map((k) => answers[k]), suggestion ?? ''].join(','));
      }
      expect(await importSurveyResponses(ctx, { csv: lines.join('\n'), source: `acak-${file}` })).toEqual({ imported: count });
    }
  });

  const cases: { name: string; query: { agency?: string; service?: string; from: string; to: string } }[] = [
    { name: 'tenant-wide year', query: { from: '2025-01-01', to: '2025-12-31' } },
    { name: 'second quarter', query: { from: '2025-04-01', to: '2025-06-30' } },
    { name: 'one agency', query: { agency: 'disdukcapil', from: '2025-01-01', to: '2025-12-31' } },
    { name: 'one service, an odd range', query: { agency: 'dpmptsp', service: 'nib', from: '2025-02-17', to: '2025-03-29' } },
  ];

  it.each(cases)('$name', async ({ query }) => {
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'anonymous' });
    const report = await getIkm(ctx, query);
    const scanned = rows.filter((r) => r.day >= query.from && r.day <= query.to && (!query.agency || r.agency === query.agency) && (!query.service || r.service === query.service));
    const totals = emptyTotals();
    for (const r of scanned) for (const k of ELEMENTS) totals[k] = { sum: totals[k].sum + r.answers[k], answered: totals[k].answered + 1 };
    const expected = computeIkm(totals);
    expect(scanned.length).toBeGreaterThan(20);
    expect(report.respondents).toBe(scanned.length);
    expect(report.ikm).toBe(expected.ikm);
    expect(report.grade).toBe(expected.grade);
    expect(report.elements).toEqual(expected.elements);
    expect(report.weakest).toEqual(weakestElements(expected.elements).map((e) => e.key));
    const topics = Object.fromEntries(TOPICS.map((topic) => [topic, scanned.filter((r) => r.suggestion && topicOf(r.answers) === topic).length]));
    expect(Object.fromEntries(report.topics.map((g) => [g.topic, g.count]))).toEqual(Object.fromEntries(Object.entries(topics).filter(([, n]) => n > 0)));
    // Each group quotes its latest suggestions, newest first, all of its own topic.
    for (const group of report.topics) {
      const ofTopic = scanned.filter((r) => r.suggestion && topicOf(r.answers) === group.topic).sort((a, b) => b.day.localeCompare(a.day));
      expect(group.latest.length).toBe(Math.min(3, ofTopic.length));
      expect(group.latest.map((l) => l.day)).toEqual(ofTopic.slice(0, group.latest.length).map((r) => r.day));
      for (const l of group.latest) expect(ofTopic.some((r) => r.suggestion === l.text)).toBe(true);
    }
  });

  it('every agency at once (the dashboard’s league table) equals the scan, agency by agency', async () => {
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'anonymous' });
    const query = { from: '2025-03-01', to: '2025-10-31' };
    const byAgency = await getIkmByAgency(ctx, query);
    expect(byAgency.size).toBe(2);
    for (const agency of ['dpmptsp', 'disdukcapil']) {
      const scanned = rows.filter((r) => r.day >= query.from && r.day <= query.to && r.agency === agency);
      const totals = emptyTotals();
      for (const r of scanned) for (const k of ELEMENTS) totals[k] = { sum: totals[k].sum + r.answers[k], answered: totals[k].answered + 1 };
      const expected = computeIkm(totals);
      expect(byAgency.get(await agencyIdOf(t, 'makassar', agency))).toEqual({ ikm: expected.ikm, grade: expected.grade, respondents: scanned.length });
    }
  });
});

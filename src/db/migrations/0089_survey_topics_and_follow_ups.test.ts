// Migration 0089 on responses stored before it: every suggestion gets the topic topics.ts gives it
// (the one lowest element, else umum), responses without a suggestion get none, and each day's
// aggregate row gets its topic counts — the same as responses arriving after the migration get.
import { randomUUID } from 'node:crypto';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { withDatabase } from '../../../test/global-setup.js';
import { ELEMENTS, type ElementKey } from '../../modules/surveys/ikm.js';
import { TOPICS, topicOf } from '../../modules/surveys/topics.js';
import { createKysely, type Db } from '../index.js';
import { migrations } from './index.js';

const NAME = `gerbang_m0089_${process.pid}_${Date.now().toString(36)}`;
const TENANT = randomUUID();
const AGENCY = randomUUID();
const SERVICES = [randomUUID(), randomUUID()];
let owner: Db;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any typed Kysely instance
const migrator = (db: Kysely<any>) => new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } });

interface Stored {
  id: string;
  service: string;
  day: string;
  answers: Record<ElementKey, number>;
  suggestion: string | null;
}
const stored: Stored[] = [];

beforeAll(async () => {
  const adminUrl = inject('pgAdminUrl');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${NAME}"`);
  await admin.end();
  owner = createKysely(withDatabase(adminUrl, NAME), { max: 1 });
  const before = await migrator(owner).migrateTo('0081_document_by_code');
  if (before.error) throw before.error;
  await sql`INSERT INTO tenants (id, slug, name, kind, time_zone) VALUES (${TENANT}, 'makassar', 'Makassar', 'city', 'Asia/Makassar')`.execute(owner);
  // Every pattern: one lowest, ties, all equal; with and without a suggestion.
  let n = 0;
  for (let a = 1; a <= 4; a++) {
    for (let b = 1; b <= 4; b++) {
      for (const suggestion of ['Saran', null]) {
        const answers = Object.fromEntries(ELEMENTS.map((k, i) => [k, i === 2 ? a : i === 6 ? b : 3])) as Record<ElementKey, number>;
        const row: Stored = { id: randomUUID(), service: SERVICES[n % 2]!, day: `2026-0${1 + (n % 3)}-1${n % 5}`, answers, suggestion: suggestion && `${suggestion} ${n}` };
        stored.push(row);
        n += 1;
        await sql`INSERT INTO survey_responses (tenant_id, id, channel, import_source, agency_id, service_id, submitted_at, day, ${sql.join(ELEMENTS.map((k) => sql.ref(k)))}, suggestion, created_at)
          VALUES (${TENANT}, ${row.id}, 'import', 'lama', ${AGENCY}, ${row.service}, ${`${row.day}T00:00:00Z`}, ${row.day}, ${sql.join(ELEMENTS.map((k) => row.answers[k]))}, ${row.suggestion}, now())`.execute(owner);
      }
    }
  }
  await sql`INSERT INTO survey_daily (tenant_id, agency_id, service_id, day, respondents, ${sql.join(ELEMENTS.map((k) => sql.ref(k)))})
    SELECT tenant_id, agency_id, service_id, day, count(*), ${sql.join(ELEMENTS.map((k) => sql`sum(${sql.ref(k)})`))} FROM survey_responses GROUP BY 1, 2, 3, 4`.execute(owner);
  const after = await migrator(owner).migrateToLatest();
  if (after.error) throw after.error;
}, 120_000);

afterAll(async () => {
  await owner?.destroy();
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`).finally(() => admin.end());
});

describe('migration 0089: suggestion topics back-filled', () => {
  it('gives every stored suggestion the topic topics.ts gives it, and none to a response without one', async () => {
    const rows = await sql<{ id: string; suggestion_topic: string | null }>`SELECT id, suggestion_topic FROM survey_responses`.execute(owner);
    const topicOfRow = new Map(rows.rows.map((r) => [r.id, r.suggestion_topic]));
    for (const row of stored) expect(topicOfRow.get(row.id), JSON.stringify(row.answers)).toBe(row.suggestion ? topicOf(row.answers) : null);
    // The dataset meets each kind of case.
    expect(new Set(stored.filter((r) => r.suggestion).map((r) => topicOf(r.answers)))).toEqual(new Set(['waktu', 'perilaku', 'umum']));
  });

  it('counts each day’s topics in its aggregate row', async () => {
    const daily = await sql<Record<string, string | number>>`SELECT service_id, to_char(day, 'YYYY-MM-DD') AS on_day, ${sql.join(TOPICS.map((k) => sql.ref(`sug_${k}`)))} FROM survey_daily`.execute(owner);
    expect(daily.rows.length).toBeGreaterThan(5);
    for (const d of daily.rows) {
      const ofDay = stored.filter((r) => r.service === d.service_id && r.day === d.on_day && r.suggestion);
      for (const topic of TOPICS) expect(Number(d[`sug_${topic}`]), `${d.on_day} ${topic}`).toBe(ofDay.filter((r) => topicOf(r.answers) === topic).length);
    }
  });
});

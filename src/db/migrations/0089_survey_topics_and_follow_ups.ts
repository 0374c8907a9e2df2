// Surveys, issue 21's remaining parts: suggestions grouped by topic, and the follow-up an agency
// commits to for a period's results (PermenPANRB 14/2017: results are followed up and published).
//
// - survey_responses.suggestion_topic: the element the respondent rated lowest when exactly one is
//   lowest, else 'umum' (src/modules/surveys/topics.ts says why); set with every suggestion, and
//   back-filled here for the responses already stored.
// - survey_daily gets one count per topic (sug_<topic>), back-filled, so the public page's topic
//   counts come from the aggregates like the index does, never from a scan of the responses.
// - survey_follow_ups: one text per agency and period (its first and last day), replaced when the
//   agency revises it; who and when are kept here and every change is in the audit chain.
import { type Kysely, sql } from 'kysely';

const ELEMENTS = ['persyaratan', 'prosedur', 'waktu', 'biaya', 'produk', 'kompetensi', 'perilaku', 'pengaduan', 'sarana'];
const TOPICS = [...ELEMENTS, 'umum'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const atLowest = sql.raw(ELEMENTS.map((k) => `(${k} = least(${ELEMENTS.join(', ')}))::int`).join(' + '));
  const which = sql.raw(`CASE ${ELEMENTS.map((k) => `WHEN ${k} = least(${ELEMENTS.join(', ')}) THEN '${k}'`).join(' ')} END`);
  await sql`ALTER TABLE survey_responses ADD COLUMN suggestion_topic text`.execute(db);
  await sql`UPDATE survey_responses SET suggestion_topic = CASE WHEN ${atLowest} = 1 THEN ${which} ELSE 'umum' END WHERE suggestion IS NOT NULL`.execute(db);
  await sql`
    ALTER TABLE survey_responses
      ADD CONSTRAINT survey_responses_topic_known CHECK (suggestion_topic IN (${sql.raw(TOPICS.map((t) => `'${t}'`).join(', '))})),
      ADD CONSTRAINT survey_responses_topic_with_suggestion CHECK ((suggestion IS NULL) = (suggestion_topic IS NULL));
    DROP INDEX survey_responses_suggestions;
    -- The latest suggestions of each topic in a period.
    CREATE INDEX survey_responses_topic ON survey_responses (tenant_id, suggestion_topic, day DESC, id) WHERE suggestion IS NOT NULL;
  `.execute(db);

  for (const topic of TOPICS) await sql`ALTER TABLE survey_daily ADD COLUMN ${sql.ref(`sug_${topic}`)} integer NOT NULL DEFAULT 0`.execute(db);
  await sql`
    UPDATE survey_daily d SET ${sql.join(TOPICS.map((topic) => sql`${sql.ref(`sug_${topic}`)} = s.${sql.ref(topic)}`))}
    FROM (
      SELECT tenant_id, agency_id, service_id, day, ${sql.join(TOPICS.map((topic) => sql`count(*) FILTER (WHERE suggestion_topic = ${sql.lit(topic)}) AS ${sql.ref(topic)}`))}
      FROM survey_responses WHERE suggestion IS NOT NULL GROUP BY 1, 2, 3, 4
    ) s
    WHERE d.tenant_id = s.tenant_id AND d.agency_id = s.agency_id AND d.service_id = s.service_id AND d.day = s.day
  `.execute(db);

  await sql`
    CREATE TABLE survey_follow_ups (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_id uuid NOT NULL,
      -- The period the results cover, inclusive days (a year, semester or quarter).
      period_from date NOT NULL,
      period_to date NOT NULL,
      follow_up text NOT NULL CHECK (length(btrim(follow_up)) BETWEEN 1 AND 4000),
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, agency_id, period_from, period_to),
      CHECK (period_from <= period_to)
    );
    CREATE INDEX survey_follow_ups_by_period ON survey_follow_ups (tenant_id, period_from, period_to);
    GRANT SELECT, INSERT, UPDATE ON survey_follow_ups TO gerbang_app;
    ALTER TABLE survey_follow_ups ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON survey_follow_ups TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}

// Raw baseline for bench/application-submissions.ts: node:http + a pg Pool that parses the same JSON
// body and, in one transaction as gerbang_app with the tenant context set, inserts what a submission
// stores — the application (with a workflow state of the same size as the app's), its answers, its
// step (task), its timeline entry, an audit row (pending) and the applicant's notification — with no
// validation, no session, no idempotency record, no workflow engine. POST /applications → 201 {"id": …}.
// BASELINE_STATE: a JSON file with the tenant, service, version, agency and a real application's state.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { embeddedDatabaseUrl, serveRawBaseline } from './lib.js';

const connectionString = process.env.DATABASE_URL || embeddedDatabaseUrl(path.resolve(process.env.DATA_DIR ?? ''));
const pool = new pg.Pool({ connectionString, max: 20, options: '-c role=gerbang_app', idleTimeoutMillis: 0 }); // kept open, as the app's (decision 0105)
const ref = JSON.parse(fs.readFileSync(process.env.BASELINE_STATE ?? '', 'utf8')) as {
  tenantId: string;
  serviceId: string;
  versionId: string;
  agencyId: string;
  applicantId: string;
  state: unknown;
};
const state = JSON.stringify(ref.state);

async function insert(body: { serviceId: string; answers: Record<string, unknown> }) {
  const client = await pool.connect();
  try {
    const id = randomUUID();
    const now = new Date();
    await client.query('BEGIN');
    await client.query("SELECT set_config('gerbang.tenant_id', $1, true)", [ref.tenantId]);
    await client.query(
      `INSERT INTO applications (tenant_id, id, tracking_number, service_id, service_version_id, agency_id, agencies, applicant_id, lang, state, version, status, next_due_at, service_due_at, submitted_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, ARRAY[$6]::uuid[], $7, 'id', $8, 1, 'in_progress', $9, $9, $10, $10)`,
      [ref.tenantId, id, `RAW-${randomBytes(6).toString('hex')}`, body.serviceId, ref.versionId, ref.agencyId, ref.applicantId, state, new Date(now.getTime() + 3 * 86_400_000), now],
    );
    await client.query(
      `INSERT INTO application_answers (tenant_id, application_id, round, answers, submitted_at, submitted_by) VALUES ($1, $2, 0, $3, $4, $5)`,
      [ref.tenantId, id, JSON.stringify(body.answers), now, `citizen:${ref.applicantId}`],
    );
    await client.query(
      `INSERT INTO application_tasks (tenant_id, id, application_id, step_id, service_id, agency_id, role, kind, activated_at, due_at)
       VALUES ($1, $2, $3, 'verify', $4, $5, 'verifier', 'task', $6, $7)`,
      [ref.tenantId, randomUUID(), id, body.serviceId, ref.agencyId, now, new Date(now.getTime() + 3 * 86_400_000)],
    );
    await client.query(
      `INSERT INTO application_events (tenant_id, application_id, at, actor, action, step_id, data, internal) VALUES ($1, $2, $3, $4, 'submitted', NULL, '{}', false)`,
      [ref.tenantId, id, now, `citizen:${ref.applicantId}`],
    );
    await client.query(`INSERT INTO audit_pending (recorded_at, tenant_id, actor, action, subject, data) VALUES ($1, $2, $3, 'application.submitted', $4, '{}')`, [
      now,
      ref.tenantId,
      `citizen:${ref.applicantId}`,
      `application:${id}`,
    ]);
    await client.query(
      `INSERT INTO notifications (tenant_id, id, channel, recipient, kind, lang, subject, body_text) VALUES ($1, $2, 'email', 'warga@example.com', 'application.updated', 'id', 'Permohonan diterima', 'Permohonan Anda diterima.')`,
      [ref.tenantId, randomUUID()],
    );
    await client.query('COMMIT');
    client.release();
    return id;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(error as Error);
    throw error;
  }
}

serveRawBaseline('/applications', pool, insert);

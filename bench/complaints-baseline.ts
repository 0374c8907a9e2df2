// Raw baseline for bench/complaints.ts: node:http + a pg Pool that parses the same JSON body and
// inserts the same complaint row (tenant context set, as gerbang_app) — no validation, no routing, no
// timeline, no audit, no notification. POST /complaints → 201 {"id": …}. Connection as bench/baseline.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { embeddedDatabaseUrl, serveRawBaseline } from './lib.js';

function connectionString(): string {
  return process.env.DATABASE_URL || embeddedDatabaseUrl(path.resolve(process.env.DATA_DIR ?? ''));
}

const pool = new pg.Pool({ connectionString: connectionString(), max: 20, options: '-c role=gerbang_app', idleTimeoutMillis: 0 }); // kept open, as the app's (decision 0105)
const tenantId = (await pool.query<{ id: string }>("SELECT id FROM tenants WHERE slug = 'makassar'")).rows[0]!.id;

async function insert(body: { kind: string; title: string; description: string; privacy: string; categoryCode?: string }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('gerbang.tenant_id', $1, true)", [tenantId]);
    const id = randomUUID();
    await client.query(
      `INSERT INTO complaints (tenant_id, id, tracking_number, kind, title, description, category_code, privacy, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
      [tenantId, id, `RAW-${randomBytes(6).toString('hex')}`, body.kind, body.title, body.description, body.categoryCode ?? 'administrasi_kependudukan', body.privacy],
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

serveRawBaseline('/complaints', pool, insert);

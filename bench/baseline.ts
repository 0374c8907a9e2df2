// Raw baseline for the benchmark: plain node:http + a pg Pool doing the same database work as the app's
// GET /api/v1/tenants/makassar/agencies, with nothing else (no framework, no validation, no hooks).
// Started by bench/run.ts as a child process; usable alone too:
//   DATA_DIR=./data BASELINE_PORT=4100 node --import tsx bench/baseline.ts   (a running app's embedded PG)
//   DATABASE_URL=postgres://… BASELINE_PORT=4100 node --import tsx bench/baseline.ts
// Serves /healthz and /api/v1/tenants/makassar/agencies on 127.0.0.1 only; SIGTERM/SIGINT stop it.
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { embeddedDatabaseUrl } from './lib.js';

const TENANT_SLUG = 'makassar';
const AGENCIES_PATH = `/api/v1/tenants/${TENANT_SLUG}/agencies`;
const HEALTHZ_BODY = JSON.stringify({ status: 'ok' });

/** DATABASE_URL, or the embedded server of DATA_DIR: credentials file + port on line 4 of postmaster.pid. */
function connectionString(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!process.env.DATA_DIR)
    throw new Error('set DATABASE_URL or DATA_DIR (of a running embedded PostgreSQL)');
  return embeddedDatabaseUrl(path.resolve(process.env.DATA_DIR));
}

const pool = new pg.Pool({
  connectionString: connectionString(),
  max: 20,
  application_name: 'gerbang-bench-baseline',
  // Same as the app's request pool: every connection acts as the application role (row-level security).
  options: '-c role=gerbang_app',
  // Kept open, as the app's pools (decision 0105).
  idleTimeoutMillis: 0,
});

const tenant = await pool.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [TENANT_SLUG]);
const tenantId = tenant.rows[0]?.id;
if (!tenantId) {
  process.stderr.write(`baseline: tenant "${TENANT_SLUG}" not found (is the demo seed there?)\n`);
  await pool.end();
  process.exit(1);
}

async function listAgencies(): Promise<unknown[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('gerbang.tenant_id', $1, true)", [tenantId]);
    const { rows } = await client.query(
      'SELECT id, code, name, name_en, kind, description, description_en FROM agencies WHERE tenant_id = $1 ORDER BY name',
      [tenantId],
    );
    await client.query('COMMIT');
    client.release();
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(error as Error);
    throw error;
  }
}

function send(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return send(res, 200, HEALTHZ_BODY);
  if (req.method === 'GET' && req.url === AGENCIES_PATH) {
    listAgencies().then(
      (items) => send(res, 200, JSON.stringify({ tenant: TENANT_SLUG, items })),
      (error: Error) => send(res, 500, JSON.stringify({ error: error.message })),
    );
    return;
  }
  send(res, 404, JSON.stringify({ error: 'not found' }));
});

server.listen(Number(process.env.BASELINE_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`baseline ready at http://127.0.0.1:${port}\n`);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close(() => {
    pool.end().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// `npm run bench:token`: the OpenID Provider's token endpoint (issue 17) against a raw baseline that
// signs the same ID token, in the same run. In one process, against a temporary embedded PostgreSQL
// (or DATABASE_URL's): the real app with the demo tenants, a registered confidential client
// (client_secret_basic, scopes openid + offline_access) and the demo citizen, who signs in once through
// the provider's pages (authorization code + PKCE, consent) to get a refresh token. Then, closed loop
// (autocannon, BENCH_TOKEN_CONNECTIONS connections, default 10), for BENCH_DURATION seconds each:
//   baseline, app, baseline — the app: POST /oidc/token grant_type=refresh_token (the client
//   authenticated, the grant and the refresh token read, a new access token stored, an ID token
//   signed RS256 with the provider's key); the baseline: node:http parsing the same form body and
//   Basic header, signing an ID token with the same claims and an RSA 2048 key (node:crypto), answering
//   the same JSON shape. The ratio is app ÷ the mean of the two baseline runs. No target is set by the
//   issue: the ratio is reported (docs/performance.md). Writes bench/results/oidc-token.json.
import '../src/platform/threadpool.js';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as oc from 'openid-client';
import { freePort } from '../src/db/embedded.js';
import { connectDatabase } from '../src/db/index.js';
import { createSession, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { registerClient } from '../src/modules/oidc/clients.js';
import { listTenants } from '../src/modules/tenancy/index.js';
import { systemContext } from '../src/platform/context.js';
import { countStatements, CpuProbe, inProcessBench, type LoadResult, postmaster, runLoad, runBench, seededDemoApp } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.BENCH_DURATION || 10);
const CONNECTIONS = Number(process.env.BENCH_TOKEN_CONNECTIONS || 10);
const RP = 'https://rp.bench.go.id';

// Every statement any pg client of this process sends: per token request, a figure that does not
// depend on how busy the machine is.
const statements = countStatements();

/** The raw baseline: parse the form and Basic header, sign an ID token with the same claims, answer. */
function startBaseline(issuer: string, clientId: string): Promise<{ url: string; close: () => void }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'baseline' });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const basic = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      if (form.get('grant_type') !== 'refresh_token' || !form.get('refresh_token') || !basic.startsWith(`${encodeURIComponent(clientId)}:`)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_request"}');
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const accessToken = randomBytes(32).toString('base64url');
      const atHash = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
      const payload = b64({ sub: randomBytes(32).toString('base64url'), at_hash: atHash, acr: 'registry', amr: ['pwd'], aud: clientId, auth_time: now - 60, exp: now + 3600, iat: now, iss: issuer, sid: randomBytes(16).toString('base64url') });
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
      const body = JSON.stringify({ access_token: accessToken, expires_in: 600, id_token: `${header}.${payload}.${signature}`, refresh_token: form.get('refresh_token'), scope: 'openid offline_access', token_type: 'Bearer' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/token`, close: () => server.close() })));
}

/** The demo citizen signs in once through the provider's pages; returns the refresh token. */
async function refreshTokenFor(base: string, cookie: string, config: oc.Configuration): Promise<string> {
  const jar = new Map<string, string>([[SESSION_COOKIE, cookie]]);
  const request = async (method: 'GET' | 'POST', url: URL, form?: Record<string, string>) => {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      jar.set(name!.trim(), rest.join('='));
    }
    return res;
  };
  const verifier = oc.randomPKCECodeVerifier();
  let url = oc.buildAuthorizationUrl(config, {
    redirect_uri: `${RP}/cb`,
    scope: 'openid offline_access',
    prompt: 'consent',
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin === RP) {
      const tokens = await oc.authorizationCodeGrant(config, url, { pkceCodeVerifier: verifier, idTokenExpected: true });
      if (!tokens.refresh_token) throw new Error('the provider issued no refresh token');
      return tokens.refresh_token;
    }
    const res = await request('GET', url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url);
      continue;
    }
    const html = await res.text();
    const form = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[2]!.includes('name="decision"'));
    if (res.status !== 200 || !form) throw new Error(`sign-in stopped at ${url.pathname} (${res.status})`);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)![1]!;
    const posted = await request('POST', new URL(form[1]!.replace(/&amp;/g, '&'), base), { _csrf: csrf, decision: 'allow' });
    if (posted.status !== 303) throw new Error(`consent answered ${posted.status}`);
    url = new URL(posted.headers.get('location')!, url);
  }
  throw new Error('too many redirects');
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { dataDir, config } = await inProcessBench('oidc-token', { PUBLIC_BASE_URL: base, RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  const db = await connectDatabase(config, { poolSize: 20 });
  const closers: (() => unknown)[] = [];
  try {
    const { app, audit } = await seededDemoApp(dataDir, config, db, Buffer.alloc(32, 5));
    await app.listen({ port, host: '127.0.0.1' });
    closers.push(() => app.close());

    const tenant = (await listTenants(db.owner)).find((x) => x.slug === 'makassar')!;
    const { client, secret } = await registerClient(
      { ...systemContext(db.app, audit, 'bench'), tenant },
      { name: 'Aplikasi Bench', redirectUris: [`${RP}/cb`], postLogoutRedirectUris: [], scopes: ['openid', 'offline_access'] },
    );
    // The demo citizen of Makassar (src/modules/identity/seed.ts).
    const citizen = await db.owner.selectFrom('citizens').select('id').where('name', '=', 'Siti Aminah').executeTakeFirstOrThrow();
    const session = await createSession(db.app, tenant.id, { kind: 'citizen', id: citizen.id }, new Date());
    const issuer = `${base}/oidc`;
    const oidcConfig = await oc.discovery(new URL(issuer), client.id, {}, oc.ClientSecretBasic(secret!), { execute: [oc.allowInsecureRequests] });
    const refreshToken = await refreshTokenFor(base, session.token, oidcConfig);

    const baseline = await startBaseline(issuer, client.id);
    closers.push(baseline.close);
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(secret!)}`).toString('base64')}` };
    // The refresh token is not rotated for a confidential client (oidc-provider's default), so every
    // request presents the same one — as a client refreshing its session does.
    const check = await fetch(`${issuer}/token`, { method: 'POST', headers, body });
    if (check.status !== 200) throw new Error(`token endpoint answered ${check.status}: ${await check.text()}`);

    const cpu = new CpuProbe(process.pid, dataDir ? postmaster(dataDir)?.pid : undefined);
    const options = { connections: CONNECTIONS, durationS: DURATION_S, warmupS: 2, method: 'POST' as const, headers, body: () => body };
    const runs: LoadResult[] = [];
    runs.push(await runLoad('baseline', baseline.url, options));
    let before = 0;
    const appRun = await runLoad('token', `${issuer}/token`, { ...options, cpu, afterWarmup: async () => void (before = statements()) });
    const statementsPerRequest = Math.round(((statements() - before) / Math.max(1, appRun.total)) * 10) / 10;
    runs.push(appRun);
    runs.push(await runLoad('baseline', baseline.url, options));
    const baselineMean = (runs[0]!.reqPerSec + runs[2]!.reqPerSec) / 2;
    const ratio = appRun.reqPerSec / baselineMean;
    const result = {
      at: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage1m: os.loadavg()[0] ?? 0,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      ratio,
      baselineMean,
      statementsPerRequest,
      runs,
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'oidc-token.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `token endpoint (refresh_token grant, ${CONNECTIONS} connections, ${DURATION_S} s): ${appRun.reqPerSec.toFixed(0)} req/s (p99 ${appRun.p99Ms} ms, non-2xx ${appRun.non2xx}) ÷ raw ID-token signing baseline ${baselineMean.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)} %; ${statementsPerRequest} SQL statements per request (load average ${result.loadAverage1m.toFixed(1)} on ${result.cpus} CPUs)\n`,
    );
  } finally {
    for (const close of closers.reverse()) await close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await runBench('bench:token', main);

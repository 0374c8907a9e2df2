import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/db.js';
import type { DatabaseHandle } from '../../../db/index.js';
import { createAuditLog, loadAuditSigner } from '../../../platform/audit/index.js';
import { systemContext, type TenantContext } from '../../../platform/context.js';
import { listTenants, seedDemoTenants } from '../../tenancy/index.js';
import {
  createBuiltinRegistry,
  createHttpRegistry,
  getRegistrySettings,
  importResidentsCsv,
  nameKey,
  registryFor,
  saveRegistrySettings,
} from './registry.js';

let db: DatabaseHandle;
let tenantA: string;
let tenantB: string;
/** Tenant A's context (the first tenant by slug), at `now`. */
let ctxA: TenantContext;
const audit = createAuditLog({ signer: loadAuditSigner({ dataDir: '/tmp/gerbang-registry-test', env: 'test' }), pseudonymKey: Buffer.alloc(32, 7) });
const now = new Date('2026-12-01T03:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoTenants(systemContext(db.owner, audit, 'seed'));
  const rows = await db.owner.selectFrom('tenants').select(['id']).orderBy('slug').execute();
  tenantA = rows[0]!.id;
  tenantB = rows[1]!.id;
  const tenant = (await listTenants(db.app)).find((x) => x.id === tenantA)!;
  ctxA = { ...systemContext(db.app, audit, 'test'), now: () => now, tenant };
});
afterAll(() => db.close());

describe('nameKey', () => {
  it.each([
    ["Siti Nur'aini, S.Pd.", 'SITI NURAINI S PD'],
    ['  budi   santoso ', 'BUDI SANTOSO'],
    ['Andi Mallarangeng-Daeng', 'ANDI MALLARANGENG DAENG'],
    ['Renée Kusumawardhani', 'RENEE KUSUMAWARDHANI'],
  ])('%s → %s', (input, key) => expect(nameKey(input)).toBe(key));
});

describe('built-in registry', () => {
  const deps = () => ({ db: db.app, pseudonymize: audit.pseudonymize });

  it('imports residents from CSV, refusing bad lines without storing the NIK', async () => {
    const csv = [
      'nik;nama;tanggal_lahir',
      '7371014101900001;Siti Aminah;1990-01-01',
      '7371011502850002;Budi Santoso;1985-02-15',
      '7371013202850003;Salah Tanggal;1985-02-01', // day 32: invalid NIK
      '7371011502850004;Tidak Cocok;1985-02-16', // NIK date ≠ birth date
      '12345;Pendek;1990-01-01',
      '',
    ].join('\n');
    const result = await importResidentsCsv(ctxA, { csv });
    expect(result).toEqual({
      imported: 2,
      errors: [
        { line: 4, code: 'nik.birth_day' },
        { line: 5, code: 'registry.birth_date' },
        { line: 6, code: 'nik.format' },
      ],
    });
    const stored = await db.owner.selectFrom('population_registry').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain('7371014101900001');
  });

  it('refuses a CSV without the needed columns', async () => {
    expect(await importResidentsCsv(ctxA, { csv: 'a,b\n1,2' })).toEqual({ imported: 0, errors: [{ line: 1, code: 'registry.csv_header' }] });
  });

  it('answers match, mismatch and not_found, per tenant', async () => {
    const registry = createBuiltinRegistry(deps());
    expect(await registry.check(tenantA, { nik: '7371014101900001', name: 'siti  aminah', birthDate: '1990-01-01' })).toBe('match');
    expect(await registry.check(tenantA, { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-02' })).toBe('mismatch');
    expect(await registry.check(tenantA, { nik: '7371014101900001', name: 'Siti Rahma', birthDate: '1990-01-01' })).toBe('mismatch');
    expect(await registry.check(tenantA, { nik: '7371014101900009', name: 'Siti Aminah', birthDate: '1990-01-01' })).toBe('not_found');
    // Tenant B imported nobody: its residents are its own.
    expect(await registry.check(tenantB, { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-01' })).toBe('not_found');
  });
});

describe('HTTP registry adapter', () => {
  let server: http.Server;
  let url: string;
  const seen: { auth?: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { nik: string; name: string };
        seen.push({ auth: req.headers.authorization, body: parsed });
        if (req.headers.authorization !== 'Bearer rahasia-dukcapil') return res.writeHead(401).end();
        if (parsed.nik === '0000000000000500') return res.writeHead(500).end('boom');
        if (parsed.nik === '0000000000000000') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"weird":true}');
        const result = parsed.nik === '7371014101900001' ? (parsed.name === 'Siti Aminah' ? 'match' : 'mismatch') : 'not_found';
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends NIK, name and birth date with the key and reads the answer', async () => {
    const registry = createHttpRegistry({ url, key: 'rahasia-dukcapil' });
    expect(await registry.check(tenantA, { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-01' })).toBe('match');
    expect(await registry.check(tenantA, { nik: '7371014101900001', name: 'Siti', birthDate: '1990-01-01' })).toBe('mismatch');
    expect(await registry.check(tenantA, { nik: '7371014101900002', name: 'Siti', birthDate: '1990-01-01' })).toBe('not_found');
    expect(seen[0]).toEqual({ auth: 'Bearer rahasia-dukcapil', body: { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-01' } });
  });

  it('is unavailable on a wrong key, a server error, an odd body or no server', async () => {
    const q = { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-01' };
    expect(await createHttpRegistry({ url, key: 'salah' }).check(tenantA, q)).toBe('unavailable');
    expect(await createHttpRegistry({ url, key: 'rahasia-dukcapil' }).check(tenantA, { ...q, nik: '0000000000000500' })).toBe('unavailable');
    expect(await createHttpRegistry({ url, key: 'rahasia-dukcapil' }).check(tenantA, { ...q, nik: '0000000000000000' })).toBe('unavailable');
    expect(await createHttpRegistry({ url: 'http://127.0.0.1:1/verify', key: 'k' }).check(tenantA, q)).toBe('unavailable');
  });

  it('is chosen per tenant in the identity settings, without returning the key', async () => {
    const deps = { db: db.app, pseudonymize: audit.pseudonymize };
    expect(await registryFor(deps, tenantB)).toBeUndefined();
    await saveRegistrySettings(db.app, tenantB, { registry: 'http', registryUrl: url, registryKey: 'rahasia-dukcapil' }, now);
    expect(await getRegistrySettings(db.app, tenantB)).toEqual({ registry: 'http', registryUrl: url, hasKey: true });
    const registry = (await registryFor(deps, tenantB))!;
    expect(registry.kind).toBe('http');
    expect(await registry.check(tenantB, { nik: '7371014101900001', name: 'Siti Aminah', birthDate: '1990-01-01' })).toBe('match');
    expect((await registryFor(deps, tenantA))).toBeUndefined();
  });
});

describe('registry administration over HTTP', () => {
  it('lets a tenant admin import residents and choose the registry; others are refused', async () => {
    const { createTestApp } = await import('../../../../test/app.js');
    const { signInAs } = await import('../../../../test/auth.js');
    const app = await createTestApp();
    try {
      const admin = await signInAs(app, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
      const verifier = await signInAs(app, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
      const csv = 'nik,nama,tanggal_lahir\n7371014101900001,Siti Aminah,1990-01-01\n';
      expect((await app.app.inject({ method: 'POST', url: '/t/makassar/api/v1/identity/registry/residents', headers: { cookie: verifier.cookie }, payload: { csv } })).statusCode).toBe(403);
      const imported = await app.app.inject({ method: 'POST', url: '/t/makassar/api/v1/identity/registry/residents', headers: { cookie: admin.cookie }, payload: { csv } });
      expect(imported.json()).toEqual({ imported: 1, errors: [] });
      const set = await app.app.inject({ method: 'PUT', url: '/t/makassar/api/v1/identity/registry', headers: { cookie: admin.cookie }, payload: { registry: 'http', registryUrl: 'https://dukcapil.example.go.id/verify', registryKey: 'rahasia' } });
      expect(set.json()).toEqual({ registry: 'http', registryUrl: 'https://dukcapil.example.go.id/verify', hasKey: true });
      expect(set.body).not.toContain('rahasia');
    } finally {
      await app.close();
    }
  });
});

// The OpenAPI document tells a client every refusal it can meet and how to name the government:
// each operation declares its 4xx answers, signed-in ones 401 and 403, and an operation that answers
// "tenant required" declares the `tenant` parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyRule } from '../src/platform/auth/policy.js';
import { createTestApp, type TestApp } from './app.js';

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses?: Record<string, unknown>;
}

let t: TestApp;
let paths: Record<string, Record<string, Operation>>;

beforeAll(async () => {
  t = await createTestApp();
  paths = (await t.app.inject('/api/openapi.json')).json().paths;
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

describe('OpenAPI', () => {
  it('every operation declares its 4xx answers; operations for signed-in callers 401 and 403', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(80);
    const missing: string[] = [];
    for (const { path, method, op } of ops) {
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => c.startsWith('4'))) missing.push(`${method} ${path}: no 4xx`);
      const route = t.routes.find((r) => r.method === method && r.url === path.replace(/\{(\w+)\}/g, ':$1'));
      if (route && policyRule(route.policy).anonymous !== true && !(codes.includes('401') && codes.includes('403'))) {
        missing.push(`${method} ${path}: signed-in only, without 401/403`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('an operation that answers "tenant required" declares the tenant parameter; one that needs none declares none it does not read', async () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations()) {
      if (!path.startsWith('/api/v1/')) continue;
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.app.inject({ method: method as 'GET', url, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
      const declares = (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'tenant');
      const code = res.headers['content-type']?.toString().includes('json') ? (res.json() as { code?: string }).code : undefined;
      if (code === 'tenant.required' && !declares) wrong.push(`${method} ${path} answers tenant.required without declaring the tenant parameter`);
      if (code === 'tenant.required' && !op.responses?.['400']) wrong.push(`${method} ${path} answers 400 without declaring it`);
    }
    expect(wrong).toEqual([]);
    // The tenant-free operations declare no tenant they would ignore.
    const tenants = paths['/api/v1/tenants']!.get!;
    expect((tenants.parameters ?? []).map((p) => p.name)).not.toContain('tenant');
    const categories = paths['/api/v1/complaints/categories']!.get!;
    expect((categories.parameters ?? []).map((p) => p.name)).toContain('tenant');
  });
});

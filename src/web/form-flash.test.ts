import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { putFormFlash, takeFormFlash } from './form-flash.js';

/** A request of a session whose CSRF token is `token`, carrying `cookies`, and a reply that records cookies. */
function exchange(token: string, cookies: Record<string, string> = {}) {
  const set: { name: string; value: string; options: Record<string, unknown> }[] = [];
  const cleared: { name: string; options: Record<string, unknown> }[] = [];
  const request = { csrfToken: () => token, cookies, basePath: '/t/makassar', url: '/kelola/layanan/1?ok=saved', protocol: 'http' } as unknown as FastifyRequest;
  const reply = {
    setCookie: (name: string, value: string, options: Record<string, unknown>) => set.push({ name, value, options }),
    clearCookie: (name: string, options: Record<string, unknown>) => cleared.push({ name, options }),
  } as unknown as FastifyReply;
  return { request, reply, set, cleared };
}

const missing = (i: number) => ({ field: `/components/k${i}`, code: 'component_missing', message: 'Komponen ini wajib diisi sebelum diterbitkan.' });

describe('form flash', () => {
  it('carries errors and values to the page named, for its session only, read once', () => {
    const post = exchange('token-a');
    putFormFlash(post.request, post.reply, '/t/makassar/kelola/layanan/1?ok=saved', { errors: [missing(1)], values: { effectiveFrom: '2099-03-01' } });
    expect(post.set).toHaveLength(1);
    const { name, value, options } = post.set[0]!;
    expect(options).toMatchObject({ path: '/t/makassar/kelola/layanan/1', httpOnly: true, sameSite: 'lax', maxAge: 300 });

    const get = exchange('token-a', { [name]: value });
    expect(takeFormFlash(get.request, get.reply)).toEqual({ errors: [missing(1)], values: { effectiveFrom: '2099-03-01' } });
    expect(get.cleared).toEqual([{ name, options: { path: '/t/makassar/kelola/layanan/1' } }]);

    const otherSession = exchange('token-b', { [name]: value });
    expect(takeFormFlash(otherSession.request, otherSession.reply)).toBeUndefined();
    for (const forged of ['', 'abc', `${value}x`, `x${value}`, value.replace('.', '')]) {
      expect(takeFormFlash(exchange('token-a', { [name]: forged }).request, exchange('token-a').reply), forged).toBeUndefined();
    }
    expect(takeFormFlash(exchange('token-a').request, exchange('token-a').reply)).toBeUndefined();
  });

  it('keeps to what a cookie holds: the first errors when there are too many', () => {
    const post = exchange('token-a');
    // Distinct messages that do not compress away.
    const errors = Array.from({ length: 200 }, (_, i) => ({ ...missing(i), message: `${i}-${Math.random().toString(36)}${Math.random().toString(36)}` }));
    putFormFlash(post.request, post.reply, '/x', { errors });
    const { name, value } = post.set[0]!;
    expect(value.length).toBeLessThanOrEqual(3500);
    const kept = takeFormFlash(exchange('token-a', { [name]: value }).request, exchange('token-a').reply)!;
    expect(kept.errors.length).toBeGreaterThan(0);
    expect(kept.errors).toEqual(errors.slice(0, kept.errors.length));
  });
});

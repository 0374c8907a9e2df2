// What a form's POST hands to the page it redirects to: a new API key or the recovery codes (shown
// once), the identifier a sign-in code was sent to, the citizen found at the counter. POST/redirect/GET
// means no result is rendered on the POST URL (a reload would send the form again: a second key, a
// second code), and none of these may travel in a URL (request logs keep URLs; a NIK or a key must not
// be written there). So the POST seals the value (AES-256-GCM under a key derived from the app secret)
// into a short-lived HttpOnly cookie scoped to the page that shows it and bound to the person who asked
// (not to the session, which a sign-in step rotates); the page opens it, and clears it when it is shown
// once.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type CarryName = 'api_key' | 'recovery' | 'code_login' | 'counter' | 'oidc_secret';

const COOKIE = (name: CarryName) => `gerbang_${name}`;

export interface Carry {
  /** Seals `value` for the page at `path` (a path under the tenant) for `ttlSeconds`. */
  put(request: FastifyRequest, reply: FastifyReply, name: CarryName, path: string, value: unknown, now: Date, ttlSeconds?: number): void;
  /** The value, if one was sealed for this person and has not expired. */
  peek<T>(request: FastifyRequest, name: CarryName, now: Date): T | undefined;
  /** peek, then clear: a value shown once. */
  take<T>(request: FastifyRequest, reply: FastifyReply, name: CarryName, path: string, now: Date): T | undefined;
}

const personOf = (request: FastifyRequest) => ('id' in request.principal ? `${request.principal.kind}:${request.principal.id}` : 'anonymous');

export function createCarry(key: Buffer, secure: boolean): Carry {
  const cookieOptions = (request: FastifyRequest, path: string) => ({ path: `${request.basePath}${path}`, httpOnly: true, secure, sameSite: 'lax' as const });
  const open = <T>(request: FastifyRequest, name: CarryName, now: Date): T | undefined => {
    const sealed = request.cookies?.[COOKIE(name)];
    if (!sealed) return undefined;
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(raw.subarray(12, 28));
      const payload = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as { s: string; e: number; v: T };
      return payload.s === personOf(request) && payload.e > now.getTime() ? payload.v : undefined;
    } catch {
      return undefined; // not ours, tampered with, or sealed under another key
    }
  };
  return {
    put(request, reply, name, path, value, now, ttlSeconds = 600) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(name));
      const body = Buffer.concat([cipher.update(JSON.stringify({ s: personOf(request), e: now.getTime() + ttlSeconds * 1000, v: value }), 'utf8'), cipher.final()]);
      reply.setCookie(COOKIE(name), Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), { ...cookieOptions(request, path), maxAge: ttlSeconds });
    },
    peek: open,
    take<T>(request: FastifyRequest, reply: FastifyReply, name: CarryName, path: string, now: Date): T | undefined {
      const value = open<T>(request, name, now);
      if (request.cookies?.[COOKIE(name)]) reply.clearCookie(COOKIE(name), cookieOptions(request, path));
      return value;
    },
  };
}

// A result carried from a form's POST to the page that shows it (POST/redirect/GET), where it must not
// go into the URL (a secret tracking code, a revealed identity) nor be kept on the server: sealed
// (AES-256-GCM, a key derived from the app secret for this purpose) in a short-lived HttpOnly,
// SameSite=Strict cookie scoped to the page's path. A cookie that is forged, altered, sealed for
// another purpose or past its time reads as nothing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SealedCookie<T> {
  /** Seals `value` into the cookie of the page at `path` (under the request's tenant prefix). */
  set(request: FastifyRequest, reply: FastifyReply, value: T): void;
  read(request: FastifyRequest): T | undefined;
  clear(request: FastifyRequest, reply: FastifyReply): void;
}

export function sealedCookie<T>(options: {
  name: string;
  /** 32 bytes: deriveKey(APP_SECRET, purpose). */
  key: Buffer;
  /** The page that reads it, below the tenant prefix (e.g. /pengaduan/terkirim); the same for the POST that sets it and the page. */
  path: string | ((request: FastifyRequest) => string);
  maxAgeSeconds: number;
  /** Secure cookies (production). */
  secure: boolean;
  /** The app's clock. */
  now: () => Date;
}): SealedCookie<T> {
  const { name, key } = options;
  const cookieOptions = (request: FastifyRequest) => ({
    path: `${request.basePath}${typeof options.path === 'string' ? options.path : options.path(request)}`,
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: options.secure,
  });
  return {
    set(request, reply, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(name));
      const expires = options.now().getTime() + options.maxAgeSeconds * 1000;
      const sealed = Buffer.concat([cipher.update(JSON.stringify({ expires, value }), 'utf8'), cipher.final()]);
      const token = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
      reply.setCookie(name, token, { ...cookieOptions(request), maxAge: options.maxAgeSeconds });
    },
    read(request) {
      const token = request.cookies[name];
      if (!token || !/^[A-Za-z0-9_-]{40,8000}$/.test(token)) return undefined;
      try {
        const bytes = Buffer.from(token, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAAD(Buffer.from(name));
        decipher.setAuthTag(bytes.subarray(12, 28));
        const { expires, value } = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as { expires: number; value: T };
        return expires > options.now().getTime() ? value : undefined;
      } catch {
        return undefined;
      }
    },
    clear(request, reply) {
      reply.clearCookie(name, cookieOptions(request));
    },
  };
}

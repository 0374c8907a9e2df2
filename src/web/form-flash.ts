// What a form's POST carries to the page it redirects to when it did part of its work and was refused
// the rest (a draft saved, its publication refused): the errors and a few values not stored anywhere
// else. POST/redirect/GET needs the refusal to cross the redirect; a cookie does it without server
// state (any app process serves the GET) and without putting messages in the URL (logs, history).
//
// The cookie is read once (the page clears it), lives for minutes, is scoped to the target page's
// path, and is signed with the request's CSRF token — a secret bound to the session — so a refusal
// cannot be forged or carried into another person's session. Compressed: fourteen "component
// missing" errors repeat the same words, and a cookie holds about 4 KB.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../platform/errors.js';

export interface FormFlash {
  errors: FieldError[];
  /** What was typed that the page cannot read back from what was saved (small: it travels in a cookie). */
  values?: Record<string, string>;
}

const COOKIE = 'form_flash';
const MAX_AGE_SECONDS = 300;
// Browsers keep cookies up to 4096 bytes, name and attributes included.
const MAX_VALUE_BYTES = 3500;

const pathOf = (url: string) => new URL(url, 'http://x').pathname;
const sign = (request: FastifyRequest, payload: string) => createHmac('sha256', request.csrfToken()).update(payload).digest('base64url');

function encode(request: FastifyRequest, flash: FormFlash): string {
  const payload = deflateRawSync(JSON.stringify(flash)).toString('base64url');
  return `${payload}.${sign(request, payload)}`;
}

function decode(request: FastifyRequest, value: string): FormFlash | undefined {
  const [payload, mac] = value.split('.');
  if (!payload || !mac) return undefined;
  const expected = Buffer.from(sign(request, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const flash = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8')) as FormFlash;
    return Array.isArray(flash.errors) ? flash : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `flash` for the next GET of `to` (a path, with or without its query). */
export function putFormFlash(request: FastifyRequest, reply: FastifyReply, to: string, flash: FormFlash): void {
  let kept = flash;
  let value = encode(request, kept);
  // Too many errors to carry: the first ones, which the page lists first anyway.
  while (value.length > MAX_VALUE_BYTES && kept.errors.length > 1) {
    kept = { ...kept, errors: kept.errors.slice(0, Math.ceil(kept.errors.length / 2)) };
    value = encode(request, kept);
  }
  reply.setCookie(COOKIE, value, {
    path: pathOf(to),
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: MAX_AGE_SECONDS,
  });
}

/** The flash a form's POST left for this page, read once (the reply clears it); undefined when none or not genuine. */
export function takeFormFlash(request: FastifyRequest, reply: FastifyReply): FormFlash | undefined {
  const value = request.cookies?.[COOKIE];
  if (value === undefined) return undefined;
  reply.clearCookie(COOKIE, { path: `${request.basePath}${pathOf(request.url)}` });
  return decode(request, value);
}

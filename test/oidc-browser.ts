// For the provider's tests: a test app reached at PUBLIC_BASE_URL http://gerbang.test without a
// socket (fetch answered by app.inject), and a "browser" over it — a cookie jar honouring cookie
// paths, redirects followed by hand so each hop can be looked at.
import type { TestApp } from './app.js';

export const BASE = 'http://gerbang.test';
export const ISSUER = `${BASE}/oidc`;

/** A fetch answered by the test app (openid-client's customFetch, and the browser below). */
export function appFetch(t: TestApp) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    const body = init.body === undefined || init.body === null ? undefined : init.body instanceof URLSearchParams ? init.body.toString() : (init.body as string);
    const res = await t.app.inject({ method: (init.method ?? 'GET') as 'GET', url: url.pathname + url.search, headers: { host: url.host, ...headers }, ...(body === undefined ? {} : { payload: body }) });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const x of v) out.append(k, String(x));
      else if (v !== undefined) out.set(k, String(v));
    }
    return new Response([204, 301, 302, 303, 304].includes(res.statusCode) ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  };
}

interface Cookie {
  value: string;
  path: string;
}

export class Browser {
  private readonly jar = new Map<string, Cookie>();
  constructor(
    private readonly t: TestApp,
    cookie?: string,
  ) {
    if (cookie) for (const part of cookie.split(';')) this.setCookie(`${part.trim()}; Path=/`);
  }

  private setCookie(header: string): void {
    const [pair, ...attrs] = header.split(';');
    const [name, ...rest] = pair!.split('=');
    const path = attrs.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
    const expired = attrs.some((a) => /^max-age=0$/i.test(a.trim()) || /^expires=Thu, 01 Jan 1970/i.test(a.trim()));
    const key = `${name!.trim()}|${path}`;
    if (expired) this.jar.delete(key);
    else this.jar.set(key, { value: rest.join('='), path });
  }

  cookieFor(path: string): string {
    return [...this.jar.entries()]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([k, c]) => `${k.split('|')[0]}=${c.value}`)
      .join('; ');
  }

  /** One request, no redirect followed. */
  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const u = new URL(url, BASE);
    const res = await this.t.app.inject({
      method,
      url: u.pathname + u.search,
      headers: {
        host: u.host,
        accept: 'text/html',
        cookie: this.cookieFor(u.pathname),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) this.setCookie(c);
    return res;
  }

  /** GET and follow redirects while they stay on the test app; returns the last answer and its URL. */
  async follow(url: string, stopAt?: (url: URL) => boolean, base = BASE) {
    let current = new URL(url, base);
    for (let hops = 0; hops < 15; hops++) {
      if (stopAt?.(current) || current.origin !== base) return { res: undefined, url: current };
      const res = await this.request("GET", current.href);
      if (res.statusCode < 300 || res.statusCode >= 400) return { res, url: current };
      current = new URL(String(res.headers.location), current);
    }
    throw new Error('too many redirects');
  }
}

/** The action of the first form of a page that has a control named `control` (the header's "Keluar" form is one too). */
export function formAction(html: string, control = 'decision'): string {
  const form = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[2]!.includes(`name="${control}"`));
  return form![1]!.replace(/&amp;/g, '&');
}
export function hiddenValue(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;
}

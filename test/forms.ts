// Forms as a browser posts them, for HTTP tests: a page's form (its action URL with the CSRF token of
// multipart forms, the cookies the page set) and multipart bodies.
import { Readable } from 'node:stream';
import type { TestApp } from './app.js';

export interface FormFile {
  name: string;
  filename: string;
  type: string;
  data: Buffer;
}

/** A multipart body: text fields, then files (an empty file input is an empty part). */
export function multipartBody(fields: Record<string, string>, files: FormFile[] = []): { payload: Buffer; type: string } {
  const boundary = '----gerbang-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A multipart body with text fields, then one file of `total` bytes (`first`, then spaces) made as it
 * is read: `pulled()` says how many of the file's bytes the server has asked for.
 */
export function streamingMultipart(fields: Record<string, string>, file: { name: string; filename: string; first: Buffer; total: number }) {
  const boundary = '----gerbang-stream-boundary';
  let sent = 0;
  let done = false;
  const stream = new Readable({
    read() {
      if (done) return;
      if (sent === 0) {
        for (const [name, value] of Object.entries(fields)) this.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
        this.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/pdf\r\n\r\n`));
        this.push(file.first);
        sent = file.first.length;
      } else if (sent < file.total) {
        const chunk = Buffer.alloc(Math.min(64 * 1024, file.total - sent), 0x20);
        sent += chunk.length;
        this.push(chunk);
      } else {
        done = true;
        this.push(Buffer.from(`\r\n--${boundary}--\r\n`));
        this.push(null);
      }
    },
  });
  return { stream, type: `multipart/form-data; boundary=${boundary}`, pulled: () => sent };
}

/** The first multipart form of a page: where it posts (CSRF token included) and the cookies to send. */
export async function openMultipartForm(t: TestApp, url: string, cookie?: string): Promise<{ action: string; cookie: string }> {
  const res = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`);
  const action = /<form method="post" action="([^"]+)"[^>]*enctype="multipart\/form-data"/.exec(res.body)?.[1];
  if (!action) throw new Error(`no multipart form on ${url}`);
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  return { action: action.replaceAll('&amp;', '&'), cookie: [cookie, ...set].filter(Boolean).join('; ') };
}

/** Posts a page's multipart form with these fields and files. */
export async function postMultipartForm(t: TestApp, url: string, fields: Record<string, string>, files: FormFile[] = [], cookie?: string) {
  const form = await openMultipartForm(t, url, cookie);
  const { payload, type } = multipartBody(fields, files);
  return t.app.inject({ method: 'POST', url: form.action, headers: { 'content-type': type, cookie: form.cookie }, payload });
}

/**
 * What a browser does with a form's answer (POST/redirect/GET): a 303 is followed by a GET of its
 * Location with the cookies sent and those the answer set; any other answer is returned as it is.
 */
export async function followRedirect(t: TestApp, res: Awaited<ReturnType<TestApp['app']['inject']>>, cookie?: string) {
  if (res.statusCode !== 303) return res;
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  const jar = [cookie, ...set].filter(Boolean).join('; ');
  return t.app.inject({ url: String(res.headers.location), headers: jar ? { cookie: jar } : {} });
}

/** Posts to `url` urlencoded, as a browser does, with the CSRF token of the page at `from` (default `url`) and the cookies it set. */
export async function postUrlencodedForm(t: TestApp, url: string, fields: Record<string, string>, cookie?: string, from = url) {
  const page = await t.app.inject({ url: from, headers: cookie ? { cookie } : {} });
  const found = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? /[?&](?:amp;)?_csrf=([^"&]+)/.exec(page.body)?.[1];
  if (!found) throw new Error(`no form on ${url}: ${page.statusCode}`);
  const set = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { accept: 'text/html', cookie: [cookie, ...set].filter(Boolean).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: decodeURIComponent(found), ...fields }).toString(),
  });
}

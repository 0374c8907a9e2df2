// The example client application (development): registered by the demo seed, it signs the demo
// tenant's citizen in through Gerbang over real HTTP and shows the claims it received.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { citizenBrowser, listeningTestApp } from '../../../test/oidc-rp.js';
import { systemContext } from '../../platform/context.js';
import { seedDemoOidcClient } from './dev-client.js';

let t: TestApp;
let base: string;
beforeAll(async () => {
  // The provider and the example client talk over HTTP, as in `npm start`.
  ({ t, base } = await listeningTestApp());
  expect(await seedDemoOidcClient(systemContext(t.db.owner, t.audit, 'seed'), { publicBaseUrl: base, appSecret: TEST_APP_SECRET })).toBe(true);
  expect(await seedDemoOidcClient(systemContext(t.db.owner, t.audit, 'seed'), { publicBaseUrl: base, appSecret: TEST_APP_SECRET })).toBe(false);
});
afterAll(() => t?.close());

it('signs the citizen in through Gerbang and shows the claims it received', async () => {
  const { browser, name } = await citizenBrowser(t);
  const start = await browser.request('GET', `${base}/dev/oidc-client`);
  expect(start.body).toContain('Masuk dengan Gerbang');
  const end = await browser.follow(`${base}/dev/oidc-client/masuk`, undefined, base);
  // The consent page, then back to the example client.
  expect(end.res?.body).toContain('Contoh Aplikasi Pemerintah');
  const html = end.res!.body;
  const form = /<form[^>]*action="([^"]+)"[^>]*>(?:(?!<\/form>)[\s\S])*name="decision"/.exec(html)![1]!;
  const post = await browser.request('POST', new URL(form, base).href, { _csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]!, decision: 'allow' });
  const shown = await browser.follow(new URL(String(post.headers.location), base).href, undefined, base);
  expect(shown.url.pathname).toBe('/dev/oidc-client/callback');
  expect(shown.res?.statusCode).toBe(200);
  expect(shown.res?.body).toContain(name);
  expect(shown.res?.body).toContain('&quot;acr&quot;: &quot;registry&quot;');
});

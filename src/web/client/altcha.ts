// The proof-of-work widget island of the complaint form (bundled by scripts/build-client.mjs into
// src/web/static/build/altcha.js and altcha.css). The `altcha` package's external build: no inline
// styles, no blob: workers — it runs under the app's CSP (script-src/style-src 'self'). The PBKDF2
// worker is copied beside it. Without JavaScript the form still posts (stricter limit; decision 0015).
import 'altcha/external';
import 'altcha/i18n/id';
import 'altcha/altcha.css';

const altcha = (globalThis as unknown as { $altcha: { algorithms: Map<string, () => Worker> } }).$altcha;
altcha.algorithms.set('PBKDF2/SHA-256', () => new Worker('/static/build/altcha-pbkdf2.js'));

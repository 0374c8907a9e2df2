// Bundles the browser islands (src/web/client/*) into src/web/static/build/, served under
// /static/build/. Used by `npm run build`/`npm start`, `npm run dev` and the test set-up.
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildClient() {
  await build({
    absWorkingDir: root,
    entryPoints: [
      'src/web/client/complaints-map.ts',
      'src/web/client/location-picker.ts',
      'src/web/client/location-picker-map.ts',
      'src/web/client/service-area-editor.ts',
      'src/web/client/point-map.ts',
      'src/web/client/point-map-view.ts',
      'src/web/client/altcha.ts',
      'src/web/client/passkey.ts',
      'src/web/client/form-builder.ts',
      'src/web/client/qr-scan.ts',
      'src/web/client/chart-tips.ts',
    ],
    outdir: 'src/web/static/build',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2020'],
    minify: true,
    // Leaflet's CSS images (layer icons) become data: URLs, which the CSP img-src allows.
    loader: { '.png': 'dataurl', '.svg': 'dataurl' },
    logLevel: 'warning',
  });
  // The ALTCHA widget's PBKDF2 worker, loaded by URL from src/web/client/altcha.ts.
  const altchaDist = path.dirname(path.dirname(createRequire(import.meta.url).resolve('altcha/external')));
  fs.copyFileSync(path.join(altchaDist, 'workers', 'pbkdf2.js'), path.join(root, 'src/web/static/build/altcha-pbkdf2.js'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildClient();
  process.stdout.write('built src/web/static/build/\n');
}

// Bundles the server into dist/main.js (dependencies stay external) so `npm start` runs plain Node:
// no TypeScript loader at start-up, less memory. See docs/decisions/0003-run-typescript-with-tsx.md.
import { build } from 'esbuild';
import { buildClient } from './build-client.mjs';

const started = Date.now();
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await buildClient();
process.stdout.write(`built dist/main.js and the browser islands in ${Date.now() - started} ms\n`);

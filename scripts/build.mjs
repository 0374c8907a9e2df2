// Bundles the server into dist/main.js (dependencies stay external but Kysely, see below) so `npm start` runs plain Node:
// no TypeScript loader at start-up, less memory. See docs/decisions/0003-run-typescript-with-tsx.md.
import { build } from 'esbuild';
import { buildClient } from './build-client.mjs';

/** An esbuild plugin: every bare import is external unless its package is in `bundled`. */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

const started = Date.now();
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay external (node_modules at run time), except the pure-ESM ones made of hundreds of
  // small files: loading Kysely's 279 modules one by one cost ~0.15 s of every start.
  plugins: [externalExcept(['kysely'])],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await buildClient();
process.stdout.write(`built dist/main.js and the browser islands in ${Date.now() - started} ms\n`);

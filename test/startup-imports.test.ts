// What `gerbang serve` loads before it answers: the libraries that only one page, job or ceremony uses
// load when it first runs (docs/performance.md, docs/architecture.md "Rules the checks enforce"). This
// follows the static imports from src/serve.ts as esbuild bundles them (scripts/build.mjs) and fails
// when one of those libraries is reachable without a dynamic import(): each costs start-up time and
// idle memory on every start, including the many starts that never use it.
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Loaded on first use; each entry names the first use that pays for it. */
const ON_FIRST_USE: Record<string, string> = {
  '@node-rs/argon2': 'the first password hashed or checked',
  otplib: 'the first authenticator enrolment or code',
  qrcode: 'the first QR code (payment, receipt, signed document)',
  'file-type': 'the first upload',
  nodemailer: 'the first e-mail sent',
  'smtp-server': 'the development mailbox (never in production)',
  mailparser: 'the first message the development mailbox captures',
  '@simplewebauthn/server': 'the first passkey ceremony',
  sharp: 'the first photo',
  'pdf-lib': 'the first receipt PDF or signed document',
  pkijs: 'the first signed document',
  asn1js: 'the first signed document',
  '@signpdf/signpdf': 'the first signed document',
  'oidc-provider': 'the first OpenID Connect request',
};

/** The packages reachable from `entry` through static imports only. */
function staticPackages(metafile: Metafile, entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' && imported.kind !== 'require-call') continue;
      if (imported.external) {
        const name = imported.path.startsWith('@') ? imported.path.split('/').slice(0, 2).join('/') : imported.path.split('/')[0]!;
        packages.add(name);
      } else walk(imported.path);
    }
  };
  walk(entry);
  return packages;
}

describe('start-up imports', () => {
  it('serve reaches none of the on-first-use libraries through a static import', async () => {
    const result = await build({
      entryPoints: ['src/main.ts'],
      bundle: true,
      write: false,
      outdir: 'unused',
      platform: 'node',
      format: 'esm',
      splitting: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      metafile: true,
      logLevel: 'silent',
      // Every package external, as scripts/build.mjs keeps them (Kysely aside, which is none of these).
      packages: 'external',
    });
    const loadedAtStart = staticPackages(result.metafile, 'src/serve.ts');
    // The walk sees the app's ordinary dependencies (it would find nothing if it followed no import).
    expect(loadedAtStart).toContain('fastify');
    const eager = Object.keys(ON_FIRST_USE).filter((name) => loadedAtStart.has(name));
    expect(eager.map((name) => `${name} (meant for ${ON_FIRST_USE[name]})`)).toEqual([]);
  }, 60_000);
});

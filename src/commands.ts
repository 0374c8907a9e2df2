// The `gerbang` command: serve | migrate | seed | audit verify | audit export | audit verify-export |
// calendar | dev totp. Every command works whether or not a server runs on the same data directory: it
// uses the running embedded PostgreSQL, or starts (and afterwards stops) one itself. main.ts loads this
// file (and, for `serve`, has already begun starting the embedded PostgreSQL).
//
// Each command imports what it needs when it runs: `dev totp` must print a code well inside its 30-s
// window, and loading the whole app (Fastify, every module, sharp, the mail libraries) for it cost
// most of its time (issue 16). `serve` loads the app from serve.ts.
import cluster from 'node:cluster';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { say, UsageError } from './cli.js';
import { ConfigError, loadConfig } from './config.js';
import { BackupError } from './db/backup/manifest.js';
import { type EmbeddedServer, EmbeddedPostgresError } from './db/embedded.js';
import { DatabaseUnavailableError } from './db/index.js';
import { type Checkpoint, exportAudit, readCheckpointFile, verifyAudit, verifyExport } from './platform/audit/index.js';
import { systemContext } from './platform/context.js';
import { DomainError } from './platform/errors.js';
import { t } from './platform/i18n/index.js';
import { connectServeDatabase, type Runtime, withRuntime } from './runtime.js';

const USAGE = `Usage: gerbang <command>
  serve                     start the portal (default)
  migrate                   apply database migrations
  seed                      seed the demo tenants (idempotent)
  seed applications --count N [--tenant SLUG]
                            development only: N open applications in a demo tenant's queues
                            (default makassar), for the queue benchmark; counts what an earlier
                            run seeded and adds only what is missing
  seed volume --applications N --complaints N [--tenant SLUG]
                            development only: N applications and complaints spread over the last
                            year (the dashboard benchmark's 1,000,000 each), then the dashboard's
                            aggregates rebuilt
  transparency rebuild [--tenant SLUG]
                            recount a tenant's public dashboard figures from the source rows
  audit verify [--checkpoints FILE]
                            verify the audit chain, its signatures and checkpoints
  audit export [--out FILE] export the audit log (JSON lines) for an external auditor
  documents import-p12 FILE --tenant SLUG
                            make a PKCS#12 (password in P12_PASSWORD) the tenant's document signing key
  import surveys FILE --tenant SLUG [--source NAME]
                            import paper or legacy satisfaction survey results (CSV, docs/surveys.md);
                            all or nothing: bad lines are listed by number
  oidc rotate-keys          a new signing key for the OpenID Provider (the old one stays published a day)
  audit verify-export FILE [--published WELL_KNOWN.json] [--checkpoints FILE]
                            verify an export offline, without a database, against the keys and
                            checkpoints published at /.well-known/audit-checkpoints
  calendar set --tenant SLUG --date YYYY-MM-DD --action add|remove --source DECREE [--name NAME] [--type T]
                            amend a tenant's working-day calendar (audited)
  tenant parent --tenant SLUG --parent PROVINCE_SLUG|none
                            name the province a regency or city belongs to (the portal groups them)
  calendar clear --tenant SLUG --date YYYY-MM-DD
  calendar list --tenant SLUG --year YYYY
  backup                    embedded PostgreSQL: a base backup into BACKUP_DIR, with the uploaded
                            files and keys (WAL is archived there continuously)
  backup point NAME         a named restore point (archived at once, with the files written so far)
  backup list               the base backups, restore points and archive in BACKUP_DIR
  restore [--point NAME | --time ISO]
                            rebuild an EMPTY DATA_DIR from BACKUP_DIR, to a point, a time or the
                            latest archived moment; checks every byte first
  dev totp EMAIL            development only: print the current authenticator code of a demo officer`;

async function runCalendarCommand(
  rt: Runtime,
  sub: string | undefined,
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  const { listTenants } = await import('./modules/tenancy/index.js');
  const { clearCalendarOverride, listTenantHolidays, setCalendarOverride } = await import('./modules/calendar/index.js');
  const slug = String(values.tenant ?? '');
  const tenant = (await listTenants(rt.db.owner)).find((t) => t.slug === slug);
  if (!tenant) throw new UsageError(`calendar ${sub ?? ''}: --tenant must name an existing tenant (got "${slug}")`);
  const ctx = { ...systemContext(rt.db.owner, rt.audit, 'cli'), tenant };
  if (sub === 'set') {
    const action = values.action === 'remove' ? 'remove' : values.action === 'add' ? 'add' : undefined;
    if (!action || !values.date || !values.source) {
      throw new UsageError('calendar set needs --date, --action add|remove and --source');
    }
    await setCalendarOverride(ctx, {
      date: String(values.date),
      action,
      source: String(values.source),
      name: values.name ? String(values.name) : undefined,
      type: values.type as Parameters<typeof setCalendarOverride>[1]['type'],
    });
    say(`${tenant.slug}: ${values.date} ${action === 'add' ? 'is now a day off' : 'is now a working day'}.`);
    return 0;
  }
  if (sub === 'clear') {
    const cleared = await clearCalendarOverride(ctx, { date: String(values.date ?? '') });
    say(cleared ? `${tenant.slug}: amendment of ${values.date} removed.` : `${tenant.slug}: no amendment on ${values.date}.`);
    return 0;
  }
  if (sub === 'list') {
    const year = Number(values.year ?? new Date().getFullYear());
    if (!Number.isInteger(year) || year < 1970 || year > 2100) throw new UsageError('calendar list: --year must be a year');
    say(JSON.stringify(await listTenantHolidays(rt.db.owner, tenant, year), null, 2));
    return 0;
  }
  throw new UsageError(`unknown calendar command "${sub ?? ''}"`);
}

/** `seed applications`: bulk open applications for the queue benchmark (docs/applications.md). */
async function runSeedApplications(rt: Runtime, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (rt.config.env === 'production') throw new UsageError('seed applications makes test data: not available in production');
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new UsageError(`seed applications: --count must be a whole number from 1 to 1000000 (got "${values.count ?? ''}")`);
  const slug = String(values.tenant ?? 'makassar');
  const { listTenants } = await import('./modules/tenancy/index.js');
  const tenant = (await listTenants(rt.db.owner)).find((t) => t.slug === slug);
  if (!tenant) throw new UsageError(`seed applications: --tenant must name an existing tenant (got "${slug}")`);
  const { seedBulkApplications } = await import('./modules/applications/index.js');
  const ctx = { ...systemContext(rt.db.app, rt.audit, 'seed'), tenant, publicBaseUrl: rt.config.publicBaseUrl };
  let shown = 0;
  const result = await seedBulkApplications(ctx, {
    count,
    onProgress: (done, of) => {
      if (done - shown >= 10_000 || done === of) {
        shown = done;
        say(`  ${done.toLocaleString('en')} of ${of.toLocaleString('en')}`);
      }
    },
  });
  say(
    result.added === 0
      ? `${slug}: ${result.existing.toLocaleString('en')} seeded application(s) already there; nothing added.`
      : `${slug}: ${result.added.toLocaleString('en')} open application(s) added over ${result.services} service(s) in ${(result.ms / 1000).toFixed(1)} s (${result.existing.toLocaleString('en')} were there).`,
  );
  return 0;
}

async function run(argv: string[], early: Promise<EmbeddedServer> | undefined): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      checkpoints: { type: 'string' },
      published: { type: 'string' },
      out: { type: 'string' },
      count: { type: 'string' },
      applications: { type: 'string' },
      complaints: { type: 'string' },
      tenant: { type: 'string' },
      parent: { type: 'string' },
      source: { type: 'string' },
      point: { type: 'string' },
      time: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const [command = 'serve', sub, arg] = positionals;
  if (command === 'audit' && sub === 'verify-export') {
    if (!arg) throw new UsageError('audit verify-export needs the export file');
    // Keys and checkpoints obtained from the agency (a saved /.well-known/audit-checkpoints), not the
    // keys inside the export, are what make the check trustworthy.
    const published = values.published
      ? (JSON.parse(fs.readFileSync(values.published, 'utf8')) as {
          publicKeys?: { keyId: string; publicKeyPem: string }[];
          checkpoints?: Checkpoint[];
        })
      : undefined;
    const result = verifyExport(fs.readFileSync(arg, 'utf8').split('\n'), {
      publicKeys: published?.publicKeys,
      externalCheckpoints: [
        ...(published?.checkpoints ?? []),
        ...(values.checkpoints ? readCheckpointFile(values.checkpoints) : []),
      ],
    });
    if (!published) process.stderr.write('note: no --published file given; the keys inside the export were trusted\n');
    say(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      // The database (the embedded PostgreSQL started) is connected while the app's code loads; an
      // HTTP process of HTTP_PROCESSES uses its primary's instead.
      const database = config.httpProcesses > 1 && !cluster.isPrimary ? undefined : connectServeDatabase(config, say, early);
      const { serve } = await import('./serve.js').catch(async (error: unknown) => {
        await database?.then((db) => db.close(), () => undefined);
        throw error;
      });
      await serve(config, database);
      return -1; // keep running
    }
    case 'migrate':
      return withRuntime(config, async () => {
        say('Migrations are up to date.');
        return 0;
      });
    case 'seed':
      if (sub === 'applications') return withRuntime(config, (rt) => runSeedApplications(rt, values));
      if (sub === 'volume') return withRuntime(config, async (rt) => (await import('./cli-volume.js')).runSeedVolume(rt, values));
      return withRuntime(config, async (rt) => {
        const { seedDemo } = await import('./seed.js');
        const { DEMO_PASSWORD } = await import('./modules/identity/index.js');
        const seeded = await seedDemo(rt);
        say(`Seeded ${seeded.tenants} tenant(s) and ${seeded.agencies} agency(ies); existing data kept.`);
        say(`Demo service catalogue: ${seeded.services} service(s) added, existing ones kept.`);
        say(`Demo accounts: ${seeded.accounts} (password "${DEMO_PASSWORD}"), existing ones kept.`);
        say(`Default notification templates: ${seeded.templates} added, existing ones kept.`);
        say(`Applications: ${seeded.applicationServices} demo service(s) given a form and a workflow, ${seeded.applications} demo application(s) added.`);
        for (const d of seeded.documents) say(`Demo document (${d.state}) of ${d.tenant}'s demo citizen: ${d.url}`);
        say(`Public information list: ${seeded.informationItems} demo item(s) added.`);
        say(`Open data: ${seeded.openDatasets} dataset version(s) published.`);
        return 0;
      });
    case 'transparency':
      if (sub !== 'rebuild') throw new UsageError(`unknown transparency command "${sub ?? ''}"`);
      return withRuntime(config, async (rt) => (await import('./cli-volume.js')).runTransparencyRebuild(rt, values));
    case 'audit':
      if (sub === 'verify') {
        return withRuntime(config, async (rt) => {
          const external = readCheckpointFile(values.checkpoints ?? rt.checkpointsFile);
          await rt.audit.flush(rt.db.owner); // events committed but not yet sequenced
          const result = await verifyAudit(rt.db.owner, {
            publicKeys: [{ keyId: rt.signer.keyId, publicKeyPem: rt.signer.publicKeyPem }],
            externalCheckpoints: external,
          });
          say(JSON.stringify(result, null, 2));
          return result.ok ? 0 : 1;
        });
      }
      if (sub === 'export') {
        return withRuntime(config, async (rt) => {
          const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
          await rt.audit.flush(rt.db.owner);
          await exportAudit(rt.db.owner, out, [
            { keyId: rt.signer.keyId, publicKeyPem: rt.signer.publicKeyPem },
          ]);
          if (values.out) await new Promise((resolve) => (out as fs.WriteStream).end(resolve));
          return 0;
        });
      }
      throw new UsageError(`unknown audit command "${sub ?? ''}"`);
    case 'calendar':
      return withRuntime(config, (rt) => runCalendarCommand(rt, sub, values));
    case 'backup':
      return (await import('./cli-backup.js')).runBackupCommand(config, sub, arg);
    case 'restore':
      return (await import('./cli-backup.js')).runRestoreCommand(config, { point: values.point, time: values.time });
    case 'tenant':
      if (sub !== 'parent' || !values.tenant || !values.parent) throw new UsageError('usage: gerbang tenant parent --tenant SLUG --parent PROVINCE_SLUG|none');
      return withRuntime(config, async (rt) => {
        const { setTenantParent } = await import('./modules/tenancy/index.js');
        const parent = values.parent === 'none' ? null : String(values.parent);
        await setTenantParent(systemContext(rt.db.owner, rt.audit, 'cli'), { child: String(values.tenant), parent });
        say(parent ? `${values.tenant} now belongs to ${parent}; the portal groups it there within a minute.` : `${values.tenant} belongs to no province now.`);
        return 0;
      });
    case 'documents':
      if (sub !== 'import-p12' || !arg || !values.tenant) throw new UsageError('usage: P12_PASSWORD=… gerbang documents import-p12 FILE --tenant SLUG');
      return withRuntime(config, async (rt) => {
        const { importTenantSigningKey, signingKeyDeps } = await import('./modules/documents/index.js');
        const { listTenants } = await import('./modules/tenancy/index.js');
        const tenant = (await listTenants(rt.db.owner)).find((x) => x.slug === values.tenant);
        if (!tenant) throw new UsageError(`no tenant "${String(values.tenant)}"`);
        // The password from the environment, never the command line (which other users can list).
        const ctx = { ...systemContext(rt.db.owner, rt.audit, 'cli'), tenant };
        const key = await importTenantSigningKey(ctx, { p12: fs.readFileSync(arg), password: process.env.P12_PASSWORD ?? '' }, signingKeyDeps(config, rt.secret));
        say(`${tenant.slug} now signs documents as ${key.subject} (issued by ${key.issuer}, valid until ${key.notAfter.toISOString().slice(0, 10)}).`);
        return 0;
      });
    case 'import':
      if (sub !== 'surveys' || !arg || !values.tenant) throw new UsageError('usage: gerbang import surveys FILE --tenant SLUG [--source NAME]');
      return withRuntime(config, async (rt) => {
        const { importSurveyResponses } = await import('./modules/surveys/index.js');
        const { listTenants } = await import('./modules/tenancy/index.js');
        const tenant = (await listTenants(rt.db.owner)).find((x) => x.slug === values.tenant);
        if (!tenant) throw new UsageError(`no tenant "${String(values.tenant)}"`);
        const ctx = { ...systemContext(rt.db.owner, rt.audit, 'cli'), tenant };
        const source = typeof values.source === 'string' && values.source !== '' ? values.source : arg.split(/[\\/]/).pop()!;
        const { imported } = await importSurveyResponses(ctx, { csv: fs.readFileSync(arg, 'utf8'), source });
        say(`${tenant.slug}: ${imported} survey responses imported from ${source}.`);
        return 0;
      });
    case 'oidc':
      if (sub !== 'rotate-keys') throw new UsageError('usage: gerbang oidc rotate-keys');
      return withRuntime(config, async (rt) => {
        const { rotateSigningKeys, signingKeySealKey } = await import('./modules/oidc/index.js');
        const { kid, retired } = await rotateSigningKeys(rt.db.owner, signingKeySealKey(rt.secret), new Date());
        say(`New OpenID Provider signing key ${kid}; ${retired.length} older key(s) stop signing now and stay published for a day.`);
        say('Running servers use it within a minute.');
        return 0;
      });
    case 'dev':
      if (sub !== 'totp' || !arg) throw new UsageError('usage: gerbang dev totp <e-mail>');
      // A shortcut for trying the demo officers without a phone; production has none.
      if (config.env === 'production') throw new UsageError('dev totp is not available in production');
      // Reads only: no migrations, no templates to save.
      return withRuntime(
        config,
        async (rt) => {
          // Not through the module's index, which loads its routes and pages: 0.5-0.8 s on a busy 2-core machine.
          const { demoTotpCodes } = await import('./modules/identity/dev-totp.js');
          const codes = await demoTotpCodes(rt.db.owner, arg, new Date());
          if (codes.length === 0) throw new UsageError(`no officer with an authenticator and the e-mail ${arg}`);
          for (const c of codes) say(`${c.tenant}: ${c.code}`);
          return 0;
        },
        { prepare: false },
      );
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Runs the command of `argv` and exits with its code; `early`: the embedded PostgreSQL main.ts began starting for `serve`. */
export function runCommand(argv: string[], early?: Promise<EmbeddedServer>): void {
  run(argv, early).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`gerbang: configuration error: ${error.message}\n`);
        process.exit(2);
      }
      if (error instanceof DomainError) {
        // Field errors say what was wrong (e.g. the province a city does not lie in).
        const fields = error.fieldErrors.map((e) => ` ${'messageKey' in e ? t('en', e.messageKey, e.vars) : e.message}`).join('');
        process.stderr.write(`gerbang: ${t('en', error.messageKey, error.vars)}${fields}\n`);
        process.exit(2);
      }
      if (error instanceof UsageError) {
        process.stderr.write(
          `gerbang: ${error.message}\n${error.message.startsWith('port') ? '' : `${USAGE}\n`}`,
        );
        process.exit(error.message.startsWith('port') ? 1 : 2);
      }
      if (error instanceof BackupError) {
        process.stderr.write(`gerbang: backup: ${error.message}\n`);
        process.exit(1);
      }
      if (error instanceof DatabaseUnavailableError || error instanceof EmbeddedPostgresError) {
        process.stderr.write(`gerbang: database error: ${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`gerbang: ${(error as Error)?.message ?? error}\n`);
      if (process.env.DEBUG) console.error(error);
      process.exit(1);
    },
  );
}

// The PopulationRegistry seam: "does this NIK + name + birth date belong to a resident?" Two
// implementations: the built-in registry (residents the tenant imports from CSV) and an HTTP adapter
// for a Dukcapil-style service configured by URL and key. A tenant picks one in identity_settings.
import { type DbOrTx, withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { parseNik } from '../nik.js';
import { type ResidentRow, selectResident, selectSettings, type SettingsRow, upsertResidents, upsertSettings } from './store.js';
import '../strings.js';

export type RegistryAnswer = 'match' | 'mismatch' | 'not_found' | 'unavailable';

export interface RegistryQuery {
  nik: string;
  name: string;
  birthDate: string;
}

export interface PopulationRegistry {
  readonly kind: 'builtin' | 'http';
  check(tenantId: string, query: RegistryQuery): Promise<RegistryAnswer>;
}

export interface RegistryDeps {
  db: DbOrTx;
  /** Tenant pseudonym of a NIK (audit.pseudonymize): the registry table keys residents by it. */
  pseudonymize(tenantId: string, value: string): string;
}

/** "Siti  Nur'aini, S.Pd." and "SITI NURAINI S PD" compare equal: letters only, upper case, single spaces. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
    .toUpperCase();
}

export function createBuiltinRegistry(deps: RegistryDeps): PopulationRegistry {
  return {
    kind: 'builtin',
    check: (tenantId, query) =>
      withTenant(deps.db, tenantId, async (trx) => {
        const resident = await selectResident(trx, tenantId, deps.pseudonymize(tenantId, query.nik));
        if (!resident) return 'not_found';
        return resident.nameKey === nameKey(query.name) && resident.birthDate === query.birthDate ? 'match' : 'mismatch';
      }),
  };
}

/**
 * HTTP adapter. Protocol (docs/identity.md): POST `url` with JSON { nik, name, birthDate } and
 * `Authorization: Bearer <key>`; the service answers 200 { result: "match" | "mismatch" | "not_found" }.
 * Anything else — a timeout, a 5xx, an unexpected body — is 'unavailable' (registration is then held
 * as unverified, never refused for it).
 */
export function createHttpRegistry(options: { url: string; key: string; timeoutMs?: number; fetch?: typeof fetch }): PopulationRegistry {
  const doFetch = options.fetch ?? fetch;
  return {
    kind: 'http',
    async check(_tenantId, query) {
      try {
        const response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}`, accept: 'application/json' },
          body: JSON.stringify({ nik: query.nik, name: query.name, birthDate: query.birthDate }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        if (!response.ok) return 'unavailable';
        const body = (await response.json()) as { result?: unknown };
        return body.result === 'match' || body.result === 'mismatch' || body.result === 'not_found' ? body.result : 'unavailable';
      } catch {
        return 'unavailable';
      }
    },
  };
}

export interface RegistrySettings {
  registry: 'none' | 'builtin' | 'http';
  registryUrl: string | null;
  /** Whether a key is set (the key itself is never returned). */
  hasKey: boolean;
}

export async function getRegistrySettings(db: DbOrTx, tenantId: string): Promise<RegistrySettings> {
  const row = await withTenant(db, tenantId, (trx) => selectSettings(trx, tenantId));
  return { registry: row?.registry ?? 'none', registryUrl: row?.registryUrl ?? null, hasKey: Boolean(row?.registryKey) };
}

export function saveRegistrySettings(db: DbOrTx, tenantId: string, settings: SettingsRow, at: Date): Promise<void> {
  return withTenant(db, tenantId, (trx) => upsertSettings(trx, tenantId, settings, at));
}

/** The tenant's registry, or undefined when it verifies nobody automatically ('none'). */
export async function registryFor(deps: RegistryDeps, tenantId: string): Promise<PopulationRegistry | undefined> {
  const row = await withTenant(deps.db, tenantId, (trx) => selectSettings(trx, tenantId));
  if (!row || row.registry === 'none') return undefined;
  if (row.registry === 'builtin') return createBuiltinRegistry(deps);
  return createHttpRegistry({ url: row.registryUrl!, key: row.registryKey ?? '' });
}

export interface ImportResult {
  imported: number;
  /** Lines refused, by line number (1 = header), with a stable code; never the line's content. */
  errors: { line: number; code: string }[];
}

// A Map: the keys are the uploaded file's column names.
const HEADER_ALIASES: ReadonlyMap<string, 'nik' | 'name' | 'birthDate'> = new Map([
  ['nik', 'nik'],
  ['name', 'name'],
  ['nama', 'name'],
  ['nama_lengkap', 'name'],
  ['birth_date', 'birthDate'],
  ['birthdate', 'birthDate'],
  ['tanggal_lahir', 'birthDate'],
]);

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === ';') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/**
 * Imports residents from CSV (columns nik, name/nama, birth_date/tanggal_lahir as YYYY-MM-DD; comma
 * or semicolon separated). Each NIK is checked with parseNik and must agree with the birth date; bad
 * lines are reported and skipped, good ones upserted in one transaction. The NIK is stored only as its
 * tenant pseudonym.
 */
export async function importResidentsCsv(ctx: TenantContext, input: { csv: string }): Promise<ImportResult> {
  const tenantId = ctx.tenant.id;
  const now = ctx.now();
  const lines = input.csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '').map((h) => HEADER_ALIASES.get(h.toLowerCase()));
  const at = { nik: header.indexOf('nik'), name: header.indexOf('name'), birthDate: header.indexOf('birthDate') };
  if (at.nik < 0 || at.name < 0 || at.birthDate < 0) return { imported: 0, errors: [{ line: 1, code: 'registry.csv_header' }] };
  const rows = new Map<string, ResidentRow>();
  const errors: ImportResult['errors'] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = splitCsv(line);
    const nik = fields[at.nik] ?? '';
    const name = fields[at.name] ?? '';
    const birthDate = fields[at.birthDate] ?? '';
    const parsed = parseNik(nik, now);
    if (!parsed.ok) return errors.push({ line: i + 2, code: parsed.code });
    if (!nameKey(name)) return errors.push({ line: i + 2, code: 'registry.name' });
    if (parsed.birthDate !== birthDate) return errors.push({ line: i + 2, code: 'registry.birth_date' });
    const nikHash = ctx.audit.pseudonymize(tenantId, parsed.nik);
    rows.set(nikHash, { nikHash, nameKey: nameKey(name), birthDate });
  });
  const all = [...rows.values()];
  await withTenant(ctx.db, tenantId, async (trx) => {
    for (let i = 0; i < all.length; i += 1000) await upsertResidents(trx, tenantId, all.slice(i, i + 1000), now);
  });
  return { imported: all.length, errors };
}

/** Chooses the tenant's registry (audited; the key is never echoed). */
export async function configureRegistry(ctx: TenantContext, settings: SettingsRow): Promise<void> {
  const tenantId = ctx.tenant.id;
  await withTenant(ctx.db, tenantId, async (trx) => {
    await upsertSettings(trx, tenantId, settings, ctx.now());
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'identity.registry_configured',
      subject: `tenant:${tenantId}`,
      data: { registry: settings.registry, hasUrl: Boolean(settings.registryUrl), hasKey: Boolean(settings.registryKey) },
    });
  });
}

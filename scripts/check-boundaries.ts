// Module boundaries (docs/architecture.md "Rules the checks enforce"), run by `npm run check`:
//  - platform/ and web/ import no module; platform/ does not import web/;
//  - a module imports another only through its index.ts, and the module graph has no cycle;
//  - files import each other without a cycle (type-only imports included: a cycle is a tangle either way);
//  - a table is touched — selectFrom, insertInto, updateTable, deleteFrom, joins, sql.table, raw SQL —
//    only by a store of the module that owns it (its store.ts declares `TABLES`), and a table no
//    module owns only by platform/ and db/;
//  - routes and pages never import a store;
//  - no source file over 800 lines, data aside;
//  - modules read the clock from their context (`ctx.now()`), never `new Date()` or `Date.now()`.
// Exits 1 listing every violation.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', 'src');
export const MAX_LINES = 800;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const IMPORT = /(import|export)(\s+type)?\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const isTest = (rel: string) => /\.test\.tsx?$/.test(rel) || rel.endsWith('/test-env.ts');
/** Data, not logic: exempt from the length limit. */
const isData = (rel: string) => /(^|\/)(seed-data|strings|dataset|template-defaults|id|en)\.ts$/.test(rel) || rel.includes('/data/');
const isStore = (rel: string) => /(^|\/)store\.ts$/.test(rel);
const isRouteOrPage = (rel: string) => /(^|\/)[\w-]*(routes|pages)\.tsx?$/.test(rel) || /(^|\/)[\w-]*-admin\.tsx$/.test(rel);

interface SourceFile {
  rel: string;
  source: string;
  module?: string;
  imports: { spec: string; target: string; typeOnly: boolean }[];
}

function read(root: string): SourceFile[] {
  return walk(root).map((file) => {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const source = fs.readFileSync(file, 'utf8');
    const imports = [...source.matchAll(IMPORT)].flatMap((m) => {
      const spec = m[3] ?? m[4] ?? '';
      if (!spec.startsWith('.')) return [];
      const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/').replace(/\.js$/, '');
      return [{ spec, target, typeOnly: Boolean(m[2]) }];
    });
    return { rel, source, module: /^modules\/([^/]+)\//.exec(rel)?.[1], imports };
  });
}

/** The tables each module declares it owns (`export const TABLES = [...]` in one of its stores). */
function tableOwners(files: SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files) {
    if (!f.module || !isStore(f.rel)) continue;
    const list = /export const TABLES\s*=\s*\[([^\]]*)\]/.exec(f.source)?.[1];
    for (const m of list?.matchAll(/['"]([a-z_][a-z0-9_]*)['"]/g) ?? []) owners.set(m[1]!, f.module);
  }
  return owners;
}

/** Every table of the schema (src/db/schema.ts, interface Database). */
function schemaTables(root: string): Set<string> {
  const file = path.join(root, 'db', 'schema.ts');
  if (!fs.existsSync(file)) return new Set();
  const block = /export interface Database \{([\s\S]*?)\n\}/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
  return new Set([...block.matchAll(/^\s*([a-z_][a-z0-9_]*):/gm)].map((m) => m[1]!));
}

const BUILDER = /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|with|mergeInto)\(\s*['"]([a-z_][a-z0-9_]*)|sql\.table\(\s*['"]([a-z_][a-z0-9_]*)/g;
const RAW_SQL = /\bsql(?:<[^`]*?>)?`([^`]*)`/g;
const RAW_TABLE = /\b(?:from|join|into|update|table)\s+"?([a-z_][a-z0-9_]*)"?/gi;

function tablesTouched(source: string, known: Set<string>): Set<string> {
  const touched = new Set<string>();
  for (const m of source.matchAll(BUILDER)) touched.add((m[2] ?? m[3])!);
  for (const m of source.matchAll(RAW_SQL)) {
    for (const t of m[1]!.matchAll(RAW_TABLE)) if (known.has(t[1]!.toLowerCase())) touched.add(t[1]!.toLowerCase());
  }
  return new Set([...touched].filter((t) => known.has(t)));
}

function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (node: string) => {
    seen.add(node);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (onStack.has(next)) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!seen.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(node);
  };
  for (const node of [...graph.keys()].sort()) if (!seen.has(node)) visit(node);
  return found;
}

export function findViolations(root = ROOT): string[] {
  const violations: string[] = [];
  const files = read(root);
  const owners = tableOwners(files);
  const known = schemaTables(root);
  for (const t of owners.keys()) known.add(t);
  const moduleGraph = new Map<string, Set<string>>();
  const fileGraph = new Map<string, Set<string>>();
  const byPath = new Map(files.map((f) => [f.rel.replace(/\.tsx?$/, ''), f]));

  for (const f of files) {
    const { rel } = f;
    for (const { spec, target, typeOnly } of f.imports) {
      const targetModule = /^modules\/([^/]+)(\/(.*))?$/.exec(target);
      if ((rel.startsWith('platform/') || rel.startsWith('web/')) && targetModule) {
        violations.push(`${rel}: ${rel.split('/')[0]}/ must not import a module (${spec})`);
      }
      if (rel.startsWith('platform/') && target.startsWith('web/')) violations.push(`${rel}: platform/ must not import web/ (${spec})`);
      if (targetModule && f.module && targetModule[1] !== f.module) {
        if ((targetModule[3] ?? '') !== 'index') violations.push(`${rel}: imports module "${targetModule[1]}" other than through its index.ts (${spec})`);
        if (!isTest(rel)) {
          if (!moduleGraph.has(f.module)) moduleGraph.set(f.module, new Set());
          moduleGraph.get(f.module)!.add(targetModule[1]!);
        }
      }
      if (isRouteOrPage(rel) && /(^|\/)store$/.test(target) && !typeOnly) violations.push(`${rel}: routes and pages call services, never a store (${spec})`);
      if (!isTest(rel) && byPath.has(target)) {
        if (!fileGraph.has(rel)) fileGraph.set(rel, new Set());
        fileGraph.get(rel)!.add(byPath.get(target)!.rel);
      }
    }
    if (isTest(rel) || rel.startsWith('db/migrations/')) continue;
    for (const table of tablesTouched(f.source, known)) {
      const owner = owners.get(table);
      const allowed = owner ? f.module === owner && isStore(rel) : rel.startsWith('platform/') || rel.startsWith('db/');
      if (!allowed) violations.push(`${rel}: touches table ${table}, which only ${owner ? `the ${owner} module's stores` : 'platform/ and db/'} may`);
    }
    const lines = f.source.split('\n').length;
    if (lines > MAX_LINES && !isData(rel)) violations.push(`${rel}: over ${MAX_LINES} lines (data aside): split it`);
    if (f.module) {
      const clock = f.source.match(/\bnew Date\(\s*\)|\bDate\.now\(\s*\)/g);
      if (clock) violations.push(`${rel}: reads the clock ${clock.length}× (new Date() / Date.now()): take it from the context (ctx.now())`);
    }
  }
  for (const cycle of cycles(moduleGraph)) violations.push(`module cycle: ${cycle.join(' → ')}`);
  for (const cycle of cycles(fileGraph)) violations.push(`import cycle: ${cycle.join(' → ')}`);
  return violations;
}

/**
 * Violations that existed when a rule was introduced, being removed module by module (issue 16). The
 * check fails on any violation not listed here, and on a listed one that no longer occurs (so the list
 * only shrinks). It must end empty.
 */
export const KNOWN_VIOLATIONS: readonly string[] = [
];

export function newViolations(found: readonly string[], known: readonly string[] = KNOWN_VIOLATIONS): { fresh: string[]; gone: string[] } {
  return { fresh: found.filter((v) => !known.includes(v)), gone: known.filter((v) => !found.includes(v)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { fresh, gone } = newViolations(findViolations());
  for (const v of fresh) process.stderr.write(`boundary: ${v}\n`);
  for (const v of gone) process.stderr.write(`boundary: fixed, remove it from KNOWN_VIOLATIONS in scripts/check-boundaries.ts: ${v}\n`);
  if (fresh.length > 0 || gone.length > 0) process.exit(1);
  process.stdout.write(`Module boundaries: ok${KNOWN_VIOLATIONS.length ? ` (${KNOWN_VIOLATIONS.length} known violations left)` : ''}\n`);
}

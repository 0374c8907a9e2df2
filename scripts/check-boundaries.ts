// Module boundaries (ARCHITECTURE.md "Layout"): platform/ imports no module; a module imports another
// module only through its index.ts; a module's tables are touched only by its own store.ts.
// Run by `npm run check`; exits 1 listing every violation.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', 'src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function findViolations(root = ROOT): string[] {
  const violations: string[] = [];
  for (const file of walk(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const source = fs.readFileSync(file, 'utf8');
    const ownModule = /^modules\/([^/]+)\//.exec(rel)?.[1];
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const target = path
        .relative(root, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/');
      const targetModule = /^modules\/([^/]+)(\/(.*))?$/.exec(target);
      if (rel.startsWith('platform/') && targetModule) {
        violations.push(`${rel}: platform/ must not import a module (${spec})`);
      }
      if (rel.startsWith('platform/') && target.startsWith('web/')) {
        violations.push(`${rel}: platform/ must not import web/ (${spec})`);
      }
      if (targetModule && ownModule && targetModule[1] !== ownModule) {
        const inner = (targetModule[3] ?? '').replace(/\.(js|ts|tsx)$/, '');
        if (inner !== 'index') {
          violations.push(
            `${rel}: imports module "${targetModule[1]}" other than through its index.ts (${spec})`,
          );
        }
      }
    }
    // Table access: .selectFrom('x') / insertInto / updateTable / deleteFrom outside a store.ts.
    const touchesTables = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(\s*['"]/.test(source);
    if (touchesTables && ownModule && !rel.endsWith('/store.ts') && !rel.endsWith('.test.ts')) {
      violations.push(`${rel}: SQL on tables belongs in the module's store.ts`);
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = findViolations();
  if (violations.length > 0) {
    for (const v of violations) process.stderr.write(`boundary: ${v}\n`);
    process.exit(1);
  }
  process.stdout.write('Module boundaries: ok\n');
}

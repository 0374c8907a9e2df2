// The shipped systemd units (deploy/systemd/: a socket unit that holds each process's listening socket,
// and the service it activates) as systemd itself reads them: `systemd-analyze verify` on an instance
// of each fails on an unknown key, a bad value or a missing executable. Only the service's path to
// node is rewritten, to this machine's. What the app does with the socket it is passed is tested by
// test/cli.test.ts ("socket activation") and test/rolling-restart.test.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ANALYZE = '/usr/bin/systemd-analyze';
const UNITS = path.resolve(import.meta.dirname, '../deploy/systemd');
// Like the other tests of system programs: skipped, saying so, where it is missing — never in CI.
const available = fs.existsSync(ANALYZE) || process.env.CI !== undefined;
if (!available) console.log('systemd-units.test.ts: skipped — no systemd-analyze (Debian: apt-get install systemd)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-units-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `systemd-analyze verify` of `instance` (e.g. gerbang@3001.service) from the copies in `dir`: its complaints and exit code. */
function verify(instance: string): string {
  const run = spawnSync(ANALYZE, ['verify', '--man=no', `./${instance}`], { cwd: dir, encoding: 'utf8' });
  return `${run.stdout}${run.stderr}${run.status === 0 ? '' : `(exit ${run.status ?? run.signal})`}`;
}

function copyUnits(edit: (name: string, text: string) => string = (_name, text) => text) {
  for (const name of ['gerbang@.socket', 'gerbang@.service']) {
    const text = fs.readFileSync(path.join(UNITS, name), 'utf8').replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
    fs.writeFileSync(path.join(dir, name), edit(name, text));
  }
}

describe.skipIf(!available)('deploy/systemd', () => {
  it('systemd reads the socket and the service without a complaint', () => {
    copyUnits();
    expect(verify('gerbang@3001.socket')).toBe('');
    expect(verify('gerbang@3001.service')).toBe('');
    // The socket is the port's, on the loopback (nginx in front), and the service requires it.
    const socket = fs.readFileSync(path.join(UNITS, 'gerbang@.socket'), 'utf8');
    expect(socket).toMatch(/^ListenStream=127\.0\.0\.1:%i$/m);
    expect(fs.readFileSync(path.join(UNITS, 'gerbang@.service'), 'utf8')).toMatch(/^Requires=gerbang@%i\.socket$/m);
  });

  it('and would complain of a mistake (the check is not empty by default)', () => {
    copyUnits((name, text) => (name.endsWith('.socket') ? text.replace('Backlog=', 'Backlogg=') : text));
    expect(verify('gerbang@3001.socket')).toMatch(/Unknown key 'Backlogg'/);
  });
});

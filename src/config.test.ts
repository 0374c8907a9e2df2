import { describe, expect, it } from 'vitest';
import { ConfigError, inheritedSocket, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('starts with zero configuration on development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, seedDemo: true });
    expect(config.dataDir.endsWith('data')).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.databaseReadUrl).toBeUndefined();
  });

  it('listens on the socket systemd passed only when it was passed to this process or, in an HTTP process, to its primary', () => {
    const self = { pid: 4100, ppid: 4000, clusterWorker: false };
    expect(inheritedSocket({ LISTEN_FDS: '1', LISTEN_PID: '4100' }, self)).toBe(3);
    // Another process's descriptors (inherited environment): not ours.
    expect(inheritedSocket({ LISTEN_FDS: '1', LISTEN_PID: '4000' }, self)).toBeUndefined();
    expect(inheritedSocket({ LISTEN_FDS: '1', LISTEN_PID: '4000' }, { ...self, clusterWorker: true })).toBe(3);
    expect(inheritedSocket({ LISTEN_FDS: '0', LISTEN_PID: '4100' }, self)).toBeUndefined();
    expect(inheritedSocket({ LISTEN_FDS: '1' }, self)).toBeUndefined();
    expect(() => inheritedSocket({ LISTEN_FDS: 'one', LISTEN_PID: '4100' }, self)).toThrow(ConfigError);
    // Without them, PORT and HOST as before.
    expect(loadConfig({}).listenFd).toBeUndefined();
    expect(loadConfig({ LISTEN_FDS: '1', LISTEN_PID: String(process.pid) }).listenFd).toBe(3);
  });

  it('reads a replica beside an external primary, with its staleness bound in seconds', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://primary/g', DATABASE_READ_URL: 'postgres://replica/g', DATABASE_READ_MAX_LAG: '2' });
    expect(config).toMatchObject({ databaseReadUrl: 'postgres://replica/g', databaseReadMaxLagMs: 2000 });
    expect(loadConfig({}).databaseReadMaxLagMs).toBe(5000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET'],
    [{ JOB_WORKERS: '-1' }, 'JOB_WORKERS'],
    [{ DATABASE_READ_URL: 'postgres://replica/gerbang' }, 'DATABASE_READ_URL'],
    [{ DATABASE_URL: 'postgres://primary/g', DATABASE_READ_URL: 'http://replica' }, 'DATABASE_READ_URL'],
    [{ DATABASE_READ_MAX_LAG: '0' }, 'DATABASE_READ_MAX_LAG'],
    [{ BACKUP_DIR: "/mnt/o'brien" }, 'BACKUP_DIR'],
    [{ BACKUP_DIR: '/mnt/100%' }, 'BACKUP_DIR'],
    [{ BACKUP_ARCHIVE_TIMEOUT: '5' }, 'BACKUP_ARCHIVE_TIMEOUT'],
  ])('refuses %j naming %s', (env, variable) => {
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message.startsWith(`${variable}: `)).toBe(true);
    }
  });

  it('refuses development defaults in production, but allows the embedded database', () => {
    const production = { NODE_ENV: 'production' };
    expect(() => loadConfig(production)).toThrow(/APP_SECRET/);
    const secret = 'x'.repeat(40);
    expect(() => loadConfig({ ...production, APP_SECRET: secret })).toThrow(/AUDIT_SIGNING_KEY/);
    const keyed = { ...production, APP_SECRET: secret, AUDIT_SIGNING_KEY: 'pem' };
    expect(() => loadConfig({ ...keyed, SMS_GATEWAY_URL: 'https://sms.example' })).toThrow(/SMS_GATEWAY_KEY/);
    expect(() => loadConfig({ ...keyed, SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...keyed, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO/);
    expect(() => loadConfig(keyed)).toThrow(/SMTP_URL/);
    const mailing = { ...keyed, SMTP_URL: 'smtp://user:pass@mail.example.go.id:587' };
    expect(() => loadConfig(mailing)).toThrow(/MAIL_FROM/);
    const sending = { ...mailing, MAIL_FROM: 'Pemkot <noreply@example.go.id>' };
    // Uploaded files: a malware scanner, or FILE_SCAN=off said out loud.
    expect(() => loadConfig(sending)).toThrow(/^CLAMD_URL: is required when NODE_ENV=production .*FILE_SCAN=off/);
    expect(loadConfig({ ...sending, FILE_SCAN: 'off' })).toMatchObject({ fileScan: 'off', clamdUrl: undefined });
    const ok = loadConfig({ ...sending, CLAMD_URL: 'unix:///run/clamav/clamd.ctl' });
    expect(ok).toMatchObject({ seedDemo: false, clamdUrl: 'unix:///run/clamav/clamd.ctl', fileScan: 'on' });
    expect(ok.databaseUrl).toBeUndefined();
    expect(ok.env).toBe('production');
  });

  it('archives WAL into DATA_DIR/backup unless BACKUP_DIR says where, or off', () => {
    expect(loadConfig({ DATA_DIR: '/srv/gerbang' })).toMatchObject({ backupDir: '/srv/gerbang/backup', backupArchiveTimeoutSeconds: 60 });
    expect(loadConfig({ BACKUP_DIR: '/mnt/cadangan', BACKUP_ARCHIVE_TIMEOUT: '30' })).toMatchObject({ backupDir: '/mnt/cadangan', backupArchiveTimeoutSeconds: 30 });
    expect(loadConfig({ BACKUP_DIR: 'off' }).backupDir).toBeUndefined();
  });

  it('keeps 7 base backups unless BACKUP_KEEP says how many (at least one)', () => {
    expect(loadConfig({}).backupKeep).toBe(7);
    expect(loadConfig({ BACKUP_KEEP: '14' }).backupKeep).toBe(14);
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });

  it('reads where files go and how they are scanned', () => {
    expect(loadConfig({ DATA_DIR: '/srv/gerbang' }).filesDir).toBe('/srv/gerbang/files');
    expect(loadConfig({ DATA_DIR: '/srv/gerbang', FILES_DIR: '/mnt/berkas' }).filesDir).toBe('/mnt/berkas');
    expect(loadConfig({}).fileScan).toBe('on');
    expect(loadConfig({ CLAMD_URL: 'tcp://127.0.0.1:3310' }).clamdUrl).toBe('tcp://127.0.0.1:3310');
    for (const [env, message] of [
      [{ CLAMD_URL: 'http://127.0.0.1:3310' }, /^CLAMD_URL: must start with tcp:\/\/ or unix:\/\//],
      [{ CLAMD_URL: 'tcp://127.0.0.1' }, /^CLAMD_URL: needs a host and a port/],
      [{ CLAMD_URL: 'unix://clamd.ctl' }, /^CLAMD_URL: needs the socket path/],
      [{ CLAMD_URL: 'tcp://127.0.0.1:3310', FILE_SCAN: 'off' }, /^FILE_SCAN: is off while CLAMD_URL is set/],
      [{ FILE_SCAN: 'no' }, /^FILE_SCAN: must be one of on, off/],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });
});

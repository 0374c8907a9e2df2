import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('starts with zero configuration on development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, seedDemo: true });
    expect(config.dataDir.endsWith('data')).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
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
    const ok = loadConfig({ ...mailing, MAIL_FROM: 'Pemkot <noreply@example.go.id>' });
    expect(ok).toMatchObject({ seedDemo: false });
    expect(ok.databaseUrl).toBeUndefined();
    expect(ok.env).toBe('production');
  });
});

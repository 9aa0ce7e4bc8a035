import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, scrubSecrets } from '../src/config';
import { demoSignInWarning } from '../src/lib/listen-warning';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration from the environment', () => {
  it('defaults to port 3000, the embedded database in ./data and dev login outside production', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-config-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.devLogin).toBe(true);
    expect(config.demoData).toBe(true);
    expect(config.dingtalk.oapiUrl).toBe('https://oapi.dingtalk.com');
  });

  it('prepares repeated statements unless told not to (PgBouncer in transaction pooling mode)', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-config-'));
    expect(loadConfig({ DATA_DIR: dataDir }).databasePreparedStatements).toBe(true);
    expect(
      loadConfig({ DATA_DIR: dataDir, DATABASE_PREPARED_STATEMENTS: '0' }).databasePreparedStatements,
    ).toBe(false);
    expect(problemsOf({ DATA_DIR: dataDir, DATABASE_PREPARED_STATEMENTS: 'maybe' })[0]).toMatch(
      /^DATABASE_PREPARED_STATEMENTS:/,
    );
  });

  it('fetches DingTalk-hosted photos only from the listed origins', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-config-'));
    expect(loadConfig({ DATA_DIR: dataDir }).dingtalk.photoOrigins).toEqual([
      'https://static.dingtalk.com',
      'https://static-legacy.dingtalk.com',
    ]);
    expect(
      loadConfig({ DATA_DIR: dataDir, DINGTALK_PHOTO_ORIGINS: 'https://a.example/, http://127.0.0.1:8080' })
        .dingtalk.photoOrigins,
    ).toEqual(['https://a.example', 'http://127.0.0.1:8080']);
    expect(problemsOf({ DINGTALK_PHOTO_ORIGINS: 'https://a.example/photos' })[0]).toMatch(
      /^DINGTALK_PHOTO_ORIGINS:/,
    );
    expect(problemsOf({ DINGTALK_PHOTO_ORIGINS: 'ftp://a.example' })[0]).toMatch(/^DINGTALK_PHOTO_ORIGINS:/);
  });

  it('generates the development JWT secret once and keeps it in DATA_DIR', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-config-'));
    const first = loadConfig({ DATA_DIR: dataDir }).jwt.secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dataDir }).jwt.secret).toBe(first);
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(first);
  });

  it('refuses to start with one line per bad variable, naming it', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      AUTH_DEV_LOGIN: 'maybe',
    });
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'AUTH_DEV_LOGIN']) {
      expect(problems.some((line) => line.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('requires JWT_SECRET and SECRETS_KEY in production and never enables dev login there unless asked', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET: required when NODE_ENV=production',
      'SECRETS_KEY: required when NODE_ENV=production',
    ]);
    const keys = { JWT_SECRET: 'p'.repeat(40), SECRETS_KEY: 'k'.repeat(40) };
    expect(loadConfig({ NODE_ENV: 'production', ...keys }).devLogin).toBe(false);
  });

  it('asks for both DingTalk app credentials or neither', () => {
    expect(problemsOf({ JWT_SECRET: 's'.repeat(40), DINGTALK_APP_KEY: 'k' })[0]).toMatch(
      /DINGTALK_APP_KEY\/DINGTALK_APP_SECRET/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ JWT_SECRET: 's'.repeat(40), PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });
});

describe('issue 16: safe defaults for a deployment', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'coordnet-config-'));
  const keys = { JWT_SECRET: 'p'.repeat(40), SECRETS_KEY: 'k'.repeat(40) };
  const app = { DINGTALK_APP_KEY: 'dingkey', DINGTALK_APP_SECRET: 'dingsecret' };

  it('trusts no X-Forwarded-For unless TRUST_PROXY names a hop count or the proxies', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(
      loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: '10.0.0.0/8, 172.16.0.1,loopback' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '172.16.0.1', 'loopback']);
    for (const bad of ['true', 'everyone', '10.0.0.0/33', '300.1.1.1', '99'])
      expect(problemsOf({ TRUST_PROXY: bad })[0]).toMatch(/^TRUST_PROXY:/);
  });

  it('turns the demo sign-in and the fake DingTalk off by default once a DingTalk app is configured', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), ...app });
    expect(config.devLogin).toBe(false);
    expect(config.dingtalk.fake).toBe(false);
  });

  it('refuses to start with the demo sign-in or the fake DingTalk next to a DingTalk app or in production', () => {
    expect(problemsOf({ DATA_DIR: dataDir(), ...app, AUTH_DEV_LOGIN: '1' })).toEqual([
      'AUTH_DEV_LOGIN: the demo sign-in cannot be switched on with a DingTalk app (DINGTALK_APP_KEY)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', ...keys, AUTH_DEV_LOGIN: 'true' })[0]).toMatch(
      /^AUTH_DEV_LOGIN: .*NODE_ENV=production/,
    );
    expect(problemsOf({ NODE_ENV: 'production', ...keys, DINGTALK_FAKE: '1' })[0]).toMatch(/^DINGTALK_FAKE:/);
    expect(problemsOf({ DATA_DIR: dataDir(), ...app, DINGTALK_FAKE: 'on' })[0]).toMatch(/^DINGTALK_FAKE:/);
  });

  it('warns loudly at start when the demo sign-in is on and the server listens beyond loopback', () => {
    const on = { devLogin: true, port: 3000 };
    expect(demoSignInWarning({ ...on, host: '0.0.0.0' }).join('\n')).toMatch(
      /WARNING: the demo sign-in .* is ON/,
    );
    expect(demoSignInWarning({ ...on, host: '192.168.1.5' })).not.toHaveLength(0);
    expect(demoSignInWarning({ ...on, host: '127.0.0.1' })).toEqual([]);
    expect(demoSignInWarning({ ...on, host: '::1' })).toEqual([]);
    expect(demoSignInWarning({ devLogin: false, port: 3000, host: '0.0.0.0' })).toEqual([]);
  });

  it('loads no demo data, serves no /docs and no open /metrics in production unless asked', () => {
    const production = loadConfig({ NODE_ENV: 'production', ...keys });
    expect(production.demoData).toBe(false);
    expect(production.docsEnabled).toBe(false);
    expect(production.metricsToken).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', ...keys, DEMO_DATA: '1' }).demoData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...keys, DOCS_ENABLED: '1' }).docsEnabled).toBe(true);
    const development = loadConfig({ DATA_DIR: dataDir() });
    expect(development.demoData).toBe(true);
    expect(development.docsEnabled).toBe(true);
  });

  it('never echoes a secret in a startup error (JWT_SECRET, SECRETS_KEY, DATABASE_URL password)', () => {
    const problems = problemsOf({
      JWT_SECRET: 'short-jwt-secret-value',
      SECRETS_KEY: 'short-sealing-key',
      DATABASE_URL: 'mysql://coordnet:hunter2-password@db:3306/coordnet',
      METRICS_TOKEN: 'tiny-token',
    }).join('\n');
    expect(problems).toMatch(/JWT_SECRET: .*22 characters, not shown/);
    expect(problems).toMatch(/DATABASE_URL: .*mysql:\/\/coordnet:\*\*\*@db:3306/);
    for (const secret of ['short-jwt-secret-value', 'short-sealing-key', 'hunter2-password', 'tiny-token'])
      expect(problems).not.toContain(secret);
  });

  it('scrubs the secrets of the environment from any other startup failure', () => {
    const env = {
      JWT_SECRET: 'j'.repeat(40),
      SECRETS_KEY: 's'.repeat(40),
      DATABASE_URL: 'postgres://coordnet:p%40ss-w0rd@db:5432/coordnet',
    };
    const failure = `TypeError: Invalid URL { input: '${env.DATABASE_URL}' } password p@ss-w0rd key ${env.SECRETS_KEY} jwt ${env.JWT_SECRET}`;
    const scrubbed = scrubSecrets(failure, env);
    for (const secret of [env.JWT_SECRET, env.SECRETS_KEY, 'p%40ss-w0rd', 'p@ss-w0rd'])
      expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain('[redacted]');
  });
});

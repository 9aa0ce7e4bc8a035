import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

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
    expect(loadConfig({ NODE_ENV: 'production', ...keys, AUTH_DEV_LOGIN: 'true' }).devLogin).toBe(true);
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

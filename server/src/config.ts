import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { StorageConfig } from './lib/storage';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    message: 'must be one of 1/0/true/false/on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const url = z.url({ message: 'must be a URL' }).transform((v) => v.replace(/\/+$/, ''));

/** Comma-separated origins (`https://host[:port]`), each normalised to URL.origin. */
const originList = z.string().transform((v, ctx) => {
  const origins: string[] = [];
  for (const part of v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const parsed = URL.canParse(part) ? new URL(part) : null;
    if (
      !parsed ||
      !['http:', 'https:'].includes(parsed.protocol) ||
      parsed.origin !== part.replace(/\/+$/, '')
    ) {
      ctx.addIssue({ code: 'custom', message: `not an origin like https://static.dingtalk.com: ${part}` });
      return z.NEVER;
    }
    origins.push(parsed.origin);
  }
  return origins;
});

/**
 * Which proxies may set X-Forwarded-For: off (the default: the peer's own address is the client's),
 * a hop count (1 = the one proxy in front, as in docker-compose behind nginx), or a comma-separated
 * list of addresses/CIDRs (and proxy-addr's names loopback, linklocal, uniquelocal).
 */
const trustProxySchema = z.string().transform((v, ctx): false | number | string[] => {
  const text = v.trim().toLowerCase();
  if (['0', 'false', 'off', 'no'].includes(text)) return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops <= 10) return hops;
  }
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const bad = parts.find((part) => {
    if (named.has(part)) return false;
    const [address, prefix, extra] = part.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return true;
    if (prefix === undefined) return false;
    const bits = Number(prefix);
    return !/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128);
  });
  if (parts.length === 0 || bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `must be 0, a hop count (1-10) or a list of addresses/CIDRs like 10.0.0.0/8,loopback${bad ? ` (not one: ${bad})` : ''}`,
    });
    return z.NEVER;
  }
  return parts;
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECRETS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(7_200),
  AUTH_DEV_LOGIN: booleanFlag.optional(),
  DEMO_DATA: booleanFlag.optional(),
  TRUST_PROXY: trustProxySchema.default(false),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DOCS_ENABLED: booleanFlag.optional(),
  DINGTALK_CORP_ID: z.string().min(1).optional(),
  DINGTALK_APP_KEY: z.string().min(1).optional(),
  DINGTALK_APP_SECRET: z.string().min(1).optional(),
  DINGTALK_AGENT_ID: z.coerce.number().int().positive().optional(),
  DINGTALK_OAPI_URL: url.default('https://oapi.dingtalk.com'),
  DINGTALK_API_URL: url.default('https://api.dingtalk.com'),
  DINGTALK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DINGTALK_FAKE: booleanFlag.optional(),
  DINGTALK_PHOTO_ORIGINS: originList.default([
    'https://static.dingtalk.com',
    'https://static-legacy.dingtalk.com',
  ]),
  PHOTO_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  REMINDER_JOBS: booleanFlag.default(true),
  REMINDER_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(120),
  REMINDER_RETENTION_DAYS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(7)
    .max(3650)
    .default(180),
  IMPORT_DRY_RUN_RETENTION_HOURS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(1)
    .max(720)
    .default(24),
  IMPORT_LEASE_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(2).max(3_600).default(60),
  UPLOAD_DAILY_QUOTA: z.coerce.number({ message: 'must be a number' }).int().min(1).max(100_000).default(200),
  UPLOAD_RETENTION_HOURS: z.coerce
    .number({ message: 'must be a number' })
    .int()
    .min(1)
    .max(8_760)
    .default(72),
  // Files (photos, import files): a local folder unless S3_BUCKET names an S3-compatible bucket.
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: url.optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanFlag.default(false),
  S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._/-]*$/, 'only letters, digits and . _ - /')
    .default(''),
  BACKUP_DIR: z.string().min(1).optional(),
  PUBLIC_URL: url.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATIONS_DIR: z.string().optional(),
  STATIC_DIR: z.string().optional(),
  CLOCK_DATE: z.iso.date({ message: 'must be a date like 2026-11-08' }).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  databasePreparedStatements: boolean;
  dataDir: string;
  jwt: { secret: string; ttlSeconds: number; issuer: string; audience: string };
  /** Encrypts work-group robot tokens and secrets at rest. */
  secretsKey: string;
  /** The demo sign-in (演示登录): on by default only outside production with no DingTalk app configured. */
  devLogin: boolean;
  demoData: boolean;
  /** Fastify's trustProxy: false, a hop count, or the addresses/CIDRs of trusted proxies. */
  trustProxy: false | number | string[];
  /** Bearer token GET /metrics asks for; without one /metrics is open outside production and off in it. */
  metricsToken: string | undefined;
  /** Serve the OpenAPI UI and JSON at /docs (default: outside production only). */
  docsEnabled: boolean;
  dingtalk: {
    corpId: string | undefined;
    appKey: string | undefined;
    appSecret: string | undefined;
    agentId: number | undefined;
    oapiUrl: string;
    apiUrl: string;
    timeoutMs: number;
    /**
     * Send robot messages and work notifications to an in-process fake DingTalk (the offline demo):
     * on by default outside production when no DingTalk app is configured.
     */
    fake: boolean;
    /** Where DingTalk-hosted photos (dd.biz.util.uploadImage) may be fetched from; nowhere else. */
    photoOrigins: string[];
    photoFetchTimeoutMs: number;
  };
  /** Run the reminder jobs (pg-boss: compose hourly, dispatch every minute, purge daily) in this process. */
  reminderJobs: boolean;
  /** How long a message being sent is its dispatcher's; after that (the sender died) another one resends it. */
  reminderLeaseMs: number;
  /** Finished reminder outbox rows and runs are purged after this many days. */
  reminderRetentionDays: number;
  /** A validated import not committed within this many hours expires (staged rows and file deleted). */
  importDryRunRetentionHours: number;
  /** How long an import being validated or committed is its instance's without renewal. */
  importLeaseMs: number;
  /** Photos per person in any 24 hours; unattached photos are deleted after `retentionHours`. */
  uploads: { dailyQuota: number; retentionHours: number };
  /** Where uploaded photos and import files live: DATA_DIR/uploads, or an S3-compatible bucket. */
  storage: StorageConfig;
  /**
   * Where the scheduled backup writes its archives (best on another disk); the job is off while unset.
   * The hour and the number kept are county settings (backupHour, backupKeep).
   */
  backupDir: string | undefined;
  publicUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  migrationsDir: string;
  staticDir: string;
  /** Outside production: the server's clock shows this Shanghai date (YYYY-MM-DD), at the real time of day. */
  clockDate: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (got ${shownValue(String(issue.path[0]), raw[String(issue.path[0])])})`,
      ),
    );
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production && !env.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (production && !env.SECRETS_KEY) problems.push('SECRETS_KEY: required when NODE_ENV=production');
  const dingtalkKeys = [env.DINGTALK_APP_KEY, env.DINGTALK_APP_SECRET];
  if (dingtalkKeys.some(Boolean) && !dingtalkKeys.every(Boolean)) {
    problems.push('DINGTALK_APP_KEY/DINGTALK_APP_SECRET: set both or neither');
  }
  if (production && env.CLOCK_DATE) problems.push('CLOCK_DATE: not allowed when NODE_ENV=production');
  const s3Keys = [env.S3_ACCESS_KEY_ID, env.S3_SECRET_ACCESS_KEY];
  if (s3Keys.some(Boolean) && !s3Keys.every(Boolean)) {
    problems.push('S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY: set both or neither');
  }
  if (!env.S3_BUCKET && (env.S3_ENDPOINT || s3Keys.some(Boolean))) {
    problems.push('S3_BUCKET: required when S3_ENDPOINT or S3 credentials are set');
  }
  const dingtalkApp = Boolean(env.DINGTALK_APP_KEY);
  // The demo sign-in makes anyone reaching the port the province manager; the fake DingTalk swallows
  // every reminder. Neither may run next to a real DingTalk app or in production.
  const realDeployment = [
    production && 'NODE_ENV=production',
    dingtalkApp && 'a DingTalk app (DINGTALK_APP_KEY)',
  ]
    .filter(Boolean)
    .join(' and ');
  if (env.AUTH_DEV_LOGIN && realDeployment)
    problems.push(`AUTH_DEV_LOGIN: the demo sign-in cannot be switched on with ${realDeployment}`);
  if (env.DINGTALK_FAKE && realDeployment)
    problems.push(
      `DINGTALK_FAKE: the offline DingTalk stand-in cannot be switched on with ${realDeployment}`,
    );
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS,
    dataDir,
    jwt: {
      secret: env.JWT_SECRET ?? developmentSecret(dataDir, 'jwt-secret'),
      ttlSeconds: env.JWT_TTL_SECONDS,
      issuer: 'coordnet',
      audience: 'coordnet-miniapp',
    },
    secretsKey: env.SECRETS_KEY ?? developmentSecret(dataDir, 'secrets-key'),
    devLogin: env.AUTH_DEV_LOGIN ?? (!production && !dingtalkApp),
    demoData: env.DEMO_DATA ?? !production,
    trustProxy: env.TRUST_PROXY,
    metricsToken: env.METRICS_TOKEN,
    docsEnabled: env.DOCS_ENABLED ?? !production,
    dingtalk: {
      corpId: env.DINGTALK_CORP_ID,
      appKey: env.DINGTALK_APP_KEY,
      appSecret: env.DINGTALK_APP_SECRET,
      agentId: env.DINGTALK_AGENT_ID,
      oapiUrl: env.DINGTALK_OAPI_URL,
      apiUrl: env.DINGTALK_API_URL,
      timeoutMs: env.DINGTALK_TIMEOUT_MS,
      fake: env.DINGTALK_FAKE ?? (!production && !dingtalkApp),
      photoOrigins: env.DINGTALK_PHOTO_ORIGINS,
      photoFetchTimeoutMs: env.PHOTO_FETCH_TIMEOUT_MS,
    },
    reminderJobs: env.REMINDER_JOBS,
    reminderLeaseMs: env.REMINDER_LEASE_SECONDS * 1000,
    reminderRetentionDays: env.REMINDER_RETENTION_DAYS,
    importDryRunRetentionHours: env.IMPORT_DRY_RUN_RETENTION_HOURS,
    importLeaseMs: env.IMPORT_LEASE_SECONDS * 1000,
    uploads: { dailyQuota: env.UPLOAD_DAILY_QUOTA, retentionHours: env.UPLOAD_RETENTION_HOURS },
    storage: env.S3_BUCKET
      ? {
          kind: 's3',
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          credentials:
            env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
              ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
              : undefined,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
          prefix: env.S3_PREFIX && !env.S3_PREFIX.endsWith('/') ? `${env.S3_PREFIX}/` : env.S3_PREFIX,
        }
      : { kind: 'local', dir: path.join(dataDir, 'uploads') },
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
    publicUrl: env.PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    migrationsDir: path.resolve(env.MIGRATIONS_DIR ?? path.join(repoRoot, 'migrations')),
    staticDir: path.resolve(env.STATIC_DIR ?? path.join(repoRoot, 'miniapp/dist')),
    clockDate: env.CLOCK_DATE,
  };
}

/** Variables whose values never appear in a message, only their length. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'SECRETS_KEY', 'DINGTALK_APP_SECRET', 'METRICS_TOKEN']);

/** How a rejected value is shown in a startup error: secrets by length, DATABASE_URL without its password. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (SECRET_VARIABLES.has(name)) return `${value.length} characters, not shown`;
  if (name === 'DATABASE_URL') return JSON.stringify(withoutPassword(value));
  return JSON.stringify(value);
}

/** A connection URL with its password replaced; text that is no URL is not shown at all. */
export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return '(not a URL, not shown)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Removes every secret of the environment (JWT_SECRET, SECRETS_KEY, DINGTALK_APP_SECRET,
 * METRICS_TOKEN, DATABASE_URL and its password) from text about to be printed, e.g. a startup error.
 */
export function scrubSecrets(text: string, source: NodeJS.ProcessEnv = process.env): string {
  const secrets: string[] = [];
  for (const name of SECRET_VARIABLES) if (source[name]) secrets.push(source[name]);
  const databaseUrl = source.DATABASE_URL;
  if (databaseUrl) {
    secrets.push(databaseUrl);
    const password = /^[^:]+:\/\/[^:/@]*:([^@]*)@/.exec(databaseUrl)?.[1];
    if (password) secrets.push(password, safeDecode(password));
  }
  let out = text;
  for (const secret of secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length))
    out = out.split(secret).join('[redacted]');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Outside production, keys are generated once and kept in DATA_DIR, so sessions and sealed secrets survive restarts. */
function developmentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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
  DEMO_DATA: booleanFlag.default(true),
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
  BACKUP_DIR: z.string().min(1).optional(),
  PUBLIC_URL: url.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATIONS_DIR: z.string().optional(),
  STATIC_DIR: z.string().optional(),
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
  devLogin: boolean;
  demoData: boolean;
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
  /**
   * Where the scheduled backup writes its archives (best on another disk); the job is off while unset.
   * The hour and the number kept are county settings (backupHour, backupKeep).
   */
  backupDir: string | undefined;
  publicUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  migrationsDir: string;
  staticDir: string;
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
          `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(raw[String(issue.path[0])])})`,
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
    devLogin: env.AUTH_DEV_LOGIN ?? !production,
    demoData: env.DEMO_DATA,
    dingtalk: {
      corpId: env.DINGTALK_CORP_ID,
      appKey: env.DINGTALK_APP_KEY,
      appSecret: env.DINGTALK_APP_SECRET,
      agentId: env.DINGTALK_AGENT_ID,
      oapiUrl: env.DINGTALK_OAPI_URL,
      apiUrl: env.DINGTALK_API_URL,
      timeoutMs: env.DINGTALK_TIMEOUT_MS,
      fake: env.DINGTALK_FAKE ?? (!production && !env.DINGTALK_APP_KEY),
      photoOrigins: env.DINGTALK_PHOTO_ORIGINS,
      photoFetchTimeoutMs: env.PHOTO_FETCH_TIMEOUT_MS,
    },
    reminderJobs: env.REMINDER_JOBS,
    reminderLeaseMs: env.REMINDER_LEASE_SECONDS * 1000,
    reminderRetentionDays: env.REMINDER_RETENTION_DAYS,
    importDryRunRetentionHours: env.IMPORT_DRY_RUN_RETENTION_HOURS,
    backupDir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
    publicUrl: env.PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    migrationsDir: path.resolve(env.MIGRATIONS_DIR ?? path.join(repoRoot, 'migrations')),
    staticDir: path.resolve(env.STATIC_DIR ?? path.join(repoRoot, 'miniapp/dist')),
  };
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

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SERVER_ARGS } from '../server-command';
import { clockEnv } from '../clock';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const resultsDir = path.join(import.meta.dirname, 'results');

/** The shared Postgres; drills only ever create and drop their own `coordnet_drill_*` databases on it. */
export const ADMIN_URL = process.env.DRILL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DRILL_JWT_SECRET = 'drill-secret-drill-secret-drill-secret-0123456789';
export const DRILL_SECRETS_KEY = 'drill-secrets-key-drill-secrets-key-0123456789';

export function hasFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

export interface Check {
  /** the must-hold, in words */
  name: string;
  ok: boolean;
  detail?: unknown;
}

/**
 * A drill narrates: `tried` says what it did, `found` what it measured, `checks` its must-holds.
 * `finish` prints all three, writes test/drills/results/<id>.json and exits non-zero on a failed check.
 */
export class Drill {
  readonly tried: string[] = [];
  readonly found: Record<string, unknown> = {};
  readonly checks: Check[] = [];
  private readonly started = performance.now();

  constructor(
    readonly id: string,
    readonly title: string,
  ) {
    console.log(`\n[${id}] ${title}`);
  }

  try(line: string): void {
    this.tried.push(line);
    console.log(`[${this.id}] tried: ${line}`);
  }

  note(key: string, value: unknown): void {
    this.found[key] = value;
    console.log(`[${this.id}] found: ${key} = ${JSON.stringify(value)}`);
  }

  check(name: string, ok: boolean, detail?: unknown): void {
    this.checks.push({ name, ok, ...(detail === undefined ? {} : { detail }) });
    console.log(
      `[${this.id}] ${ok ? 'HOLDS' : 'FAILS'}: ${name}${detail === undefined ? '' : ` (${JSON.stringify(detail)})`}`,
    );
  }

  finish(extra: Record<string, unknown> = {}): never {
    const ok = this.checks.length > 0 && this.checks.every((c) => c.ok);
    mkdirSync(resultsDir, { recursive: true });
    const body = {
      id: this.id,
      title: this.title,
      ok,
      measuredAt: new Date().toISOString(),
      seconds: Math.round((performance.now() - this.started) / 100) / 10,
      argv: process.argv.slice(2),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      tried: this.tried,
      found: this.found,
      checks: this.checks,
      ...extra,
    };
    writeFileSync(path.join(resultsDir, `${this.id}.json`), `${JSON.stringify(body, null, 2)}\n`);
    console.log(
      `[${this.id}] ${ok ? 'PASSED' : 'FAILED'} in ${body.seconds} s → test/drills/results/${this.id}.json`,
    );
    process.exit(ok ? 0 : 1);
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates `coordnet_drill_<name>` (dropping a leftover one first); `drop()` removes it. */
export async function createDrillDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `coordnet_drill_${name}`;
  if (!/^coordnet_drill_[a-z0-9_]+$/.test(database)) throw new Error(`bad drill database name ${database}`);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(ADMIN_URL, database),
    async drop() {
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${database} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Builds the server bundle (and the mini-app when asked) if it is not there yet. */
export function ensureBuilt({ miniapp = false } = {}): void {
  const builds: [string, string][] = [['server/dist/server.js', 'server']];
  if (miniapp) builds.push(['miniapp/dist/index.html', 'miniapp']);
  for (const [file, workspace] of builds) {
    if (existsSync(path.join(repoRoot, file))) continue;
    console.log(`building ${workspace} (${file} is missing)`);
    const built = spawnSync('npm', ['run', 'build', '--workspace', workspace], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error(`npm run build --workspace ${workspace} failed`);
  }
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  /** The end of what the process wrote (its log lines at LOG_LEVEL=warn, i.e. warnings and errors). */
  output(): string;
}

/** Environment for a built server in a drill: a fixed JWT secret and sealing key, the fake DingTalk off by default. */
export function serverEnv(databaseUrl: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-drill-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  return {
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: DRILL_JWT_SECRET,
    SECRETS_KEY: DRILL_SECRETS_KEY,
    REMINDER_JOBS: '0',
    ...clockEnv,
    ...env,
  };
}

/** Starts `node server/dist/server.js`; resolves when it printed its URL and /readyz is green. */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  const keep = (chunk: Buffer) => {
    errors += chunk.toString();
    if (errors.length > 400_000) errors = errors.slice(-200_000);
  };
  child.stderr!.on('data', keep);
  child.stdout!.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}\n${errors}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /App:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code ?? signal}:\n${output}\n${errors}`));
    });
  });
  await waitUntil(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true, 30_000);
  return { child, url, pid: child.pid!, output: () => errors };
}

export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, everyMs = 50) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await condition()) return;
    await sleep(everyMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Signs these demo people in on the running server (development sign-in); name → bearer token. */
export async function devLogins(url: string, names: string[]): Promise<Map<string, string>> {
  const users = (await (await fetch(`${url}/api/v1/auth/dev-users`)).json()) as {
    items: { id: string; name: string }[];
  };
  const tokens = new Map<string, string>();
  for (const name of names) {
    const user = users.items.find((u) => u.name === name);
    if (!user) throw new Error(`no demo user ${name}`);
    const res = await fetch(`${url}/api/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: user.id }),
    });
    if (!res.ok) throw new Error(`dev-login ${name}: ${res.status} ${await res.text()}`);
    tokens.set(name, ((await res.json()) as { token: string }).token);
  }
  return tokens;
}

/**
 * Bearer tokens for these demo people, signed with the drill's JWT secret as the server signs them
 * (iss, aud, sub, exp): for servers with a DingTalk app configured, where the demo sign-in is off.
 */
export async function sessionTokens(databaseUrl: string, names: string[]): Promise<Map<string, string>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = await db.query<{ id: string; name: string }>(
      'select id, name from users where name = any($1::text[])',
      [names],
    );
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const tokens = new Map<string, string>();
    for (const name of names) {
      const user = rows.rows.find((r) => r.name === name);
      if (!user) throw new Error(`no demo user ${name}`);
      const claims = { sub: user.id, iss: 'coordnet', aud: 'coordnet-miniapp', iat: now, exp: now + 7_200 };
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
      tokens.set(
        name,
        `${input}.${createHmac('sha256', DRILL_JWT_SECRET).update(input).digest('base64url')}`,
      );
    }
    return tokens;
  } finally {
    await db.end();
  }
}

/** Resident set size of a process in MiB, read from /proc. */
export function rssMiB(pid: number): number {
  const status = spawnSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }).stdout;
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** The demo people, by the post that matters to the drills (README "Demo sign-in"). */
export const DEMO_PEOPLE = {
  province: '陈建国',
  city: '林晓燕',
  countyManager: '王海峰',
  countyViewer: '赵敏',
  otherCounty: '孙立新',
  township: '刘芳',
  park: '周强',
  community: '吴静',
  enterprise: '郑磊',
} as const;

/** Vitest's JSON report, as far as the drills read it. */
export interface VitestReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; fullName: string; status: string }[] }[];
}

/** Runs server test files on the embedded database (PGlite): whether vitest passed, and its JSON report. */
export function runServerTests(files: string[]): { passed: boolean; report: VitestReport } {
  const report = path.join(tmpdir(), `coordnet-drill-${process.pid}.json`);
  const vitest = spawnSync(
    'npx',
    ['vitest', 'run', '--project', 'server', ...files, '--reporter=json', `--outputFile=${report}`],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, TEST_DATABASE_URL: '' },
    },
  );
  try {
    return { passed: vitest.status === 0, report: JSON.parse(readFileSync(report, 'utf8')) as VitestReport };
  } finally {
    rmSync(report, { force: true });
  }
}

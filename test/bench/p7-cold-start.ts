// P7: cold start of the built server until /readyz is green, on PGlite and on PostgreSQL. Target ≤ 3 s,
// for the very first start (an empty data folder or database: migrations and the demo county; on PGlite
// from the build's migrated template) and for a restart on the existing database. And as a user starts
// it: `npm start` on the existing PGlite data folder, which must find the build current and not rebuild.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { repoRoot, startServer, stopServer, writeResult } from './lib';

const runs = 3;

async function measure(env: NodeJS.ProcessEnv) {
  const first = await startServer(env);
  await stopServer(first.child);
  const restarts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await startServer(env);
    restarts.push(run.readyMs);
    await stopServer(run.child);
  }
  return { firstStartMs: first.readyMs, restartMs: restarts, bestRestartMs: Math.min(...restarts) };
}

/** `npm start` (its own process group: npm, the build check, the server) until /readyz is green. */
async function npmStart(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; readyMs: number; rebuilt: boolean }> {
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not start:\n${output}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /App:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await new Promise((r) => setTimeout(r, 20));
  return { child, readyMs: Math.round(performance.now() - started), rebuilt: /Building:/.test(output) };
}

async function stopGroup(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-p7-'));
const pglite = await measure({ PORT: '0', DATA_DIR: dataDir });
const npmStarts: number[] = [];
let rebuilt = false;
for (let i = 0; i < runs; i++) {
  const run = await npmStart({ PORT: '0', DATA_DIR: dataDir });
  npmStarts.push(run.readyMs);
  rebuilt ||= run.rebuilt;
  await stopGroup(run.child);
}
const viaNpmStart = { restartMs: npmStarts, bestRestartMs: Math.min(...npmStarts), rebuilt };
rmSync(dataDir, { recursive: true, force: true });

let postgres: Awaited<ReturnType<typeof measure>> | null = null;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client({ connectionString: adminUrl });
try {
  await admin.connect();
  const name = `coordnet_p7_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'coordnet-p7pg-'));
  postgres = await measure({ PORT: '0', DATA_DIR: dir, DATABASE_URL: url.toString() });
  rmSync(dir, { recursive: true, force: true });
  await admin.query(`drop database ${name} with (force)`);
} catch (error) {
  console.warn(`P7 on PostgreSQL skipped: ${(error as Error).message}`);
} finally {
  await admin.end().catch(() => {});
}

const target = 3000;
writeResult('p7-cold-start', {
  target: `ready ≤ ${target} ms`,
  pglite,
  postgres,
  npmStartOnExistingData: viaNpmStart,
  pass:
    [pglite, postgres].every((r) => r === null || (r.firstStartMs <= target && r.bestRestartMs <= target)) &&
    !viaNpmStart.rebuilt &&
    viaNpmStart.bestRestartMs <= target,
});

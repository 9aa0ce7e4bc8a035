// P1: POST /api/v1/contacts (authentication, validation, scope, the log, its event, its duty mark
// and tallies, the audit row) under 64 connections, against single-row INSERTs into a table of the
// same shape at the same concurrency (pgbench when installed, else 64 node-postgres clients).
// Target: ≥ 50% of the baseline's transactions per second and p99 ≤ 50 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { arg, stopServer, writeResult } from './lib';
import { CONNECTIONS, loadWriters, runContactLoad, summarize } from './contact-load';
import {
  connect,
  cpuSeconds,
  ensureProvince,
  percentile,
  provinceUrl,
  provinceSize,
  quick,
  round,
  startProvinceServer,
} from './province';

const seconds = arg('seconds', quick ? 5 : 30);
await ensureProvince();
const db = await connect();
const writers = await loadWriters(db);
const province = await provinceSize(db);

const INSERT = `insert into bench_p1_baseline
  (client_id, request_hash, kind, status, author_user_id, enterprise_id, jurisdiction_code, occurred_at, duties, notes, channel)
  values (gen_random_uuid(), md5(random()::text) || md5(random()::text), 'contact', 'recorded', gen_random_uuid(),
          gen_random_uuid(), '330106109000', now(), '{law_publicity,standards_contracts}', '电话联络，了解企业用工情况', 'phone')`;

async function baselineWithPgbench() {
  const dir = mkdtempSync(path.join(tmpdir(), 'coordnet-p1-'));
  writeFileSync(path.join(dir, 'insert.sql'), `${INSERT.replace(/\s+/g, ' ')};\n`);
  const run = spawnSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      'insert.sql',
      '-l',
      '--log-prefix=tx',
      provinceUrl(),
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1]);
  const latencies = readdirSync(dir)
    .filter((f) => f.startsWith('tx.'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000);
  rmSync(dir, { recursive: true, force: true });
  return {
    tool: 'pgbench',
    tps: Math.round(tps),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
  };
}

async function baselineWithNodePostgres() {
  const pool = new pg.Pool({ connectionString: provinceUrl(), max: CONNECTIONS });
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await pool.query(INSERT);
        latencies.push(performance.now() - start);
      }
    }),
  );
  await pool.end();
  return {
    tool: 'node-postgres',
    tps: Math.round(latencies.length / seconds),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
  };
}

await db.query(`drop table if exists bench_p1_baseline`);
await db.query(`create table bench_p1_baseline (like duty_logs including all)`);
const hasPgbench = spawnSync('pgbench', ['--version']).status === 0;
const baseline = hasPgbench ? await baselineWithPgbench() : await baselineWithNodePostgres();
await db.query(`drop table bench_p1_baseline`);
await db.end();

const server = await startProvinceServer();
const cpuBefore = cpuSeconds(server.child.pid!);
const api = summarize(await runContactLoad(server.url, writers, seconds));
const serverCpuMsPerRequest = round(((cpuSeconds(server.child.pid!) - cpuBefore) * 1000) / api.requests);
await stopServer(server.child);

const ratio = api.tps / baseline.tps;
writeResult('p1-contact-writes', {
  target: 'API ≥ 50% of baseline TPS; p99 ≤ 50 ms',
  province,
  connections: CONNECTIONS,
  seconds,
  writers: writers.length,
  api: { ...api, serverCpuMsPerRequest },
  baseline,
  ratio: round(ratio, 2),
  pass: ratio >= 0.5 && api.latencyMs.p99 <= 50 && api.non2xx === 0 && api.errors === 0,
});

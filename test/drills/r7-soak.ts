// R7: a soak at half of P1's maximum (POST /api/v1/contacts) → 0 errors, RSS drift < 10%.
// `--minutes N` (default 10) shortens it; `--quick` runs 1 minute.
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  devLogins,
  Drill,
  ensureBuilt,
  hasFlag,
  numberArg,
  percentile,
  rssMiB,
  serverEnv,
  sleep,
  startServer,
  stopServer,
} from './lib';
import { contactBody } from './support/load';

const drill = new Drill('R7', 'soak at half of the maximum write rate');
const minutes = numberArg('minutes', hasFlag('quick') ? 1 : 10);
const CONNECTIONS = 64;

ensureBuilt();
const database = await createDrillDatabase('r7');
const server = await startServer(serverEnv(database.url, { REMINDER_JOBS: '1', DINGTALK_FAKE: '1' }));
try {
  const tokens = await devLogins(server.url, [DEMO_PEOPLE.township, DEMO_PEOPLE.park]);
  const writers: { authorization: string; enterprises: string[] }[] = [];
  for (const [name, code] of [
    [DEMO_PEOPLE.township, '330106109000'],
    [DEMO_PEOPLE.park, '330106400000'],
  ] as const) {
    const authorization = `Bearer ${tokens.get(name)}`;
    const list = (await (
      await fetch(`${server.url}/api/v1/enterprises?jurisdiction=${code}&limit=50`, {
        headers: { authorization },
      })
    ).json()) as { items: { id: string }[] };
    writers.push({ authorization, enterprises: list.items.map((e) => e.id) });
  }
  let n = 0;
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const post = async () => {
    const writer = writers[n % writers.length]!;
    const enterpriseId = writer.enterprises[Math.floor(n / writers.length) % writer.enterprises.length]!;
    n++;
    const started = performance.now();
    try {
      const res = await fetch(`${server.url}/api/v1/contacts`, {
        method: 'POST',
        headers: { authorization: writer.authorization, 'content-type': 'application/json' },
        body: JSON.stringify(contactBody(enterpriseId)),
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      if (res.status !== 201) errors[res.status] = (errors[res.status] ?? 0) + 1;
    } catch (error) {
      const key = String((error as Error).name);
      errors[key] = (errors[key] ?? 0) + 1;
    }
    latencies.push(performance.now() - started);
  };

  // 1. P1's maximum, measured here the way P1 does it: 64 connections writing as fast as they can.
  const maxSeconds = 15;
  const until = performance.now() + maxSeconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        await post();
        done++;
      }
    }),
  );
  const maxRate = done / maxSeconds;
  const rate = Math.max(1, Math.round(maxRate / 2));
  const warmupErrors = { ...errors };
  for (const key of Object.keys(errors)) delete errors[key];
  latencies.length = 0;
  drill.note('p1MaximumPerSecond', Math.round(maxRate));
  drill.note('errorsWhileFindingTheMaximum', warmupErrors);

  // 2. The soak: `rate` requests a second, started on a fixed schedule (open loop, ≤ 64 in flight).
  drill.try(
    `found the maximum with ${CONNECTIONS} connections for ${maxSeconds} s (${Math.round(maxRate)} contacts/s), then wrote ${rate} contacts/s (half) for ${minutes} min as 刘芳 and 周强, reminder jobs running, RSS sampled every 5 s`,
  );
  const samples: { atS: number; rssMiB: number }[] = [];
  const soakStart = performance.now();
  const soakMs = minutes * 60_000;
  let inFlight = 0;
  let skipped = 0;
  let sent = 0;
  const sampler = setInterval(() => {
    samples.push({ atS: Math.round((performance.now() - soakStart) / 1000), rssMiB: rssMiB(server.pid) });
  }, 5_000);
  while (performance.now() - soakStart < soakMs) {
    const due = Math.floor(((performance.now() - soakStart) / 1000) * rate);
    while (sent < due) {
      sent++;
      if (inFlight >= CONNECTIONS) {
        skipped++;
        continue;
      }
      inFlight++;
      void post().finally(() => inFlight--);
    }
    await sleep(5);
  }
  clearInterval(sampler);
  while (inFlight > 0) await sleep(50);

  const window = Math.max(1, Math.min(12, Math.floor(samples.length / 5))); // a minute of samples, or the first/last fifth
  const mean = (xs: { rssMiB: number }[]) => xs.reduce((a, s) => a + s.rssMiB, 0) / xs.length;
  const first = mean(samples.slice(0, window));
  const last = mean(samples.slice(-window));
  const drift = (last - first) / first;
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  drill.note('requests', latencies.length);
  drill.note('achievedPerSecond', Math.round(latencies.length / (soakMs / 1000)));
  drill.note('notSentBecause64InFlight', skipped);
  drill.note('latencyMs', {
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    max: Math.round(Math.max(...latencies)),
  });
  drill.note('errors', errors);
  drill.note('rssMiB', {
    first: Math.round(first),
    last: Math.round(last),
    max: Math.max(...samples.map((s) => s.rssMiB)),
    samplesPerWindow: window,
  });
  drill.note('rssSamples', samples);
  drill.check(
    '0 errors, and the rate held (never all 64 connections busy)',
    errorCount === 0 && skipped === 0,
    {
      errors: errorCount,
      skipped,
    },
  );
  drill.check(
    'RSS drift < 10% (mean of the last window against the first)',
    Math.abs(drift) < 0.1,
    `${(drift * 100).toFixed(1)}%`,
  );
  drill.check(
    'the server process stayed up',
    server.child.exitCode === null && server.child.signalCode === null,
  );
} finally {
  await stopServer(server);
  await database.drop();
}
drill.finish();

// R3: the database unreachable for 30 s under load, through a TCP proxy of ours (the shared
// Postgres is never touched) → 503 with Retry-After, no request hangs past its timeout, /readyz red
// then green within 5 s, 0 acknowledged writes lost.
import pg from 'pg';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  devLogins,
  Drill,
  ensureBuilt,
  hasFlag,
  numberArg,
  percentile,
  serverEnv,
  sleep,
  startServer,
  stopServer,
} from './lib';
import { contactBody, timed, type Outcome } from './support/load';
import { startTcpProxy } from './support/tcp-proxy';

const drill = new Drill('R3', 'database unreachable under load');
const outageSeconds = numberArg('outage', hasFlag('quick') ? 10 : 30);
const writers = 4;
const readers = 4;
/** The longest a request may take: the pool's query timeout (17 s) plus slack; the client aborts at 30 s. */
const REQUEST_BUDGET_MS = 20_000;

ensureBuilt();
const database = await createDrillDatabase('r3');
const pgUrl = new URL(database.url);
const proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
const viaProxy = new URL(database.url);
viaProxy.port = String(proxy.port);
const server = await startServer(
  serverEnv(viaProxy.toString(), {
    REMINDER_JOBS: '1',
    DINGTALK_FAKE: '1',
  }),
);
const direct = new pg.Client({ connectionString: database.url });
await direct.connect();
try {
  const tokens = await devLogins(server.url, [DEMO_PEOPLE.township, DEMO_PEOPLE.countyManager]);
  const writer = tokens.get(DEMO_PEOPLE.township)!;
  const reader = tokens.get(DEMO_PEOPLE.countyManager)!;
  const list = (await (
    await fetch(`${server.url}/api/v1/enterprises?jurisdiction=330106109000&limit=50`, {
      headers: { authorization: `Bearer ${writer}` },
    })
  ).json()) as { items: { id: string }[] };
  const enterpriseIds = list.items.map((e) => e.id);

  const origin = performance.now();
  const outcomes: Outcome[] = [];
  const unacked = new Map<string, string>(); // clientId → enterpriseId: what the phone still holds
  const acked = new Set<string>();
  let running = true;
  let n = 0;
  const write = async (clientId: string, enterpriseId: string) => {
    const o = await timed(
      `${server.url}/api/v1/contacts`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
        body: JSON.stringify(contactBody(enterpriseId, clientId)),
      },
      origin,
      'write',
    );
    o.clientId = clientId;
    if (o.status === 200 || o.status === 201) {
      acked.add(clientId);
      unacked.delete(clientId);
    } else unacked.set(clientId, enterpriseId);
    return o;
  };
  const writeLoop = async () => {
    while (running) {
      const o = await write(crypto.randomUUID(), enterpriseIds[n++ % enterpriseIds.length]!);
      outcomes.push(o);
      if (o.status !== 201 && o.status !== 200) await sleep(200);
    }
  };
  const readLoop = async (i: number) => {
    const urls = [
      '/api/v1/duties?rule=C1&jurisdiction=330106109000',
      '/api/v1/enterprises?jurisdiction=330106000000&limit=50',
      '/api/v1/duties/summary?rule=C1&jurisdiction=330106000000',
      '/api/v1/logs?limit=20',
    ];
    while (running) {
      const o = await timed(
        `${server.url}${urls[i++ % urls.length]}`,
        { headers: { authorization: `Bearer ${reader}` } },
        origin,
        'read',
      );
      outcomes.push(o);
      if (o.status !== 200) await sleep(200);
    }
  };
  const ready: { at: number; status: number }[] = [];
  const readyLoop = async () => {
    while (running) {
      const o = await timed(`${server.url}/readyz`, {}, origin, 'read', 4_000);
      ready.push({ at: o.at + o.ms, status: o.status });
      await sleep(250);
    }
  };
  const loops = [
    ...Array.from({ length: writers }, writeLoop),
    ...Array.from({ length: readers }, (_, i) => readLoop(i)),
    readyLoop(),
  ];

  await sleep(5_000);
  const cutAt = Math.round(performance.now() - origin);
  proxy.cut();
  drill.try(
    `${writers} writers (POST /api/v1/contacts as 刘芳) and ${readers} readers (duties, summary, enterprises, logs) plus a /readyz probe every 250 ms; after 5 s the proxy between server and Postgres black-holed every connection for ${outageSeconds} s (reminder jobs running too), then forwarded again`,
  );
  await sleep(outageSeconds * 1000);
  const restoreAt = Math.round(performance.now() - origin);
  proxy.restore();
  await sleep(12_000);
  running = false;
  await Promise.all(loops);

  // The phones' outboxes replay what was not acknowledged (idempotent on clientId).
  const replays = [...unacked.entries()];
  for (const [clientId, enterpriseId] of replays) await write(clientId, enterpriseId);

  // Every request that was open at some moment of the outage.
  const during = outcomes.filter((o) => o.at < restoreAt && o.at + o.ms > cutAt);
  const failed = outcomes.filter((o) => o.status !== 200 && o.status !== 201);
  const not503 = failed.filter(
    (o) =>
      o.status !== 503 ||
      o.retryAfter === null ||
      typeof o.errorBody?.code !== 'string' ||
      typeof o.errorBody?.message !== 'string',
  );
  const slowest = Math.max(...outcomes.map((o) => o.ms));
  drill.note('requests', outcomes.length);
  drill.note('requestsDuringOutage', during.length);
  drill.note('statusesDuringOutage', countBy(during.map((o) => o.status)));
  drill.note('statusesOverall', countBy(outcomes.map((o) => o.status)));
  drill.note('latencyDuringOutageMs', {
    p50: percentile(
      during.map((o) => o.ms),
      50,
    ),
    p99: percentile(
      during.map((o) => o.ms),
      99,
    ),
    max: Math.max(0, ...during.map((o) => o.ms)),
  });
  drill.note('retryAfter', [...new Set(failed.map((o) => o.retryAfter))]);
  drill.check(
    'every failed request is 503 with Retry-After and { code, message } (no 500, no dropped connection)',
    not503.length === 0,
    {
      failed: failed.length,
      other: not503.slice(0, 5).map((o) => ({ status: o.status, body: o.errorBody })),
    },
  );
  drill.check(
    `no request hangs past its timeout (slowest ≤ ${REQUEST_BUDGET_MS} ms)`,
    slowest <= REQUEST_BUDGET_MS,
    { slowestMs: slowest },
  );

  const firstRed = ready.find((r) => r.at > cutAt && r.status !== 200);
  const firstGreen = ready.find((r) => r.at > restoreAt && r.status === 200);
  const redAfterRestore = ready.filter((r) => firstGreen && r.at > firstGreen.at && r.status !== 200).length;
  drill.note('readyz', {
    redAfterMs: firstRed ? firstRed.at - cutAt : null,
    greenAfterRestoreMs: firstGreen ? firstGreen.at - restoreAt : null,
    redAgainAfterGreen: redAfterRestore,
  });
  drill.check('/readyz red during the outage', Boolean(firstRed && firstRed.at < restoreAt));
  drill.check(
    '/readyz green within 5 s of the database coming back',
    Boolean(firstGreen && firstGreen.at - restoreAt <= 5_000),
    firstGreen ? firstGreen.at - restoreAt : null,
  );

  const stored = await direct.query<{ client_id: string; n: string }>(
    `select client_id, count(*) as n from duty_logs where client_id = any($1::uuid[]) group by client_id`,
    [[...acked]],
  );
  const storedIds = new Set(stored.rows.map((r) => r.client_id));
  const lost = [...acked].filter((id) => !storedIds.has(id));
  const duplicated = stored.rows.filter((r) => Number(r.n) > 1).length;
  drill.note('acknowledgedWrites', acked.size);
  drill.note('replayedAfterOutage', replays.length);
  drill.note('stillUnacknowledged', unacked.size);
  drill.check('0 acknowledged writes lost, none stored twice', lost.length === 0 && duplicated === 0, {
    lost: lost.length,
    duplicated,
  });
  drill.check(
    'every write the phones held was taken once the database was back',
    unacked.size === 0,
    unacked.size,
  );
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  drill.check(
    'the server process stayed up',
    alive,
    alive
      ? undefined
      : {
          exit: server.child.exitCode ?? server.child.signalCode,
          notLogLines: server
            .output()
            .split('\n')
            .filter((l) => l && !l.startsWith('{"level":40'))
            .slice(-30),
        },
  );
  const unhandled = server
    .output()
    .split('\n')
    .filter((l) => /unhandled error/.test(l));
  drill.note('unhandledErrorLogLines', unhandled.length);
  if (unhandled.length > 0)
    drill.note(
      'firstUnhandled',
      unhandled.slice(0, 3).map((l) => l.slice(0, 800)),
    );
} finally {
  await direct.end();
  await stopServer(server);
  await proxy.close();
  await database.drop();
}
drill.finish();

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

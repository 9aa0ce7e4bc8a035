// R9: two server instances on one Postgres, both dispatching reminders and taking writes, one
// killed (SIGKILL) midway → every message sent exactly once, each robot under 20 a minute across
// both, 0 acknowledged writes lost. `--minutes N` (default 5) sets the length. Then an import of
// 100,000 rows (`--rows N`; 10,000 with --quick) on one instance while the other restarts three
// times → committed whole (support/import-restarts.ts). `--imports-only` runs only that part.
import pg from 'pg';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  sessionTokens,
  Drill,
  ensureBuilt,
  hasFlag,
  numberArg,
  serverEnv,
  sleep,
  startServer,
  stopServer,
  type ServerProcess,
} from './lib';
import { startFakeDingTalkProcess } from './support/fake-dingtalk';
import { importWhileRestarting } from './support/import-restarts';
import { contactBody, timed } from './support/load';
import {
  compareShown,
  fillOutbox,
  GROUP_JURISDICTIONS,
  maxPerMinute,
  registerWorkGroups,
  waitUntilAllSent,
} from './support/reminder-outbox';

const drill = new Drill('R9', 'two instances, one killed midway');
const minutes = numberArg('minutes', hasFlag('quick') ? 1 : 5);
/** Enough messages that the robots are still busy when A dies (each takes 20 per 62 s). */
const perGroup = numberArg('messages', Math.max(8, Math.round(minutes * 22)));
const LEASE_SECONDS = 10;
const importRows = numberArg('rows', hasFlag('quick') ? 10_000 : 100_000);
const importsOnly = hasFlag('imports-only');

ensureBuilt();
const fake = await startFakeDingTalkProcess(GROUP_JURISDICTIONS.length);
const database = await createDrillDatabase('r9');
const db = new pg.Client({ connectionString: database.url });
const env = serverEnv(database.url, {
  ...fake.serverEnv,
  REMINDER_JOBS: '1',
  REMINDER_LEASE_SECONDS: String(LEASE_SECONDS),
  IMPORT_LEASE_SECONDS: String(LEASE_SECONDS),
});
const servers: ServerProcess[] = [];
try {
  const setup = await startServer({ ...env, REMINDER_JOBS: '0' });
  const tokens = await sessionTokens(database.url, [
    DEMO_PEOPLE.countyManager,
    DEMO_PEOPLE.township,
    DEMO_PEOPLE.park,
  ]);
  const groups = await registerWorkGroups(setup.url, tokens.get(DEMO_PEOPLE.countyManager)!, fake);
  const writers: { authorization: string; enterprises: string[] }[] = [];
  for (const [name, code] of [
    [DEMO_PEOPLE.township, '330106109000'],
    [DEMO_PEOPLE.park, '330106400000'],
  ] as const) {
    const authorization = `Bearer ${tokens.get(name)}`;
    const list = (await (
      await fetch(`${setup.url}/api/v1/enterprises?jurisdiction=${code}&limit=50`, {
        headers: { authorization },
      })
    ).json()) as { items: { id: string }[] };
    writers.push({ authorization, enterprises: list.items.map((e) => e.id) });
  }
  await stopServer(setup);
  await db.connect();
  if (!importsOnly) await twoInstancesOneKilled();
  await importWhileRestarting(drill, {
    db,
    env,
    token: tokens.get(DEMO_PEOPLE.countyManager)!,
    rows: importRows,
    servers,
  });

  async function twoInstancesOneKilled() {
    const uuids = await fillOutbox(db, groups, perGroup, 'R9');

    const a = await startServer(env);
    const b = await startServer(env);
    servers.push(a, b);
    drill.try(
      `instances A and B on one Postgres database, both with reminder jobs (lease ${LEASE_SECONDS} s), ${uuids.length} urgent messages due for ${groups.length} robots; 4 writers posting contacts alternately to A and B for ${minutes} min; A killed with SIGKILL at half time, its writers moving to B; unacknowledged writes replayed at the end`,
    );

    const origin = performance.now();
    const acked = new Set<string>();
    const unacked = new Map<string, { writer: number; enterpriseId: string }>();
    const statuses: Record<string, number> = {};
    let aAlive = true;
    let running = true;
    let n = 0;
    const write = async (target: ServerProcess, writer: number, clientId: string, enterpriseId: string) => {
      const o = await timed(
        `${target.url}/api/v1/contacts`,
        {
          method: 'POST',
          headers: { authorization: writers[writer]!.authorization, 'content-type': 'application/json' },
          body: JSON.stringify(contactBody(enterpriseId, clientId)),
        },
        origin,
        'write',
      );
      statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      if (o.status === 200 || o.status === 201) {
        acked.add(clientId);
        unacked.delete(clientId);
      } else unacked.set(clientId, { writer, enterpriseId });
      return o;
    };
    const loop = async (i: number) => {
      while (running) {
        const target = i % 2 === 0 && aAlive ? a : b;
        const writer = i % writers.length;
        const list = writers[writer]!.enterprises;
        const o = await write(target, writer, crypto.randomUUID(), list[n++ % list.length]!);
        await sleep(o.status === 201 ? 100 : 300);
      }
    };
    const loops = Array.from({ length: 4 }, (_, i) => loop(i));
    const sent = async () =>
      Number(
        (await db.query<{ n: string }>(`select count(*) as n from reminder_outbox where status = 'sent'`))
          .rows[0]!.n,
      );

    await sleep((minutes * 60_000) / 2);
    const sentBeforeKill = await sent();
    const inFlight = Number(
      (await db.query<{ n: string }>(`select count(*) as n from reminder_outbox where status = 'sending'`))
        .rows[0]!.n,
    );
    await stopServer(a, 'SIGKILL');
    aAlive = false;
    drill.note('atTheKill', {
      sent: sentBeforeKill,
      sending: inFlight,
      ms: Math.round(performance.now() - origin),
    });
    await sleep((minutes * 60_000) / 2);
    running = false;
    await Promise.all(loops);
    for (const [clientId, { writer, enterpriseId }] of [...unacked.entries()])
      await write(b, writer, clientId, enterpriseId);

    // B finishes the outbox.
    const outbox = await waitUntilAllSent(db, uuids.length, 10 * 60_000);

    const byInstance = await db.query<{ n: string }>(
      `select count(*) as n from reminder_outbox where attempts > 1`,
    );
    const shown = await fake.shown();
    const shownUuids = shown.messages.map((m) => m.msgUuid);
    const ours = compareShown(uuids, shownUuids);
    const all = compareShown(outbox.uuids, shownUuids);
    const perMinute = maxPerMinute(shown.messages);
    drill.note('writeStatuses', statuses);
    drill.note('acknowledgedWrites', acked.size);
    drill.note('stillUnacknowledged', unacked.size);
    drill.note('messagesSentMoreThanOnceByUs', Number(byInstance.rows[0]!.n));
    drill.note('resendsAbsorbedByMsgUuid', shown.duplicateUuids);
    drill.note('throttledAnswers', shown.throttled);
    drill.note('maxPerRobotInAnyMinute', Math.max(...Object.values(perMinute)));
    drill.check(
      'every message shown exactly once',
      ours.missing === 0 &&
        all.missing === 0 &&
        all.twice === 0 &&
        all.unknown === 0 &&
        outbox.sent === outbox.uuids.length,
      {
        due: outbox.uuids.length,
        ours: uuids.length,
        shown: shown.messages.length,
        missing: all.missing,
        twice: all.twice,
        notInTheOutbox: all.unknown,
      },
    );
    drill.check(
      'each robot within 20 a minute (the DingTalk limit) across both instances, 0 throttle answers',
      Math.max(...Object.values(perMinute)) <= 20 && shown.throttled === 0,
      perMinute,
    );

    const stored = await db.query<{ client_id: string; n: string }>(
      `select client_id, count(*) as n from duty_logs where client_id = any($1::uuid[]) group by client_id`,
      [[...acked]],
    );
    const lost = acked.size - stored.rows.length;
    const duplicated = stored.rows.filter((r) => Number(r.n) > 1).length;
    drill.check(
      '0 acknowledged writes lost, none stored twice, none left unacknowledged',
      lost === 0 && duplicated === 0 && unacked.size === 0,
      {
        lost,
        duplicated,
        unacknowledged: unacked.size,
      },
    );
    drill.check('B stayed up', b.child.exitCode === null && b.child.signalCode === null);
    await stopServer(b);
  }
} finally {
  for (const s of servers) await stopServer(s);
  await db.end().catch(() => {});
  await fake.stop();
  await database.drop();
}
drill.finish();

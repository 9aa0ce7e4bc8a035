// R2: `kill -9` of the server 20 times at random moments while it dispatches reminders, restarting
// it each time → every due message delivered, none shown twice (the fake DingTalk, in its own
// process, counts by msgUuid), no robot over DingTalk's 20 a minute.
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
import {
  compareShown,
  fillOutbox,
  GROUP_JURISDICTIONS,
  maxPerMinute,
  registerWorkGroups,
  waitUntilAllSent,
} from './support/reminder-outbox';

const drill = new Drill('R2', 'kill -9 during reminder dispatch');
const kills = numberArg('kills', hasFlag('quick') ? 5 : 20);
const perGroup = numberArg('messages', hasFlag('quick') ? 6 : 30);
const LEASE_SECONDS = 10;

ensureBuilt();
const fake = await startFakeDingTalkProcess(GROUP_JURISDICTIONS.length);
const database = await createDrillDatabase('r2');
const db = new pg.Client({ connectionString: database.url });
const env = serverEnv(database.url, {
  ...fake.serverEnv,
  REMINDER_JOBS: '1',
  REMINDER_LEASE_SECONDS: String(LEASE_SECONDS),
});
let server: ServerProcess | null = null;
try {
  // Work groups through the API, then the outbox filled as the composer would.
  server = await startServer({ ...env, REMINDER_JOBS: '0' });
  const tokens = await sessionTokens(database.url, [DEMO_PEOPLE.countyManager]);
  const groups = await registerWorkGroups(server.url, tokens.get(DEMO_PEOPLE.countyManager)!, fake);
  await stopServer(server);
  await db.connect();
  const uuids = await fillOutbox(db, groups, perGroup, 'R2');
  drill.try(
    `${uuids.length} urgent robot messages (${perGroup} for each of ${groups.length} work groups, each its own robot on the fake DingTalk in another process) due at once; the server (reminder jobs on, lease ${LEASE_SECONDS} s) was killed with SIGKILL ${kills} times, each 0.5–6 s after it was ready, and restarted`,
  );

  const sentAt = async () =>
    Number(
      (await db.query<{ n: string }>(`select count(*) as n from reminder_outbox where status = 'sent'`))
        .rows[0]!.n,
    );
  const timeline: { kill: number; afterMs: number; sentBefore: number; sending: number }[] = [];
  for (let k = 1; k <= kills; k++) {
    server = await startServer(env);
    const wait = 500 + Math.floor(Math.random() * 5_500);
    await sleep(wait);
    const sending = Number(
      (await db.query<{ n: string }>(`select count(*) as n from reminder_outbox where status = 'sending'`))
        .rows[0]!.n,
    );
    await stopServer(server, 'SIGKILL');
    timeline.push({ kill: k, afterMs: wait, sentBefore: await sentAt(), sending });
  }
  drill.note('kills', timeline);
  drill.note('killedWithMessagesInFlight', timeline.filter((t) => t.sending > 0).length);

  // The last start runs until everything is out.
  server = await startServer(env);
  const outbox = await waitUntilAllSent(db, uuids.length, 10 * 60_000);
  await stopServer(server);
  server = null;

  const statuses = await db.query<{ status: string; n: string }>(
    `select status, count(*) as n from reminder_outbox group by status`,
  );
  const shown = await fake.shown();
  const shownUuids = shown.messages.map((m) => m.msgUuid);
  const ours = compareShown(uuids, shownUuids);
  const all = compareShown(outbox.uuids, shownUuids);
  const perMinute = maxPerMinute(shown.messages);
  drill.note('outboxStatuses', Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)])));
  drill.note('shown', shown.messages.length);
  drill.note('composedByTheJobs', outbox.uuids.length - uuids.length);
  drill.note('resendsAbsorbedByMsgUuid', shown.duplicateUuids);
  drill.note('throttledAnswers', shown.throttled);
  drill.note('maxPerRobotInAnyMinute', Math.max(...Object.values(perMinute)));
  drill.check(
    'every due message delivered (shown in its group, outbox all sent)',
    ours.missing === 0 && all.missing === 0 && outbox.sent === outbox.uuids.length,
    { missing: all.missing, sent: outbox.sent, due: outbox.uuids.length, ours: uuids.length },
  );
  drill.check('none shown twice', all.twice === 0 && all.unknown === 0, {
    twice: all.twice,
    notInTheOutbox: all.unknown,
    shown: shown.messages.length,
  });
  drill.check(
    'each robot within 20 a minute (the DingTalk limit), 0 throttle answers',
    Math.max(...Object.values(perMinute)) <= 20 && shown.throttled === 0,
    perMinute,
  );
} finally {
  if (server) await stopServer(server);
  await db.end().catch(() => {});
  await fake.stop();
  await database.drop();
}
drill.finish();

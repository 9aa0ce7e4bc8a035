// P5: composing every reminder of the province (the reminder day's due lists to every township
// group; the first work day of the quarter's overdue lists, summaries and personal notices), then
// sending a backlog through the fake DingTalk (server/src/integrations/dingtalk/fake-server.ts),
// which throttles a robot for 10 minutes past 20 messages a minute as DingTalk does.
// Targets: compose ≤ 5 s; ≥ 95% of 20 messages/min per robot; 0 throttle errors.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client';
import { createDingTalkClient } from '../../server/src/integrations/dingtalk/client';
import { startFakeDingTalk } from '../../server/src/integrations/dingtalk/fake-server';
import { fixedClock, systemClock } from '../../server/src/lib/clock';
import { createSecretBox } from '../../server/src/lib/secret-box';
import { createJurisdictionRepository } from '../../server/src/modules/jurisdictions/repository';
import { createReminderComposer } from '../../server/src/modules/reminders/composer';
import { createReminderDispatcher } from '../../server/src/modules/reminders/dispatcher';
import { createSettingsService } from '../../server/src/modules/settings/service';
import { tokenContext, tokenFingerprint } from '../../server/src/modules/work-groups/robot';
import { arg, writeResult } from './lib';
import { benchSecretsKey, ensureProvince, provinceUrl, quick, round } from './province';

const robots = arg('robots', quick ? 2 : 6);
const dispatchSeconds = arg('dispatch-seconds', quick ? 15 : 180);
/** The dispatch job's longest pause between looks (server/src/jobs/reminder-jobs.ts dispatchEveryMs). */
const everyMs = arg('every-ms', 10_000);

await ensureProvince();
const database = await openDatabase({ databaseUrl: provinceUrl(), poolMax: 8 });
const { db } = database;
const composerAt = (at: Date) => {
  const clock = fixedClock(at);
  const settings = createSettingsService({ db, clock, jurisdictions: createJurisdictionRepository(db) });
  return createReminderComposer({
    db,
    clock,
    settings,
    publicUrl: 'https://coordnet.example.cn',
    workNotifications: true,
  });
};
const cst = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 1, 0));
const local = new Date(Date.now() + 8 * 3600_000);
const [year, month] = [local.getUTCFullYear(), local.getUTCMonth() + 1];
const quarterMonth = month - ((month - 1) % 3);

async function tick(at: Date) {
  await db.execute(sql`truncate reminder_outbox, reminder_runs cascade`);
  const start = performance.now();
  const report = await composerAt(at).runReminderTick(at);
  return { at: at.toISOString(), ms: Math.round(performance.now() - start), ...report };
}

/** The first moment from `days` at 09:00 Shanghai at which the composer has something to say. */
async function firstComposing(days: Date[]) {
  for (const at of days) {
    const run = await tick(at);
    if (run.messages > 0) return { ...run, again: await tick(at) };
  }
  return null;
}

const dueDay = await firstComposing(
  Array.from({ length: 11 }, (_, i) => cst(year, month, 20 + i)).filter((d) => d.getUTCMonth() + 1 === month),
);
const quarterDay = await firstComposing(Array.from({ length: 10 }, (_, i) => cst(year, quarterMonth, 1 + i)));
const composeMs = Math.max(...[dueDay, quarterDay].flatMap((r) => (r ? [Math.min(r.ms, r.again.ms)] : [])));

// Dispatch: the reminder day's outbox again, sent to real fake robots by the real dispatcher.
if (dueDay) await tick(new Date(dueDay.at));
const fake = await startFakeDingTalk({ clock: systemClock });
const secretBox = createSecretBox(benchSecretsKey);
const { rows: groups } = await db.execute<{ id: string; messages: number }>(sql`
  select group_id as id, count(*)::int as messages from reminder_outbox
   where channel = 'robot' and status = 'pending' group by 1 order by 2 desc, 1 limit ${robots}`);
const tokens = new Map<string, string>();
for (const group of groups) {
  const { accessToken } = fake.addRobot();
  tokens.set(group.id, accessToken);
  await db.execute(sql`
    update work_groups set access_token_sealed = ${secretBox.seal(accessToken, tokenContext(group.id))},
           token_fingerprint = ${tokenFingerprint(benchSecretsKey, accessToken)}, status = 'ok',
           recent_sends = '{}', throttled_until = null
     where id = ${group.id}::uuid`);
}
const ids = `{${groups.map((g) => g.id).join(',')}}`;
// Only the chosen robots' messages are sent; enough of them to keep each busy for the whole window
// (copies of the composed parts under new msgUuids), sendable now whatever the hour (not routine).
await db.execute(sql`update reminder_outbox set status = 'cancelled'
  where status = 'pending' and (group_id is null or not (group_id = any(${ids}::uuid[])))`);
const needed = Math.ceil((dispatchSeconds / 60) * 20 * 1.5);
for (let copy = 1; ; copy++) {
  const { rows } = await db.execute<{ n: number }>(sql`
    select coalesce(min(n), 0)::int as n from (select count(*) as n from reminder_outbox
      where status = 'pending' and group_id = any(${ids}::uuid[]) group by group_id) c`);
  if (rows[0]!.n >= needed || copy > 50) break;
  await db.execute(sql`
    insert into reminder_outbox (run_id, channel, group_id, jurisdiction_code, rule, period, part, parts, title,
                                 message, msg_uuid, routine, status, next_attempt_at, created_at, updated_at)
    select run_id, channel, group_id, jurisdiction_code, rule, period, part, parts, title, message,
           gen_random_uuid()::text, routine, 'pending', next_attempt_at, created_at, updated_at
      from reminder_outbox where status = 'pending' and group_id = any(${ids}::uuid[])`);
}
await db.execute(sql`update reminder_outbox set routine = false, next_attempt_at = now()
  where status = 'pending' and group_id = any(${ids}::uuid[])`);

const dingtalk = createDingTalkClient({
  oapiUrl: fake.url,
  apiUrl: fake.url,
  appKey: fake.appKey,
  appSecret: fake.appSecret,
  agentId: fake.agentId,
  timeoutMs: 5_000,
  clock: systemClock,
});
const settings = createSettingsService({
  db,
  clock: systemClock,
  jurisdictions: createJurisdictionRepository(db),
});
const dispatcher = createReminderDispatcher({
  db,
  clock: systemClock,
  dingtalk,
  secretBox,
  settings,
  composer: composerAt(new Date()),
});
const started = Date.now();
const report = { sent: 0, failed: 0, retried: 0, blocked: 0, deferred: 0 };
while (Date.now() - started < dispatchSeconds * 1000) {
  const once = await dispatcher.dispatchOnce();
  for (const key of Object.keys(report) as (keyof typeof report)[]) report[key] += once[key];
  // As the dispatch job does (server/src/jobs/reminder-jobs.ts): until the next message is due.
  const dueIn = (await dispatcher.nextDueInMs()) ?? everyMs;
  const pause = Math.min(everyMs, Math.max(1_000, dueIn));
  await sleep(Math.min(pause, Math.max(0, started + dispatchSeconds * 1000 - Date.now())));
}
const windowMin = (Date.now() - started) / 60_000;
const received = groups.map((g) =>
  fake
    .received(tokens.get(g.id))
    .map((m) => m.at.getTime())
    .filter((t) => t >= started),
);
const perRobot = received.map((times) => round(times.length / windowMin, 1));
/**
 * The rate a robot keeps up: messages before its last burst over the time to that burst (a burst
 * starts after a pause of more than 5 s), so neither the full first minute nor a cut-off last one
 * flatters or spoils it.
 */
const sustained = received.map((times) => {
  const last = times.findLastIndex((t, i) => i > 0 && t - times[i - 1]! > 5_000);
  if (last <= 0) return round(times.length / windowMin, 1);
  return round(last / ((times[last]! - times[0]!) / 60_000), 1);
});
const { rows: throttled } = await db.execute<{ n: number }>(sql`
  select count(*)::int as n from reminder_outbox where errcode in (130101, 410100)`);
await fake.close();
await database.close();

const minRate = Math.min(...sustained);
writeResult('p5-reminders', {
  target: 'compose ≤ 5 s; ≥ 95% of 20 messages/min per robot; 0 throttle errors',
  compose: { dueDay, quarterDay, worstMs: composeMs },
  dispatch: {
    robots: groups.length,
    windowMinutes: round(windowMin, 2),
    dispatchEveryMs: everyMs,
    messagesPerMinutePerRobot: perRobot,
    sustainedPerMinutePerRobot: sustained,
    shareOfLimit: round(minRate / 20, 3),
    throttleErrors: throttled[0]!.n,
    report,
  },
  pass: composeMs <= 5000 && minRate >= 19 && throttled[0]!.n === 0,
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bossDatabase,
  COMPOSE_QUEUE,
  DISPATCH_QUEUE,
  RETENTION_QUEUE,
  startReminderJobs,
  type ReminderJobs,
} from '../src/jobs/reminder-jobs';
import { enterpriseOf, riskBody } from './helpers/duty-fixtures';
import {
  addGroup,
  createReminderHarness,
  cst,
  outboxRows,
  shown,
  type ReminderHarness,
} from './helpers/reminders';

/**
 * The pg-boss wiring of the reminder jobs, on whichever driver the suite runs (PGlite through the
 * app's own connection, or PostgreSQL): cron in Asia/Shanghai, and jobs that compose and send.
 */

let h: ReminderHarness;
const instances: ReminderJobs[] = [];
const quiet = { info: () => {}, error: (obj: object) => console.error(obj) };

beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-11-14', '23:00').toISOString() });
});
afterAll(async () => {
  for (const jobs of instances) await jobs.stop();
  await h?.close();
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const start = performance.now();
  while (!(await condition())) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`pg-boss on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('starts two instances on one database and schedules compose hourly, dispatch every minute and the retention purge daily, in Asia/Shanghai', async () => {
    for (let i = 0; i < 2; i++)
      instances.push(
        // As the server starts them: the container's retention (and backup, when BACKUP_DIR is set).
        await h.t.app.container.startJobs({
          composer: h.composer,
          dispatcher: h.newDispatcher(),
          logger: quiet,
          dispatchLoopMs: 0,
          pollingIntervalSeconds: 0.5,
        }),
      );
    const schedules = await instances[0]!.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron, (s.options as { tz?: string }).tz]).sort()).toEqual([
      [COMPOSE_QUEUE, '0 * * * *', 'Asia/Shanghai'],
      [DISPATCH_QUEUE, '* * * * *', 'Asia/Shanghai'],
      [RETENTION_QUEUE, '30 3 * * *', 'Asia/Shanghai'],
    ]);
  });

  it('seed §二(三) C4: a major dispute on a Saturday night goes out through the dispatch job, once', async () => {
    const county = await addGroup(h, '330106000000');
    const own = await enterpriseOf(h.t, '郑磊');
    const res = await h.t.request({
      method: 'POST',
      url: '/api/v1/risk-reports',
      as: '郑磊',
      payload: riskBody(own.id, cst('2026-11-14', '22:30').toISOString(), {
        severity: 'major',
        peopleAffected: 80,
      }),
    });
    expect(res.statusCode).toBe(201);
    // Both instances are asked to dispatch (as their cron would); the queue lets one job run at a time.
    await instances[0]!.boss.send(DISPATCH_QUEUE, {});
    await instances[1]!.boss.send(DISPATCH_QUEUE, {});
    await until(() => shown(h, county.accessToken).length > 0);
    await new Promise((r) => setTimeout(r, 1_500));
    const arrived = shown(h, county.accessToken);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.title).toContain('重大劳动关系矛盾纠纷');
  });

  it('the compose job writes the routine reminders due now, and the dispatch job sends them', async () => {
    h.clock.set(cst('2026-11-20', '09:00')); // Friday the 20th: the township groups hear what is due
    const sandun = await addGroup(h, '330106109000');
    await instances[1]!.boss.send(COMPOSE_QUEUE, {});
    await until(async () => (await outboxRows(h)).some((r) => r.group_id === sandun.group.id));
    await instances[0]!.boss.send(DISPATCH_QUEUE, {});
    await until(() => shown(h, sandun.accessToken).length > 0);
    expect(shown(h, sandun.accessToken)[0]!.title).toBe('三墩镇待完成的联络和走访（截至11月20日）');
  });

  it('stops cleanly', async () => {
    for (const jobs of instances.splice(0)) await jobs.stop();
  });

  it('starts on a database last run with pg-boss 10 (job schema version 24, which pg-boss 12 cannot migrate): the old schema is replaced', async () => {
    const { db } = bossDatabase(h.t.database);
    await db.executeSql(`DROP SCHEMA pgboss CASCADE`);
    await db.executeSql(`CREATE SCHEMA pgboss;
      CREATE TABLE pgboss.version (version int PRIMARY KEY, maintained_on timestamptz, cron_on timestamptz);
      INSERT INTO pgboss.version VALUES (24, now(), now());
      CREATE TABLE pgboss.job (id uuid PRIMARY KEY, name text NOT NULL, state text NOT NULL);
      INSERT INTO pgboss.job VALUES (gen_random_uuid(), '${COMPOSE_QUEUE}', 'created');`);
    const info: object[] = [];
    const jobs = await startReminderJobs({
      database: h.t.database,
      composer: h.composer,
      dispatcher: h.newDispatcher(),
      logger: { info: (obj) => info.push(obj), error: quiet.error },
      dispatchAtStart: false,
    });
    instances.push(jobs);
    expect(info).toContainEqual({ version: 24 });
    const [{ version }] = (await db.executeSql('SELECT version FROM pgboss.version', [])).rows as [
      { version: number },
    ];
    expect(version).toBeGreaterThanOrEqual(25);
    expect((await jobs.boss.getSchedules()).map((s) => s.name).sort()).toEqual([
      COMPOSE_QUEUE,
      DISPATCH_QUEUE,
    ]);
    for (const j of instances.splice(0)) await j.stop();
  });
});

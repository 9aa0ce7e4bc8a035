import { setTimeout as sleep } from 'node:timers/promises';
import { fromPglite, PgBoss, type BackendOptions, type Db } from 'pg-boss';
import type { Database } from '../db/client';
import { driverClient } from '../db/driver-client';
import type { ReminderComposer } from '../modules/reminders/composer';
import type { ReminderDispatcher } from '../modules/reminders/dispatcher';
import type { RetentionService } from '../modules/retention/service';

/**
 * The reminder jobs on pg-boss (12.x), on Postgres and on PGlite alike through the app's own
 * connection (bossDatabase below). Cron runs in China Standard Time:
 *   reminders-compose   hourly        routine reminders due now → outbox (idempotent run keys)
 *   reminders-dispatch  every minute  major dispute reports → outbox, then send the outbox;
 *                                     the job keeps looking every few seconds for most of its
 *                                     minute, so a C4 report reaches the county group within one
 *   retention-purge    daily 03:30   finished outbox rows and runs past REMINDER_RETENTION_DAYS,
 *                                     check-in coordinates past the county's retention, import dry
 *                                     runs never committed (retention/, imports/retention.ts)
 *   backup-tick        hourly :10    the daily backup at the set hour, when BACKUP_DIR is set
 *                                     (backup/service.ts)
 * The queues are `stately`: at most one job running and one waiting, whatever the number of
 * server instances; pg-boss's cron is itself deduplicated across instances. Nothing in here
 * decides what to send: the composer and the dispatcher do, and they are safe to run twice.
 */
export const COMPOSE_QUEUE = 'reminders-compose';
export const DISPATCH_QUEUE = 'reminders-dispatch';
export const RETENTION_QUEUE = 'retention-purge';
export const BACKUP_QUEUE = 'backup-tick';
export const TIME_ZONE = 'Asia/Shanghai';
const MIN_PAUSE_MS = 1_000;

export interface ReminderJobsOptions {
  database: Database;
  composer: Pick<ReminderComposer, 'runReminderTick' | 'composeUrgent'>;
  dispatcher: Pick<ReminderDispatcher, 'dispatchOnce'> & Partial<Pick<ReminderDispatcher, 'nextDueInMs'>>;
  /** The daily purge of old outbox rows and check-in coordinates; off when absent. */
  retention?: Pick<RetentionService, 'purge'>;
  /** The scheduled backup's hourly look (it runs at the set hour only); off when absent. */
  backup?: { tick(): Promise<unknown> };
  logger: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  /** How long one dispatch job keeps looking for work (ms); a little under the cron minute. */
  dispatchLoopMs?: number;
  /** Longest pause between looks within a dispatch job (ms); shorter when a message is due sooner. */
  dispatchEveryMs?: number;
  /** Run one dispatch loop right away, outside pg-boss (default on; tests that drive pg-boss turn it off). */
  dispatchAtStart?: boolean;
  /** pg-boss cron and polling intervals, shortened in tests. */
  cronMonitorIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
}

export interface ReminderJobs {
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * pg-boss's database: the app's own connection, on either driver.
 *
 * PGlite: pg-boss's own adapter for it (`fromPglite`, `backend: 'pglite'`) on the same in-process
 * database the app uses. It sends multi-statement text without values through `exec` and keeps
 * the rows of every statement (pg-boss 12's locked blocks RETURNING before their COMMIT), and
 * rolls back after a failed statement so an aborted block cannot poison the one connection.
 * PGlite serialises queries and transactions, so pg-boss waits while an app transaction runs and
 * never sees it half done, and its ROLLBACK can never reach into one.
 *
 * node-postgres: the app's pool. Text without values goes over the simple protocol, so pg-boss's
 * multi-statement maintenance scripts (BEGIN; …; COMMIT) run as one query on one connection, and
 * a connection whose query failed is discarded by the pool.
 */
export function bossDatabase(database: Database): { backend: BackendOptions['backend']; db: Db } {
  const target = driverClient(database);
  if (target.driver === 'pglite') return { backend: 'pglite', db: fromPglite(target.client) };
  const pool = target.client;
  return { backend: 'postgres', db: { executeSql: (text, values) => pool.query(text, values) } };
}

export const BOSS_SCHEMA = 'pgboss';
/** The oldest schema pg-boss 12 migrates from: 11.0's rewrite. pg-boss 10 left version 24. */
const OLDEST_MIGRATABLE_VERSION = 25;

/**
 * Drops a job schema pg-boss 10 left behind, which pg-boss 12 refuses to migrate ("the oldest
 * supported starting version is 25"), so that start() installs its own. Nothing is lost: the
 * outbox and the reminder runs are the record, the schedules are set again at every start, and a
 * job pending in the old schema is composed or dispatched again by the jobs sent at start. Under
 * an advisory lock, so of two instances upgraded at once the second sees the first one's new schema.
 */
export async function retireOldBossSchema(db: Pick<Db, 'executeSql'>): Promise<number | null> {
  const { rows } = await db.executeSql(
    `SELECT to_regclass('${BOSS_SCHEMA}.version') IS NOT NULL AS present`,
    [],
  );
  if (!(rows[0] as { present: boolean }).present) return null;
  const [found] = (await db.executeSql(`SELECT version FROM ${BOSS_SCHEMA}.version`, [])).rows as {
    version: number;
  }[];
  if (!found || found.version >= OLDEST_MIGRATABLE_VERSION) return null;
  // Checked again under the lock: another instance may have replaced it meanwhile.
  await db.executeSql(`DO $$
    DECLARE found integer;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('coordnet:${BOSS_SCHEMA}:retire'));
      IF to_regclass('${BOSS_SCHEMA}.version') IS NULL THEN RETURN; END IF;
      EXECUTE 'SELECT version FROM ${BOSS_SCHEMA}.version' INTO found;
      IF found < ${OLDEST_MIGRATABLE_VERSION} THEN DROP SCHEMA ${BOSS_SCHEMA} CASCADE; END IF;
    END $$`);
  return found.version;
}

/** Completed jobs are kept a day: they are only a trace, the outbox is the record. */
const DELETE_AFTER_SECONDS = 86_400;

async function ensureQueue(boss: PgBoss, name: string, expireInSeconds: number) {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, {
      policy: 'stately',
      retryLimit: 0,
      expireInSeconds,
      deleteAfterSeconds: DELETE_AFTER_SECONDS,
    });
  } catch (error) {
    // Another instance created it first.
    if (!(await boss.getQueue(name))) throw error;
  }
}

export async function startReminderJobs(options: ReminderJobsOptions): Promise<ReminderJobs> {
  const { composer, dispatcher, logger } = options;
  const loopMs = options.dispatchLoopMs ?? 50_000;
  const everyMs = options.dispatchEveryMs ?? 10_000;
  const connection = bossDatabase(options.database);
  const retired = await retireOldBossSchema(connection.db);
  if (retired !== null) logger.info({ version: retired }, 'pg-boss 10 job schema dropped for pg-boss 12');
  const boss = new PgBoss({
    ...connection,
    schema: BOSS_SCHEMA,
    cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds ?? 30,
  });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  await ensureQueue(boss, COMPOSE_QUEUE, 600);
  await ensureQueue(boss, DISPATCH_QUEUE, 120);
  await boss.schedule(COMPOSE_QUEUE, '0 * * * *', {}, { tz: TIME_ZONE });
  await boss.schedule(DISPATCH_QUEUE, '* * * * *', {}, { tz: TIME_ZONE });
  const { retention } = options;
  if (retention) {
    await ensureQueue(boss, RETENTION_QUEUE, 3_600);
    await boss.schedule(RETENTION_QUEUE, '30 3 * * *', {}, { tz: TIME_ZONE });
  }
  const { backup } = options;
  if (backup) {
    await ensureQueue(boss, BACKUP_QUEUE, 3 * 3_600);
    await boss.schedule(BACKUP_QUEUE, '10 * * * *', {}, { tz: TIME_ZONE });
  }

  const stopping = new AbortController();
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  await boss.work(COMPOSE_QUEUE, polling, async () => {
    const report = await composer.runReminderTick();
    if (report.runs > 0) logger.info({ report }, 'reminders composed');
  });

  const dispatchLoop = async () => {
    const started = performance.now();
    for (;;) {
      const urgent = await composer.composeUrgent();
      const report = await dispatcher.dispatchOnce();
      if (urgent.runs > 0 || report.sent + report.failed + report.blocked > 0)
        logger.info({ urgent, report }, 'reminders dispatched');
      // Until the next message is due (a robot's send slot frees up), at most everyMs.
      const dueIn = (await dispatcher.nextDueInMs?.()) ?? everyMs;
      const pause = Math.min(everyMs, Math.max(MIN_PAUSE_MS, dueIn));
      if (stopping.signal.aborted || performance.now() - started + pause > loopMs) return;
      await sleep(pause, undefined, { signal: stopping.signal }).catch(() => {});
    }
  };
  await boss.work(DISPATCH_QUEUE, polling, dispatchLoop);

  if (retention)
    await boss.work(RETENTION_QUEUE, polling, async () => {
      const report = await retention.purge();
      logger.info({ report }, 'retention purge');
    });

  if (backup)
    await boss.work(BACKUP_QUEUE, polling, async () => {
      const report = await backup.tick();
      if (report) logger.info({ report }, 'scheduled backup');
    });

  // A server started mid-hour composes now rather than at the next full hour.
  await boss.send(COMPOSE_QUEUE, {});
  // And sends what is due now: after a crash the dead instance's dispatch job holds the stately
  // queue until it expires, so a restarted server would otherwise wait minutes. Running beside
  // another instance's dispatcher is safe (claims SKIP LOCKED, leases, msgUuid).
  const atStart =
    options.dispatchAtStart === false
      ? Promise.resolve()
      : dispatchLoop().catch((err: unknown) => logger.error({ err }, 'dispatch at start failed'));

  return {
    boss,
    async stop() {
      stopping.abort();
      await atStart;
      await boss.stop({ graceful: true, timeout: 15_000 });
    },
  };
}

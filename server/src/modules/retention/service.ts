import { inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { RANK_DIGITS, subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { codePrefixSql } from '../../db/rules-sql';
import { jurisdictions } from '../../db/schema/jurisdictions';
import type { Clock } from '../../lib/clock';
import type { ImportRetention } from '../imports/retention';
import type { SettingsService } from '../settings/service';
import type { UploadRetention } from '../uploads/retention';

/** What a batched statement counts (the rows it touched). */
const countRow = z.object({ n: z.coerce.number() });

/**
 * Keeps personal and operational data no longer than needed (个人信息保护法 art. 19):
 * - the precise check-in coordinates of site visits (latitude, longitude, accuracy, address, also
 *   in the revision snapshots) after the county's `checkInRetentionDays`; the distance to the
 *   enterprise, the mock-location flag and the log's flags stay, so approvals and reports still hold;
 * - reminder outbox rows that are finished (sent, failed, cancelled) and the reminder runs left
 *   without messages, after `reminderRetentionDays` (REMINDER_RETENTION_DAYS). Pending and held
 *   messages are never purged, whatever their age;
 * - import dry runs validated and never committed, after IMPORT_DRY_RUN_RETENTION_HOURS: their
 *   staged rows and uploaded file are deleted and the import is marked expired (imports/retention.ts);
 * - what failed imports (a restart mid-run, a clean-up that failed) left behind, after the same hours;
 * - photos never attached to a log or case, after UPLOAD_RETENTION_HOURS (uploads/retention.ts).
 * Each step is set-based and works in batches, so a first run over years of data does not hold
 * long locks; it is safe to run twice or on two instances at once.
 */
export interface RetentionReport {
  checkInsPurged: number;
  outboxDeleted: number;
  runsDeleted: number;
  importsExpired: number;
  importsPurged: number;
  uploadsPurged: number;
}

const BATCH = 5_000;
const DAY_MS = 86_400_000;

export function createRetentionService(deps: {
  db: Db;
  clock: Clock;
  settings: Pick<SettingsService, 'resolver'>;
  reminderRetentionDays: number;
  /** Abandoned import dry runs and failed imports' leftovers; not purged when absent. */
  imports?: Pick<ImportRetention, 'expireAbandoned' | 'purgeFailed'>;
  /** Photos never attached; not purged when absent. */
  uploads?: Pick<UploadRetention, 'purgeUnattached'>;
}) {
  const { db } = deps;

  /** Repeats a batched statement (returning the rows it touched) until a batch is short. */
  async function inBatches(statement: () => SQL): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await db.execute(statement());
      const n = rowsOf(countRow, result)[0]?.n ?? 0;
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** County prefixes (6 digits) grouped by their retention days, and each province's own days. */
  async function checkInPolicy() {
    const places = await db
      .select({ code: jurisdictions.code, level: jurisdictions.level })
      .from(jurisdictions)
      .where(inArray(jurisdictions.level, ['province', 'county']));
    const provinces = places.filter((p) => p.level === 'province').map((p) => p.code);
    const resolver = await deps.settings.resolver(provinces);
    const provinceDays = new Map(
      provinces.map((p) => [subtreePrefix(p), resolver.effectiveFor(p).checkInRetentionDays]),
    );
    // Counties whose days differ from their province's (a county or city override).
    const exceptions = new Map<number, string[]>();
    for (const county of places.filter((p) => p.level === 'county')) {
      const days = resolver.effectiveFor(county.code).checkInRetentionDays;
      if (days === provinceDays.get(county.code.slice(0, RANK_DIGITS.province))) continue;
      exceptions.set(days, [...(exceptions.get(days) ?? []), subtreePrefix(county.code)]);
    }
    return { provinceDays, exceptions };
  }

  async function purgeCheckIns(now: Date): Promise<number> {
    const { provinceDays, exceptions } = await checkInPolicy();
    const excepted = [...exceptions.values()].flat();
    const provincePrefix = codePrefixSql(sql`l.jurisdiction_code`, 'province');
    const countyPrefix = codePrefixSql(sql`l.jurisdiction_code`, 'county');
    const targets: { where: SQL; days: number }[] = [
      ...[...provinceDays].map(([prefix, days]) => ({
        where: sql`${provincePrefix} = ${prefix}
               and not (${countyPrefix} = any(${`{${excepted.join(',')}}`}::text[]))`,
        days,
      })),
      ...[...exceptions].map(([days, prefixes]) => ({
        where: sql`${countyPrefix} = any(${`{${prefixes.join(',')}}`}::text[])`,
        days,
      })),
    ];
    let total = 0;
    for (const target of targets) {
      const cutoff = new Date(now.getTime() - target.days * DAY_MS).toISOString();
      total += await inBatches(
        () => sql`
          with batch as (
            select l.id from duty_logs l
             where l.kind = 'visit' and l.occurred_at < ${cutoff}::timestamptz
               and (l.checkin_latitude is not null or l.checkin_longitude is not null or l.checkin_address is not null)
               and ${target.where}
             limit ${BATCH}
             for update skip locked),
          logs as (
            update duty_logs l
               set checkin_latitude = null, checkin_longitude = null, checkin_accuracy = null, checkin_address = null
              from batch where l.id = batch.id
            returning l.id),
          events as (
            update duty_log_events e
               set snapshot = e.snapshot #- '{checkIn,latitude}' #- '{checkIn,longitude}'
                                         #- '{checkIn,accuracy}' #- '{checkIn,address}'
              from logs where e.log_id = logs.id and e.snapshot ? 'checkIn'
            returning e.id)
          select count(*)::int as n from logs`,
      );
    }
    return total;
  }

  async function purgeReminders(now: Date): Promise<{ outboxDeleted: number; runsDeleted: number }> {
    const cutoff = new Date(now.getTime() - deps.reminderRetentionDays * DAY_MS).toISOString();
    const outboxDeleted = await inBatches(
      () => sql`
        with gone as (
          delete from reminder_outbox where id in (
            select id from reminder_outbox
             where status in ('sent', 'failed', 'cancelled') and created_at < ${cutoff}::timestamptz
             limit ${BATCH}
             for update skip locked)
          returning id)
        select count(*)::int as n from gone`,
    );
    const runsDeleted = await inBatches(
      () => sql`
        with gone as (
          delete from reminder_runs where id in (
            select r.id from reminder_runs r
             where r.created_at < ${cutoff}::timestamptz
               and not exists (select 1 from reminder_outbox o where o.run_id = r.id)
             limit ${BATCH}
             for update skip locked)
          returning id)
        select count(*)::int as n from gone`,
    );
    return { outboxDeleted, runsDeleted };
  }

  return {
    async purge(at?: Date): Promise<RetentionReport> {
      const now = at ?? deps.clock.now();
      const checkInsPurged = await purgeCheckIns(now);
      const reminders = await purgeReminders(now);
      const importsExpired = (await deps.imports?.expireAbandoned(now)) ?? 0;
      const importsPurged = (await deps.imports?.purgeFailed(now)) ?? 0;
      const uploadsPurged = (await deps.uploads?.purgeUnattached(now)) ?? 0;
      return { checkInsPurged, ...reminders, importsExpired, importsPurged, uploadsPurged };
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;

import { createHash } from 'node:crypto';
import { and, eq, getTableColumns, SQL, sql } from 'drizzle-orm';
import type { LogFlag } from '@coordnet/shared/api/logs';
import type { LogKind } from '@coordnet/shared/api/keys';
import type { PolicySettings } from '@coordnet/shared/api/settings';
import { occurredAtProblem } from '@coordnet/shared/domain/backfill';
import { builtOnce, builtOncePerKey, builtOnceSqlPerKey } from '../../db/built-once';
import type { Db, Tx } from '../../db/client';
import { auditLog } from '../../db/schema/audit';
import { dutyLogEvents, dutyLogs } from '../../db/schema/duty-logs';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { users } from '../../db/schema/people';
import { maskMobilesIn } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { readableByPatterns, scopePatterns } from '../../lib/scope';
import type { Actor } from '../auth/principal';
import {
  markRefreshStatement,
  markTargetPlaceholders,
  markTargetValues,
  targetsForLog,
} from '../duties/marks';
import type { EnterpriseRow } from '../enterprises/repository';
import { applicableSettingsSql, effectiveFromRows } from '../settings/service';
import { counterpartsSql, type LogRepository, type LogRow } from './repository';

export type { Actor } from '../auth/principal';

export type LogInsert = typeof dutyLogs.$inferInsert;
export type LogRecord = typeof dutyLogs.$inferSelect;

export const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: string }).code === '23505' ||
    (error as { cause?: { code?: string } }).cause?.code === '23505');

/** JSON with sorted keys, so the same request always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const requestHash = (value: unknown) => createHash('sha256').update(stableJson(value)).digest('hex');

/** Seed §二(三) the occurred-at rule (shared with the phone); the server refuses what it finds. */
export function checkOccurredAt(occurredAt: Date, now: Date, settings: Pick<PolicySettings, 'backfillDays'>) {
  const problem = occurredAtProblem(occurredAt, now, settings.backfillDays);
  if (problem) throw new AppError(problem.code, problem.message, problem.details);
}

/** What the read model adds to a log row, computed in the INSERT's RETURNING instead of a read-back. */
const namesOf = {
  enterpriseName: sql<string>`(select e.name from ${enterprises} e where e.id = ${dutyLogs.enterpriseId})`,
  jurisdictionName: sql<string>`(select j.name from ${jurisdictions} j where j.code = ${dutyLogs.jurisdictionCode})`,
  authorName: sql<string>`(select a.name from ${users} a where a.id = ${dutyLogs.authorUserId})`,
  counterparts: counterpartsSql,
};

export interface NewLog {
  kind: LogKind;
  clientId: string;
  enterpriseId: string;
  occurredAt: Date;
  /** The validated request body; its hash tells a replay from a conflicting reuse of the client id. */
  body: unknown;
  /** Throws (403) when the caller may read the enterprise but not write this log for it. */
  authorize(enterprise: EnterpriseRow): void;
  /** Checks that need the enterprise and its settings, before anything is written; query with `tx`. */
  prepare?(enterprise: EnterpriseRow, settings: PolicySettings, tx: Tx): Promise<void> | void;
  /** The kind-specific columns. */
  values(enterprise: EnterpriseRow, settings: PolicySettings): Partial<LogInsert>;
  /** More writes in the same transaction (attach photos, raise an escalation). */
  inTransaction?(tx: Tx, log: LogRecord, enterprise: EnterpriseRow): Promise<void>;
}

/**
 * The enterprise, readable and locked, with its settings and the client id's replay: built once
 * (db/built-once.ts), the scope as arrays of patterns and ids (scopePatterns) so its text never varies.
 */
const lockedRead = builtOnce((tx) =>
  tx
    .select({
      replayId: sql<string | null>`(select l.id from ${dutyLogs} l
                where l.author_user_id = ${sql.placeholder('authorUserId')}::uuid and l.client_id = ${sql.placeholder('clientId')}::uuid)`,
      enterprise: enterprises,
      jurisdictionName: jurisdictions.name,
      settings: applicableSettingsSql(enterprises.jurisdictionCode),
    })
    .from(enterprises)
    .innerJoin(jurisdictions, eq(jurisdictions.code, enterprises.jurisdictionCode))
    .where(
      and(
        eq(enterprises.id, sql.placeholder('enterpriseId')),
        readableByPatterns(
          enterprises.jurisdictionCode,
          enterprises.id,
          sql.placeholder('prefixes'),
          sql.placeholder('enterpriseIds'),
        ),
      ),
    )
    .for('no key update', { of: enterprises }),
);

/** The placeholders of insertLog's duplicate check and flags, not columns. */
const CHECK_VALUES = new Set(['flags', 'minuteStart', 'minuteEnd']);

/**
 * The columns a log's INSERT sets, and which of them are null: its text differs by that alone, so
 * each kind's few shapes are built once. Columns left undefined keep their defaults, as Drizzle does.
 */
const insertShape = (values: Record<string, unknown>) =>
  Object.keys(values)
    .filter((k) => values[k] !== undefined && !CHECK_VALUES.has(k))
    .map((k) => {
      if (values[k] instanceof SQL) throw new Error(`insertLog takes values, not SQL (${k})`);
      return values[k] === null ? `${k}=null` : k;
    })
    .join(',');

/**
 * The log's INSERT for one shape, flagged as a probable duplicate in SQL (the earliest log of the
 * same kind, author and enterprise in the same minute) and returned with the names the response shows.
 */
const insertLog = builtOncePerKey((tx, shape) => {
  const duplicateOf = sql`(select d.id from ${dutyLogs} d
            where d.enterprise_id = ${sql.placeholder('enterpriseId')}::uuid
              and d.occurred_at >= ${sql.placeholder('minuteStart')}::timestamptz
              and d.occurred_at < ${sql.placeholder('minuteEnd')}::timestamptz
              and d.author_user_id = ${sql.placeholder('authorUserId')}::uuid and d.kind = ${sql.placeholder('kind')}::log_kind
              and d.status <> 'withdrawn'
            order by d.created_at asc limit 1)`;
  const flags = sql.placeholder('flags');
  const columns = Object.fromEntries(
    shape.split(',').map((entry) => {
      const [key, isNull] = entry.split('=');
      return [key!, isNull ? null : sql.placeholder(key!)];
    }),
  );
  return tx
    .insert(dutyLogs)
    .values({
      ...columns,
      flags: sql`(case when ${duplicateOf} is null then ${flags}::text[]
                else ${flags}::text[] || '{probable_duplicate}'::text[] end)`,
      duplicateOfId: duplicateOf,
    } as unknown as LogInsert)
    .returning({ ...getTableColumns(dutyLogs), ...namesOf });
});

/**
 * A new log's event, audit row (as auditInsert writes it), duty marks and tallies in one statement
 * (refreshDutyMarks with `alongside`, its targets known locked), built once per number of targets
 * and whether the request has an address.
 */
const createdWrites = builtOnceSqlPerKey((tx, key) => {
  const [targets, ip] = key.split('|');
  const p = sql.placeholder;
  const event = tx.insert(dutyLogEvents).values({
    logId: p('logId'),
    revision: 1,
    action: 'created',
    actorUserId: p('authorUserId'),
    snapshot: p('snapshot'),
    requestHash: p('requestHash'),
    at: p('at'),
  } as unknown as typeof dutyLogEvents.$inferInsert);
  const audit = tx.insert(auditLog).values({
    actorUserId: p('authorUserId'),
    action: p('action'),
    entityType: 'duty_log',
    entityId: p('logId'),
    before: null,
    after: p('after'),
    details: null,
    ip: ip === 'null' ? null : p('ip'),
  } as unknown as typeof auditLog.$inferInsert);
  const count = Number(targets);
  const alongside = sql`alongside_0 as (${event.getSQL()}), alongside_1 as (${audit.getSQL()})`;
  if (count === 0) return sql`with ${alongside} select 1`;
  return markRefreshStatement({
    alongside,
    values: markTargetPlaceholders(count),
    now: sql`${p('now')}::timestamptz`,
  });
});

export function createLogWriter(deps: { db: Db; clock: Clock; logs: LogRepository }) {
  const { db, clock } = deps;

  /** The stored log for this client id: the same request is a replay, another one a conflict. */
  async function replayOf(
    actor: Actor,
    input: NewLog,
    hash: string,
    tx?: Pick<Db, 'select'>,
  ): Promise<LogRow | null> {
    const existing = await deps.logs.findByClientId(actor.principal.user.id, input.clientId, tx);
    if (!existing) return null;
    if (existing.kind !== input.kind || existing.requestHash !== hash) {
      throw new AppError('idempotency_conflict', undefined, { id: existing.id });
    }
    return existing;
  }

  return {
    /**
     * Creates a log once per (author, client id); `created` is false for a replay. Five round trips
     * on the common path: BEGIN; the enterprise (readable, locked) with its settings and whether
     * the client id was seen; the log, flagged as a probable duplicate in SQL, returned with the
     * names the response shows; its event, audit row, duty marks and tallies; COMMIT. The first
     * two texts are built once (lockedRead, insertLog), only their values change per request.
     */
    async create(actor: Actor, input: NewLog): Promise<{ log: LogRow; created: boolean }> {
      const hash = requestHash({ kind: input.kind, body: input.body });
      const authorUserId = actor.principal.user.id;
      try {
        return await db.transaction(async (tx) => {
          // Locked first thing, so the statements after this one see every log committed before
          // it (a double tap's twin, another writer's log of the same period) and the marks and
          // tallies change one writer at a time (lockEnterprises).
          const [found] = await lockedRead(tx, {
            authorUserId,
            clientId: input.clientId,
            enterpriseId: input.enterpriseId,
            ...scopePatterns(actor.principal.scope),
          });
          // A replay is answered even when the enterprise is no longer readable.
          if (!found || found.replayId) {
            const replay = await replayOf(actor, input, hash, tx);
            if (replay) return { log: replay, created: false };
          }
          if (!found) throw notFound();
          const enterprise: EnterpriseRow = { ...found.enterprise, jurisdictionName: found.jurisdictionName };
          input.authorize(enterprise);
          const settings = effectiveFromRows(enterprise.jurisdictionCode, found.settings);
          const now = clock.now();
          checkOccurredAt(input.occurredAt, now, settings);
          await input.prepare?.(enterprise, settings, tx);

          const minute = Math.floor(input.occurredAt.getTime() / 60_000) * 60_000;
          const specific = input.values(enterprise, settings);
          const values: Record<string, unknown> = {
            ...specific,
            clientId: input.clientId,
            requestHash: hash,
            kind: input.kind,
            authorUserId,
            enterpriseId: enterprise.id,
            jurisdictionCode: enterprise.jurisdictionCode,
            occurredAt: input.occurredAt,
            createdAt: now,
            updatedAt: now,
            // For the duplicate check and the flags (insertLog).
            flags: [...((specific.flags ?? []) as LogFlag[])],
            minuteStart: new Date(minute).toISOString(),
            minuteEnd: new Date(minute + 60_000).toISOString(),
          };
          const [inserted] = await insertLog(insertShape(values), tx, values);
          if (!inserted) throw new Error('insert returned nothing');
          const { enterpriseName, jurisdictionName, authorName, counterparts, ...row } = inserted;
          await input.inTransaction?.(tx, row, enterprise);
          // The event and the audit row go in the same statement as the marks and tallies.
          const targets = targetsForLog(row.kind, row.enterpriseId, row.occurredAt);
          const ip = actor.ip ?? null;
          await createdWrites(`${targets.length}|${ip === null ? 'null' : 'ip'}`, tx, {
            logId: row.id,
            authorUserId,
            snapshot: input.body,
            requestHash: hash,
            at: now,
            action: `${input.kind}.create`,
            after: maskMobilesIn(row),
            ip,
            now: now.toISOString(),
            ...markTargetValues(targets),
          });
          const log: LogRow = {
            ...row,
            enterpriseName,
            jurisdictionName,
            authorName,
            deciderName: null,
            counterparts,
          };
          return { log, created: true };
        });
      } catch (error) {
        // The same client id raced in from a retry: answer as a replay (or a conflict).
        if (isUniqueViolation(error)) {
          const raced = await replayOf(actor, input, hash);
          if (raced) return { log: raced, created: false };
        }
        throw error;
      }
    },
  };
}

export type LogWriter = ReturnType<typeof createLogWriter>;

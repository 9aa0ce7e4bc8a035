import { createHash } from 'node:crypto';
import { and, asc, eq, gte, lt, ne } from 'drizzle-orm';
import type { LogFlag, LogKind } from '@coordnet/shared/api/logs';
import type { PolicySettings } from '@coordnet/shared/api/settings';
import { shanghaiDate, shanghaiParts } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { dutyLogEvents, dutyLogs } from '../../db/schema/duty-logs';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { badRequest, conflict, notFound } from '../../lib/errors';
import type { Principal } from '../auth/principal';
import { lockEnterprises, refreshDutyMarks, targetsForLog } from '../duties/marks';
import type { EnterpriseRepository, EnterpriseRow } from '../enterprises/repository';
import type { SettingsService } from '../settings/service';
import type { LogRepository, LogRow } from './repository';

export interface Actor {
  principal: Principal;
  ip: string | null;
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type LogInsert = typeof dutyLogs.$inferInsert;
export type LogRecord = typeof dutyLogs.$inferSelect;

/** How far a phone's clock may run ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

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

/**
 * Seed §二(三) logs belong to the period they happened in; a log may not be in the future (beyond
 * clock skew) nor older than the county's back-fill window, counted in whole Shanghai days.
 */
export function checkOccurredAt(occurredAt: Date, now: Date, settings: Pick<PolicySettings, 'backfillDays'>) {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badRequest('occurred_at_future');
  const { year, month, day } = shanghaiParts(now);
  const earliest = new Date(Date.UTC(year, month - 1, day) - settings.backfillDays * DAY_MS - CST_OFFSET_MS);
  if (occurredAt.getTime() < earliest.getTime()) {
    throw badRequest(
      'occurred_at_too_early',
      `发生时间早于补录期限：只能补录 ${settings.backfillDays} 天内的记录(${shanghaiDate(earliest)} 及以后)`,
      { backfillDays: settings.backfillDays, earliest: earliest.toISOString() },
    );
  }
}

export interface NewLog {
  kind: LogKind;
  clientId: string;
  enterpriseId: string;
  occurredAt: Date;
  /** The validated request body; its hash tells a replay from a conflicting reuse of the client id. */
  body: unknown;
  /** Throws (403) when the caller may read the enterprise but not write this log for it. */
  authorize(enterprise: EnterpriseRow): void;
  /** Checks that need the enterprise and its settings; runs before the transaction. */
  prepare?(enterprise: EnterpriseRow, settings: PolicySettings): Promise<void> | void;
  /** The kind-specific columns. */
  values(enterprise: EnterpriseRow, settings: PolicySettings): Partial<LogInsert>;
  /** More writes in the same transaction (attach photos, raise an escalation). */
  inTransaction?(tx: Tx, log: LogRecord, enterprise: EnterpriseRow): Promise<void>;
}

export function createLogWriter(deps: {
  db: Db;
  clock: Clock;
  enterprises: EnterpriseRepository;
  settings: SettingsService;
  logs: LogRepository;
}) {
  const { db, clock } = deps;

  /** The stored log for this client id: the same request is a replay, another one a conflict. */
  async function replayOf(actor: Actor, input: NewLog, hash: string): Promise<LogRow | null> {
    const existing = await deps.logs.findByClientId(actor.principal.user.id, input.clientId);
    if (!existing) return null;
    if (existing.kind !== input.kind || existing.requestHash !== hash) {
      throw conflict('idempotency_conflict', undefined, { id: existing.id });
    }
    return existing;
  }

  return {
    /** Creates a log once per (author, client id); `created` is false for a replay. */
    async create(actor: Actor, input: NewLog): Promise<{ log: LogRow; created: boolean }> {
      const hash = requestHash({ kind: input.kind, body: input.body });
      const replay = await replayOf(actor, input, hash);
      if (replay) return { log: replay, created: false };

      const enterprise = await deps.enterprises.findReadable(actor.principal.scope, input.enterpriseId);
      if (!enterprise) throw notFound();
      input.authorize(enterprise);
      const settings = await deps.settings.effectiveFor(enterprise.jurisdictionCode);
      const now = clock.now();
      checkOccurredAt(input.occurredAt, now, settings);
      await input.prepare?.(enterprise, settings);

      const authorUserId = actor.principal.user.id;
      let id: string;
      try {
        id = await db.transaction(async (tx) => {
          await lockEnterprises(tx, [enterprise.id]);
          const minute = Math.floor(input.occurredAt.getTime() / 60_000) * 60_000;
          const [duplicate] = await tx
            .select({ id: dutyLogs.id })
            .from(dutyLogs)
            .where(
              and(
                eq(dutyLogs.enterpriseId, enterprise.id),
                gte(dutyLogs.occurredAt, new Date(minute)),
                lt(dutyLogs.occurredAt, new Date(minute + 60_000)),
                eq(dutyLogs.authorUserId, authorUserId),
                eq(dutyLogs.kind, input.kind),
                ne(dutyLogs.status, 'withdrawn'),
              ),
            )
            .orderBy(asc(dutyLogs.createdAt))
            .limit(1);
          const specific = input.values(enterprise, settings);
          const flags = [...((specific.flags ?? []) as LogFlag[])];
          if (duplicate) flags.push('probable_duplicate');
          const [row] = await tx
            .insert(dutyLogs)
            .values({
              ...specific,
              clientId: input.clientId,
              requestHash: hash,
              kind: input.kind,
              authorUserId,
              enterpriseId: enterprise.id,
              jurisdictionCode: enterprise.jurisdictionCode,
              occurredAt: input.occurredAt,
              flags,
              duplicateOfId: duplicate?.id ?? null,
              createdAt: now,
              updatedAt: now,
            } as LogInsert)
            .returning();
          if (!row) throw new Error('insert returned nothing');
          await tx.insert(dutyLogEvents).values({
            logId: row.id,
            revision: 1,
            action: 'created',
            actorUserId: authorUserId,
            snapshot: input.body,
            requestHash: hash,
            at: now,
          });
          await input.inTransaction?.(tx, row, enterprise);
          await refreshDutyMarks(tx, targetsForLog(row.kind, row.enterpriseId, row.occurredAt), now);
          await writeAudit(tx, {
            actorUserId: authorUserId,
            action: `${input.kind}.create`,
            entityType: 'duty_log',
            entityId: row.id,
            after: row,
            ip: actor.ip,
          });
          return row.id;
        });
      } catch (error) {
        // The same client id raced in from a retry: answer as a replay (or a conflict).
        if (isUniqueViolation(error)) {
          const raced = await replayOf(actor, input, hash);
          if (raced) return { log: raced, created: false };
        }
        throw error;
      }
      const log = await deps.logs.findReadable(actor.principal, id);
      if (!log) throw new Error('created log not readable by its author');
      return { log, created: true };
    },
  };
}

export type LogWriter = ReturnType<typeof createLogWriter>;

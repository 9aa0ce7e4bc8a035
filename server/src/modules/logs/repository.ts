import { z } from 'zod';
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  LOG_EVENT_ACTIONS,
  LOG_STATUSES,
  type Log,
  type LogDetail,
  type LogEvent,
  type LogEventAction,
  type LogFlag,
  type LogStatus,
} from '@coordnet/shared/api/logs';
import { LOG_KINDS, type LogKind } from '@coordnet/shared/api/keys';
import type { Duty } from '@coordnet/shared/domain/duties';
import type { GuidanceTopic } from '@coordnet/shared/domain/guidance-topics';
import { periodRange } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { dutyLogEvents, dutyLogs } from '../../db/schema/duty-logs';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { users } from '../../db/schema/people';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { codeIsWithin, withinCodes } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import { revisionCheckIns, type SnapshotCheckIn } from './kinds/visits/revision-check-ins';

export type LogRowBase = typeof dutyLogs.$inferSelect;
export interface LogRow extends LogRowBase {
  enterpriseName: string;
  jurisdictionName: string;
  authorName: string;
  deciderName: string | null;
  counterparts: { userId: string; name: string }[];
}

export interface LogFilter {
  enterpriseId?: string | undefined;
  kind?: LogKind | undefined;
  period?: string | undefined;
  status?: LogStatus | undefined;
  mine?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

const author = alias(users, 'author');
const decider = alias(users, 'decider');

/** The people a log names (contacted, guided), by name. */
export const counterpartsSql = sql<{ userId: string; name: string }[]>`coalesce((
  select json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name, u.id)
  from ${users} u where u.id = any(${dutyLogs.counterpartUserIds})), '[]'::json)`;

export const isSupervisor = (principal: Principal) => principal.supervisorRoles.length > 0;

/**
 * Logs about the enterprises an enterprise coordinator serves: the contacts, visits, guidance and
 * reports others made with his enterprise (read only; withdrawn visits never happened for him).
 */
const aboutMyEnterprises = (principal: Principal): SQL | undefined =>
  principal.scope.enterpriseIds.length > 0
    ? and(inArray(dutyLogs.enterpriseId, principal.scope.enterpriseIds), ne(dutyLogs.status, 'withdrawn'))
    : undefined;

/**
 * Who may read a log: its author, anyone whose jurisdictions contain it (colleagues of the
 * township, supervisors above), and the enterprise coordinators of the enterprise it is about.
 */
export const logReadableBy = (principal: Principal): SQL =>
  or(
    eq(dutyLogs.authorUserId, principal.user.id),
    withinCodes(dutyLogs.jurisdictionCode, principal.scope.rootCodes),
    aboutMyEnterprises(principal),
  )!;

/**
 * The list's rows: with `mine`, my own logs; otherwise supervisors get their whole scope,
 * enterprise coordinators their own logs and those about their enterprises, others their own.
 */
function listedFor(principal: Principal, mine: boolean | undefined): SQL {
  const own = eq(dutyLogs.authorUserId, principal.user.id);
  if (mine) return own;
  if (isSupervisor(principal)) return logReadableBy(principal);
  return or(own, aboutMyEnterprises(principal))!;
}

export function createLogRepository(db: Db) {
  const base = (tx: Pick<Db, 'select'> = db) =>
    tx
      .select({
        log: dutyLogs,
        enterpriseName: enterprises.name,
        jurisdictionName: jurisdictions.name,
        authorName: author.name,
        deciderName: decider.name,
        counterparts: counterpartsSql,
      })
      .from(dutyLogs)
      .innerJoin(enterprises, eq(enterprises.id, dutyLogs.enterpriseId))
      .innerJoin(jurisdictions, eq(jurisdictions.code, dutyLogs.jurisdictionCode))
      .innerJoin(author, eq(author.id, dutyLogs.authorUserId))
      .leftJoin(decider, eq(decider.id, dutyLogs.decidedByUserId));

  type BaseRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const flatten = (r: BaseRow): LogRow => ({
    ...r.log,
    enterpriseName: r.enterpriseName,
    jurisdictionName: r.jurisdictionName,
    authorName: r.authorName,
    deciderName: r.deciderName,
    counterparts: r.counterparts,
  });

  /** Keyset pages by (occurred_at, id), newest first or oldest first. */
  async function page(
    where: SQL,
    filter: { limit: number; cursor?: string | undefined },
    direction: 'asc' | 'desc',
  ) {
    const conditions: SQL[] = [where];
    const after = decodeCursor(filter.cursor, z.tuple([cursorPart.instant, cursorPart.uuid]));
    if (after) {
      const [at, id] = after;
      const key = sql`(${at}::timestamptz, ${id}::uuid)`;
      conditions.push(
        direction === 'desc'
          ? sql`(${dutyLogs.occurredAt}, ${dutyLogs.id}) < ${key}`
          : sql`(${dutyLogs.occurredAt}, ${dutyLogs.id}) > ${key}`,
      );
    }
    const order = direction === 'desc' ? desc : asc;
    const rows = await base()
      .where(and(...conditions))
      .orderBy(order(dutyLogs.occurredAt), order(dutyLogs.id))
      .limit(filter.limit + 1);
    const items = rows.slice(0, filter.limit).map(flatten);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > filter.limit && last ? encodeCursor([last.occurredAt.toISOString(), last.id]) : null,
    };
  }

  return {
    /** The logs I may list (see listedFor), newest first. */
    async list(principal: Principal, filter: LogFilter) {
      const conditions: (SQL | undefined)[] = [listedFor(principal, filter.mine)];
      if (filter.enterpriseId) conditions.push(eq(dutyLogs.enterpriseId, filter.enterpriseId));
      if (filter.kind) conditions.push(eq(dutyLogs.kind, filter.kind));
      if (filter.status) conditions.push(eq(dutyLogs.status, filter.status));
      if (filter.period) {
        const { start, end } = periodRange(filter.period);
        conditions.push(gte(dutyLogs.occurredAt, start), lt(dutyLogs.occurredAt, end));
      }
      return page(and(...conditions)!, filter, 'desc');
    },

    page,

    async findReadable(principal: Principal, id: string, tx?: Pick<Db, 'select'>): Promise<LogRow | null> {
      const [row] = await base(tx).where(and(eq(dutyLogs.id, id), logReadableBy(principal)));
      return row ? flatten(row) : null;
    },

    async findByIds(ids: readonly string[], tx?: Pick<Db, 'select'>): Promise<LogRow[]> {
      if (ids.length === 0) return [];
      const rows = await base(tx).where(inArray(dutyLogs.id, [...ids]));
      return rows.map(flatten);
    },

    async findByClientId(authorUserId: string, clientId: string, tx?: Pick<Db, 'select'>) {
      const [row] = await base(tx).where(
        and(eq(dutyLogs.authorUserId, authorUserId), eq(dutyLogs.clientId, clientId)),
      );
      return row ? flatten(row) : null;
    },

    async history(logId: string) {
      return db
        .select({
          action: dutyLogEvents.action,
          revision: dutyLogEvents.revision,
          actorUserId: dutyLogEvents.actorUserId,
          actorName: users.name,
          reason: dutyLogEvents.reason,
          at: dutyLogEvents.at,
          checkIn: sql<SnapshotCheckIn | null>`${dutyLogEvents.snapshot} -> 'checkIn'`,
          enterpriseLatitude: enterprises.latitude,
          enterpriseLongitude: enterprises.longitude,
        })
        .from(dutyLogEvents)
        .innerJoin(users, eq(users.id, dutyLogEvents.actorUserId))
        .innerJoin(dutyLogs, eq(dutyLogs.id, dutyLogEvents.logId))
        .innerJoin(enterprises, eq(enterprises.id, dutyLogs.enterpriseId))
        .where(eq(dutyLogEvents.logId, logId))
        .orderBy(asc(dutyLogEvents.id));
    },
  };
}

export type LogRepository = ReturnType<typeof createLogRepository>;

/**
 * Check-in coordinates are personal information: shown to the author and to supervisors only.
 * Someone who reads the log only as the enterprise's coordinator also does not see the check-in
 * warnings meant for the approver (mock location, distance, probable duplicate).
 */
export function toLogDto(row: LogRow, viewer: Principal): Log {
  const person = (userId: string | null, name: string | null) => (userId && name ? { userId, name } : null);
  const { seesCheckIn, seesWarnings } = readerOf(row, viewer);
  const hasCheckIn = row.checkinLatitude !== null && row.checkinLongitude !== null;
  return {
    id: row.id,
    clientId: row.clientId,
    kind: row.kind,
    kindLabel: LOG_KINDS[row.kind],
    status: row.status,
    statusLabel: LOG_STATUSES[row.status],
    revision: row.revision,
    enterprise: {
      id: row.enterpriseId,
      name: row.enterpriseName,
      jurisdictionCode: row.jurisdictionCode,
      jurisdictionName: row.jurisdictionName,
    },
    author: { userId: row.authorUserId, name: row.authorName },
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    duties: row.kind === 'guidance' ? [] : (row.duties as Duty[]),
    notes: row.notes,
    flags: seesWarnings ? (row.flags as LogFlag[]) : [],
    duplicateOfId: seesWarnings ? row.duplicateOfId : null,
    contact:
      row.kind === 'contact'
        ? {
            channel: row.channel as NonNullable<Log['contact']>['channel'],
            contacted: row.counterparts[0] ?? null,
            riskFlags: row.riskFlags as NonNullable<Log['contact']>['riskFlags'],
          }
        : null,
    visit:
      row.kind === 'visit'
        ? {
            checkIn:
              seesCheckIn && hasCheckIn
                ? {
                    latitude: row.checkinLatitude!,
                    longitude: row.checkinLongitude!,
                    accuracy: row.checkinAccuracy ?? 0,
                    address: row.checkinAddress,
                    isFromMock: row.checkinIsMock ?? false,
                    coordinateSystem: (row.checkinCoordinateSystem ?? 'gcj02') as 'gcj02',
                  }
                : null,
            distanceMeters: seesWarnings ? row.distanceMeters : null,
            photos: row.photoIds.map((id) => ({ id, url: `/api/v1/uploads/${id}` })),
            riskLevel: (row.riskLevel ?? 'none') as NonNullable<Log['visit']>['riskLevel'],
            decision:
              row.decidedAt && person(row.decidedByUserId, row.deciderName)
                ? {
                    by: person(row.decidedByUserId, row.deciderName)!,
                    at: row.decidedAt.toISOString(),
                    reason: row.decisionNote,
                  }
                : null,
          }
        : null,
    guidance:
      row.kind === 'guidance'
        ? {
            method: row.channel as NonNullable<Log['guidance']>['method'],
            topics: row.topics as GuidanceTopic[],
            coordinators: row.counterparts,
          }
        : null,
    riskReport:
      row.kind === 'risk_report'
        ? {
            riskKind: row.riskKind as NonNullable<Log['riskReport']>['riskKind'],
            severity: row.severity as NonNullable<Log['riskReport']>['severity'],
            peopleAffected: row.peopleAffected ?? 0,
            amountInvolved: row.amountInvolved,
            outcome: row.status === 'closed' ? row.decisionNote : null,
            closedAt: row.status === 'closed' && row.decidedAt ? row.decidedAt.toISOString() : null,
            closedBy: row.status === 'closed' ? person(row.decidedByUserId, row.deciderName) : null,
          }
        : null,
  };
}

function readerOf(row: LogRow, viewer: Principal) {
  return {
    seesCheckIn: row.authorUserId === viewer.user.id || isSupervisor(viewer),
    seesWarnings:
      row.authorUserId === viewer.user.id || codeIsWithin(row.jurisdictionCode, viewer.scope.rootCodes),
  };
}

export function toLogDetailDto(
  row: LogRow,
  history: Awaited<ReturnType<LogRepository['history']>>,
  viewer: Principal,
): LogDetail {
  const { seesCheckIn, seesWarnings } = readerOf(row, viewer);
  const checkIns =
    row.kind === 'visit' && seesCheckIn
      ? revisionCheckIns(history, {
          occurredAt: row.occurredAt,
          distanceMeters: row.distanceMeters,
          enterprise: {
            latitude: history[0]?.enterpriseLatitude ?? null,
            longitude: history[0]?.enterpriseLongitude ?? null,
          },
        })
      : [];
  return {
    ...toLogDto(row, viewer),
    history: history.map((h, i) => ({
      action: h.action as LogEventAction,
      actionLabel: LOG_EVENT_ACTIONS[h.action as LogEventAction] ?? h.action,
      revision: h.revision,
      actor: { userId: h.actorUserId, name: h.actorName },
      reason: h.reason,
      at: h.at.toISOString(),
      checkIn: withDistance(checkIns[i] ?? null, seesWarnings),
    })),
  };
}

function withDistance(checkIn: LogEvent['checkIn'], seesWarnings: boolean): LogEvent['checkIn'] {
  return checkIn && !seesWarnings ? { ...checkIn, distanceMeters: null } : checkIn;
}

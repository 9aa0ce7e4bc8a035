import { and, eq, sql, type SQL } from 'drizzle-orm';
import { RISK_KINDS, RISK_SEVERITIES } from '@coordnet/shared/api/logs';
import {
  RISK_CASE_STAGES,
  type RiskCase,
  type RiskCaseList,
  type RiskCaseListQuery,
} from '@coordnet/shared/api/risk-cases';
import type { Db } from '../../db/client';
import { dutyLogs } from '../../db/schema/duty-logs';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, canRead } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import { logReadableBy } from '../logs/repository';
import type { Actor } from '../logs/writer';
import type { SettingsService } from '../settings/service';
import { deadlineSql, stageSql, type RiskCaseRepository, type RiskCaseRow } from './repository';

/**
 * Who may move a case along: the manager supervisors over the enterprise (county and above), and
 * the township/park coordinators of the level that answers for it while that is their township.
 */
export function canHandleCase(
  principal: Principal,
  c: { jurisdictionCode: string; handlingCode: string },
): boolean {
  return (
    canManage(principal.scope, c.jurisdictionCode) ||
    principal.coordinatorRoles.some(
      (r) => (r.kind === 'township' || r.kind === 'park') && r.jurisdictionCode === c.handlingCode,
    )
  );
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function toRiskCaseDto(row: RiskCaseRow, viewer: Principal, now: Date): RiskCase {
  return {
    id: row.id,
    enterprise: { id: row.enterpriseId, name: row.enterpriseName },
    jurisdiction: { code: row.jurisdictionCode, name: row.jurisdictionName },
    riskKind: row.riskKind as RiskCase['riskKind'],
    riskKindLabel: RISK_KINDS[row.riskKind as RiskCase['riskKind']] ?? row.riskKind,
    severity: row.severity,
    severityLabel: RISK_SEVERITIES[row.severity],
    peopleAffected: row.peopleAffected,
    amountInvolved: row.amountInvolved,
    description: row.description,
    reporter: { userId: row.reporterId, name: row.reporterName },
    occurredAt: row.occurredAt.toISOString(),
    reportedAt: row.reportedAt.toISOString(),
    stage: row.stage,
    stageLabel: RISK_CASE_STAGES[row.stage],
    handling: { code: row.handlingCode, name: row.handlingName },
    escalations: row.escalations,
    deadlineAt: iso(row.deadlineAt),
    overdue: row.deadlineAt !== null && row.deadlineAt.getTime() <= now.getTime(),
    acceptedBy:
      row.acceptedById && row.acceptedByName ? { userId: row.acceptedById, name: row.acceptedByName } : null,
    acceptedAt: iso(row.acceptedAt),
    startedAt: iso(row.startedAt),
    closedBy: row.closedById && row.closedByName ? { userId: row.closedById, name: row.closedByName } : null,
    closedAt: iso(row.closedAt),
    result: row.result,
    canAct: row.stage !== 'closed' && canHandleCase(viewer, row),
  };
}

/** Roots whose settings the deadlines of the caller's cases depend on. */
const settingsRoots = (principal: Principal) => [
  ...principal.scope.rootCodes,
  ...principal.coordinatorRoles.map((r) => r.jurisdictionCode),
];

/**
 * 风险与纠纷 (C4, seed §二(二) fifth duty, §二(三) 岗位责任制): risk reports handled as cases —
 * 待受理 → 已受理 → 处理中 → 已办结 — with a deadline per severity set by the county.
 * Closing stays `POST /risk-reports/:id/close` (risk-reports/service.ts).
 */
export function createRiskCaseService(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  repository: RiskCaseRepository;
}) {
  const { db, clock, repository } = deps;

  async function deadlineFor(roots: readonly string[], tx: Pick<Db, 'select'> = db) {
    return deadlineSql(await deps.settings.resolver([...new Set(roots)], tx));
  }

  async function move(actor: Actor, id: string, next: 'accepted' | 'in_progress'): Promise<RiskCase> {
    const now = clock.now();
    const principal = actor.principal;
    await db.transaction(async (tx) => {
      // Lock the report: two people accepting at once, one wins and the other gets a 409.
      const [locked] = await tx
        .select({ id: dutyLogs.id, jurisdictionCode: dutyLogs.jurisdictionCode })
        .from(dutyLogs)
        .where(and(eq(dutyLogs.id, id), eq(dutyLogs.kind, 'risk_report'), logReadableBy(principal)))
        .for('update');
      if (!locked) throw notFound();
      const row = await repository.find(id, sql`true`, await deadlineFor([locked.jurisdictionCode], tx), tx);
      if (!row) throw notFound();
      if (!canHandleCase(principal, row))
        throw forbidden('只有负责该风险报告的乡镇(街道)、园区协调员或县级及以上管理人员可以办理');
      if (row.stage === 'closed') throw new AppError('log_state_invalid', '该风险报告已办结');
      if (next === 'accepted' && row.stage !== 'pending')
        throw new AppError('log_state_invalid', `该风险报告已受理(受理人:${row.acceptedByName ?? '—'})`);
      if (next === 'in_progress' && row.stage !== 'accepted')
        throw new AppError(
          'log_state_invalid',
          row.stage === 'pending' ? '请先受理该风险报告' : '该风险报告已在处理中',
        );
      const set =
        next === 'accepted'
          ? sql`stage = 'accepted', accepted_by_user_id = ${principal.user.id}, accepted_at = ${now.toISOString()}::timestamptz`
          : sql`stage = 'in_progress', started_at = ${now.toISOString()}::timestamptz`;
      await tx.execute(sql`
        insert into risk_report_progress
          (log_id, stage, accepted_by_user_id, accepted_at, handling_code, deadline_at, escalations, updated_at)
        values (${id}, ${next}, ${principal.user.id}, ${now.toISOString()}::timestamptz, ${row.handlingCode},
                ${row.deadlineAt!.toISOString()}::timestamptz, ${row.escalations}, ${now.toISOString()}::timestamptz)
        on conflict (log_id) do update set ${set}, updated_at = excluded.updated_at`);
      await writeAudit(tx, {
        actorUserId: principal.user.id,
        action: next === 'accepted' ? 'risk_report.accept' : 'risk_report.start',
        entityType: 'duty_log',
        entityId: id,
        before: { stage: row.stage },
        after: { stage: next },
        ip: actor.ip,
      });
    });
    return (await get(principal, id))!;
  }

  async function get(principal: Principal, id: string): Promise<RiskCase | null> {
    const row = await repository.find(
      id,
      logReadableBy(principal),
      await deadlineFor(settingsRoots(principal)),
    );
    return row ? toRiskCaseDto(row, principal, clock.now()) : null;
  }

  return {
    async list(principal: Principal, query: RiskCaseListQuery): Promise<RiskCaseList> {
      const now = clock.now();
      if (query.jurisdiction && !canRead(principal.scope, query.jurisdiction)) throw notFound();
      const deadline = await deadlineFor(settingsRoots(principal));
      const conditions: SQL[] = [logReadableBy(principal)];
      if (query.jurisdiction) conditions.push(repository.under(query.jurisdiction));
      if (query.severity) conditions.push(eq(dutyLogs.severity, query.severity));
      if (query.overdue !== undefined)
        conditions.push(
          query.overdue
            ? sql`(${dutyLogs.status} = 'open' and x.deadline <= ${now.toISOString()}::timestamptz)`
            : sql`not (${dutyLogs.status} = 'open' and x.deadline <= ${now.toISOString()}::timestamptz)`,
        );
      const counts = await repository.counts(and(...conditions)!, deadline);
      if (query.stage) conditions.push(sql`${stageSql} = ${query.stage}`);
      const where = and(...conditions)!;
      const rows = await repository.list(where, deadline, query.limit);
      const total = query.stage ? counts[query.stage] : Object.values(counts).reduce((a, b) => a + b, 0);
      return { items: rows.map((r) => toRiskCaseDto(r, principal, now)), total, counts };
    },

    async get(principal: Principal, id: string): Promise<RiskCase> {
      const found = await get(principal, id);
      if (!found) throw notFound();
      return found;
    },

    accept: (actor: Actor, id: string) => move(actor, id, 'accepted'),
    start: (actor: Actor, id: string) => move(actor, id, 'in_progress'),
  };
}

export type RiskCaseService = ReturnType<typeof createRiskCaseService>;

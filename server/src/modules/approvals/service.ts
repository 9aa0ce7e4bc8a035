import { and, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '@coordnet/shared/api/errors';
import { APPROVER_LEVELS, type ApproverLevel } from '@coordnet/shared/domain/roles';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { dutyLogEvents, dutyLogs } from '../../db/schema/duty-logs';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { canManage, withinCodes } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import { refreshDutyMarks, targetsForLog } from '../duties/marks';
import { logReadableBy, type LogRepository, type LogRow } from '../logs/repository';
import type { Actor } from '../logs/writer';
import type { SettingsService } from '../settings/service';

type Decision = 'approve' | 'reject' | 'reopen';

interface Failure {
  id: string;
  code: ErrorCode;
  message: string;
}

const FAILURE_PRIORITY = [404, 403, 409];

/** Manager supervisors at a level that can be the approver level. */
function approverRoles(principal: Principal) {
  return principal.supervisorRoles.filter(
    (role) =>
      role.access === 'manager' && (APPROVER_LEVELS as readonly string[]).includes(role.jurisdictionLevel),
  );
}

/** Seed §二(三): the county's HRSS staff manage township/park coordinators; the setting picks the level. */
export function isApprover(principal: Principal, jurisdictionCode: string, level: ApproverLevel): boolean {
  return approverRoles(principal).some(
    (role) => role.jurisdictionLevel === level && isWithin(jurisdictionCode, role.jurisdictionCode),
  );
}

/**
 * Approval of C2 visit logs. Approve and reject are for supervisors with manager access at the
 * approver level covering the visit; reopening an approved (locked) visit is for any manager
 * supervisor covering it. Nobody decides on their own visit. Every decision is one transaction
 * with its history event, its duty marks and its audit row; a bulk approval is all-or-nothing.
 */
export function createApprovalService(deps: {
  db: Db;
  clock: Clock;
  logs: LogRepository;
  settings: SettingsService;
}) {
  const { db, clock } = deps;

  async function decide(
    actor: Actor,
    ids: readonly string[],
    decision: Decision,
    options: { reason?: string; revision?: number } = {},
  ): Promise<string[]> {
    const { principal } = actor;
    const me = principal.user.id;
    const now = clock.now();
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(dutyLogs)
        .where(and(inArray(dutyLogs.id, [...ids]), logReadableBy(principal)))
        .orderBy(dutyLogs.id)
        .for('update');
      const byId = new Map(rows.map((r) => [r.id, r]));
      const resolver = await deps.settings.resolver([...new Set(rows.map((r) => r.jurisdictionCode))], tx);

      const failures: Failure[] = [];
      for (const id of ids) {
        const row = byId.get(id);
        const fail = (code: ErrorCode, message: string = ERROR_MESSAGES[code]) =>
          failures.push({ id, code, message });
        if (!row || row.kind !== 'visit') {
          fail('not_found');
          continue;
        }
        if (row.authorUserId === me) {
          fail('self_approval');
          continue;
        }
        const allowed =
          decision === 'reopen'
            ? canManage(principal.scope, row.jurisdictionCode)
            : isApprover(
                principal,
                row.jurisdictionCode,
                resolver.effectiveFor(row.jurisdictionCode).approverLevel,
              );
        if (!allowed) {
          if (decision === 'reopen')
            fail('forbidden', '只有县(市、区)及以上人力社保局管理人员可以重新打开已审核的走访记录');
          else fail('not_approver');
          continue;
        }
        if (decision === 'reopen' ? row.status !== 'approved' : row.status !== 'submitted') {
          if (decision === 'reopen') fail('log_state_invalid', '只有已审核通过的走访记录可以重新打开');
          else if (row.status === 'approved') fail('log_state_invalid', '该走访记录已审核通过');
          else
            fail(
              'log_state_invalid',
              `该走访记录${row.status === 'rejected' ? '已退回' : '已撤回'}，不是待审核状态`,
            );
          continue;
        }
        if (options.revision !== undefined && row.revision !== options.revision)
          fail('conflict', '该走访记录已被修改，请刷新后查看最新内容再审核');
      }
      if (failures.length > 0) throw failureError(failures, ids.length > 1);

      const set =
        decision === 'approve'
          ? { status: 'approved' as const, decidedByUserId: me, decidedAt: now, decisionNote: null }
          : decision === 'reject'
            ? {
                status: 'rejected' as const,
                decidedByUserId: me,
                decidedAt: now,
                decisionNote: options.reason!,
              }
            : { status: 'submitted' as const, decidedByUserId: null, decidedAt: null, decisionNote: null };
      const updated = await tx
        .update(dutyLogs)
        .set({ ...set, updatedAt: now })
        .where(inArray(dutyLogs.id, [...ids]))
        .returning();
      const action = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'reopened';
      await tx.insert(dutyLogEvents).values(
        updated.map((row) => ({
          logId: row.id,
          revision: row.revision,
          action,
          actorUserId: me,
          reason: options.reason ?? null,
          at: now,
        })),
      );
      await refreshDutyMarks(
        tx,
        updated.flatMap((row) => targetsForLog('visit', row.enterpriseId, row.occurredAt)),
        now,
      );
      for (const after of updated) {
        const before = byId.get(after.id)!;
        await writeAudit(tx, {
          actorUserId: me,
          action: `visit.${decision}`,
          entityType: 'duty_log',
          entityId: after.id,
          before: { status: before.status, revision: before.revision },
          after: { status: after.status, revision: after.revision },
          details: options.reason ? { reason: options.reason } : ids.length > 1 ? { bulk: ids.length } : null,
          ip: actor.ip,
        });
      }
      return updated.map((row) => row.id);
    });
  }

  async function one(
    actor: Actor,
    id: string,
    decision: Decision,
    options: { reason?: string; revision?: number },
  ) {
    await decide(actor, [id], decision, options);
    return (await deps.logs.findReadable(actor.principal, id)) as LogRow;
  }

  return {
    /** Submitted visits the caller is the approver of, oldest first. */
    async queue(
      principal: Principal,
      filter: { limit: number; cursor?: string | undefined; flagged?: boolean | undefined },
    ) {
      const roles = approverRoles(principal);
      if (roles.length === 0) return { items: [], nextCursor: null, total: 0 };
      const resolver = await deps.settings.resolver(roles.map((r) => r.jurisdictionCode));
      const levelAt = resolver.caseOver(
        dutyLogs.jurisdictionCode,
        (s) => s.approverLevel,
        (level) => sql`${level}::text`,
      );
      const mine = sql.join(
        roles.map(
          (role) =>
            sql`(${withinCodes(dutyLogs.jurisdictionCode, [role.jurisdictionCode])} and ${levelAt} = ${role.jurisdictionLevel}::text)`,
        ),
        sql` or `,
      );
      const conditions: SQL[] = [
        eq(dutyLogs.kind, 'visit'),
        eq(dutyLogs.status, 'submitted'),
        ne(dutyLogs.authorUserId, principal.user.id),
        sql`(${mine})`,
      ];
      // A redone check-in (checkin_redone) alone is shown on the card but is no warning.
      if (filter.flagged)
        conditions.push(
          sql`${dutyLogs.flags} && array['mock_location', 'far_from_enterprise', 'probable_duplicate']::text[]`,
        );
      const where = and(...conditions)!;
      // The whole queue's size for the 待审批 badge, counted with the page's own WHERE.
      const [page, [counted]] = await Promise.all([
        deps.logs.page(where, filter, 'asc'),
        db.select({ total: count() }).from(dutyLogs).where(where),
      ]);
      return { ...page, total: counted?.total ?? 0 };
    },

    approve: (actor: Actor, id: string, revision?: number) => one(actor, id, 'approve', { revision }),
    reject: (actor: Actor, id: string, reason: string) => one(actor, id, 'reject', { reason }),
    reopen: (actor: Actor, id: string, reason: string) => one(actor, id, 'reopen', { reason }),
    /** All or nothing: one visit out of scope, not submitted or the caller's own fails the lot. */
    bulkApprove: (actor: Actor, ids: readonly string[]) => decide(actor, ids, 'approve'),
  };
}

function failureError(failures: Failure[], bulk: boolean): AppError {
  const worst = FAILURE_PRIORITY.map((status) => failures.find((f) => ERROR_STATUS[f.code] === status)).find(
    Boolean,
  )!;
  if (!bulk) return new AppError(worst.code, worst.message);
  return new AppError(worst.code, `${failures.length} 条记录无法审核，本次未做任何更改：${worst.message}`, {
    failures: failures.map(({ id, code, message }) => ({ id, code, message })),
  });
}

export type ApprovalService = ReturnType<typeof createApprovalService>;

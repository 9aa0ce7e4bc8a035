import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  EnterpriseResponsibleBulk,
  ResponsibleCandidate,
  ResponsibleSummary,
} from '@coordnet/shared/api/registry';
import { periodOf, previousPeriod, shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { enterpriseResponsible } from '../../db/schema/enterprise-responsible';
import { auditInsert } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { canManage, canRead, readableBy } from '../../lib/scope';
import { enterprises } from '../../db/schema/enterprises';
import { codePrefixSql } from '../../db/rules-sql';
import { RANK_DIGITS } from '@coordnet/shared/domain/jurisdiction-code';
import type { Principal } from '../auth/principal';
import { isResponsibleCoordinator } from '../logs/authorization';
import { responsibleIsSql } from './responsible-sql';

/**
 * 责任人 (seed §二(三) 岗位责任制): a township may name, for each enterprise, the coordinator who
 * answers for it; reminders and personal overdue notices then go to that person only.
 * Who may name one: the enterprise's own township/park coordinators and the managers of its
 * county or above (the same people who keep its registry and its C1/C2 work).
 */
export function canAssignResponsible(principal: Principal, jurisdictionCode: string): boolean {
  return (
    canManage(principal.scope, jurisdictionCode) || isResponsibleCoordinator(principal, jurisdictionCode)
  );
}

interface Actor {
  principal: Principal;
  ip: string | null;
}

const candidateRowSchema = z.object({
  role_id: z.string(),
  user_id: z.string(),
  name: z.string(),
  jurisdiction_name: z.string(),
});
const dueCountsSchema = z.object({
  total: z.coerce.number(),
  c1: z.coerce.number(),
  c2: z.coerce.number(),
  c1o: z.coerce.number(),
});

const townshipKey = (code: string) => code.slice(0, RANK_DIGITS.township);

export function createResponsibleService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const today = () => shanghaiDate(clock.now());

  /** Current township/park posts serving the township (or park) of `code`, for the picker and the checks. */
  async function candidates(code: string): Promise<ResponsibleCandidate[]> {
    const day = today();
    const result = await db.execute(sql`
      select cr.id as role_id, u.id as user_id, u.name, j.name as jurisdiction_name
        from coordinator_roles cr
        join users u on u.id = cr.user_id
        join jurisdictions j on j.code = cr.jurisdiction_code
       where cr.kind in ('township', 'park')
         and ${codePrefixSql(sql`cr.jurisdiction_code`, 'township')} = ${townshipKey(code)}
         and cr.valid_from <= ${day}::date and (cr.valid_to is null or cr.valid_to >= ${day}::date)
         and u.active
       order by u.name, u.id`);
    return rowsOf(candidateRowSchema, result).map((r) => ({
      roleId: r.role_id,
      userId: r.user_id,
      name: r.name,
      jurisdictionName: r.jurisdiction_name,
    }));
  }

  return {
    async candidates(principal: Principal, code: string) {
      if (!canRead(principal.scope, code)) throw notFound();
      return { items: await candidates(code), canAssign: canAssignResponsible(principal, code) };
    },

    /**
     * Names (or clears, roleId null) the 责任人 of the enterprises: all or nothing. An enterprise
     * not readable is a 404, one the caller may not assign a 403, a post that is not a current
     * township/park post of an enterprise's own township a 400 — each naming the enterprises.
     */
    async assign(actor: Actor, body: EnterpriseResponsibleBulk): Promise<{ updated: number }> {
      const ids = [...new Set(body.enterpriseIds)];
      const { scope } = actor.principal;
      const rows = await db
        .select({
          id: enterprises.id,
          name: enterprises.name,
          jurisdictionCode: enterprises.jurisdictionCode,
          before: sql<
            string | null
          >`(select er.role_id from enterprise_responsible er where er.enterprise_id = ${enterprises.id})`,
        })
        .from(enterprises)
        .where(
          sql`${enterprises.id} = any(${`{${ids.join(',')}}`}::uuid[]) and ${readableBy(
            scope,
            enterprises.jurisdictionCode,
            enterprises.id,
          )}`,
        );
      const missing = ids.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length > 0)
        throw new AppError('not_found', '所选企业不存在或不在您的管辖范围内', {
          enterpriseIds: missing,
        });
      const denied = rows.filter((r) => !canAssignResponsible(actor.principal, r.jurisdictionCode));
      if (denied.length > 0)
        throw new AppError('responsible_forbidden', undefined, {
          enterprises: denied.map((r) => r.name),
        });
      if (body.roleId !== null) {
        const [post] = await candidatesFor(body.roleId);
        const wrong = rows.filter(
          (r) => !post || townshipKey(post.jurisdictionCode) !== townshipKey(r.jurisdictionCode),
        );
        if (wrong.length > 0)
          throw new AppError('responsible_invalid', undefined, { enterprises: wrong.map((r) => r.name) });
      }
      const now = clock.now();
      await db.transaction(async (tx) => {
        if (body.roleId === null) {
          await tx.execute(sql`
            delete from enterprise_responsible where enterprise_id = any(${`{${ids.join(',')}}`}::uuid[])`);
        } else {
          await tx
            .insert(enterpriseResponsible)
            .values(
              ids.map((enterpriseId) => ({
                enterpriseId,
                roleId: body.roleId!,
                assignedBy: scope.userId,
                assignedAt: now,
              })),
            )
            .onConflictDoUpdate({
              target: enterpriseResponsible.enterpriseId,
              set: { roleId: body.roleId, assignedBy: scope.userId, assignedAt: now },
            });
        }
        for (const r of rows)
          await auditInsert(tx, {
            actorUserId: scope.userId,
            action: 'enterprise.responsible',
            entityType: 'enterprise',
            entityId: r.id,
            before: { roleId: r.before },
            after: { roleId: body.roleId },
            ip: actor.ip,
          });
      });
      return { updated: rows.length };
    },

    /** 我负责的: my enterprises (I am their current 责任人) and what is open among them. */
    async summary(principal: Principal): Promise<ResponsibleSummary> {
      const now = clock.now();
      const day = shanghaiDate(now);
      const month = periodOf(now, 'month');
      const quarter = periodOf(now, 'quarter');
      const lastMonth = previousPeriod(month);
      const open = (rule: string, period: string) => sql`(select 1 from duty_marks m
          where m.rule = ${rule}::duty_rule and m.period = ${period}::varchar
            and m.jurisdiction_code = e.jurisdiction_code and m.enterprise_id = e.id) is null`;
      const result = await db.execute(sql`
        select count(*)::int as total,
               (count(*) filter (where ${open('C1', month)}))::int as c1,
               (count(*) filter (where ${open('C2', quarter)}))::int as c2,
               (count(*) filter (where ${open('C1', lastMonth)}))::int as c1o
          from enterprises e
         where e.id in (select er.enterprise_id from enterprise_responsible er
                          join coordinator_roles cr on cr.id = er.role_id
                         where cr.user_id = ${principal.user.id}::uuid)
           and e.status = 'active' and e.in_scope
           and ${responsibleIsSql('e', principal.user.id, day)}`);
      const row = rowsOf(dueCountsSchema, result)[0];
      return {
        total: row?.total ?? 0,
        c1Due: row?.c1 ?? 0,
        c2Due: row?.c2 ?? 0,
        c1Overdue: row?.c1o ?? 0,
        month,
        quarter,
        lastMonth,
      };
    },
  };

  /** The post, when it is a current township/park post of an active person. */
  async function candidatesFor(roleId: string) {
    const day = today();
    const result = await db.execute(sql`
      select cr.jurisdiction_code from coordinator_roles cr join users u on u.id = cr.user_id
       where cr.id = ${roleId}::uuid and cr.kind in ('township', 'park')
         and cr.valid_from <= ${day}::date and (cr.valid_to is null or cr.valid_to >= ${day}::date)
         and u.active`);
    return rowsOf(z.object({ jurisdiction_code: z.string() }), result).map((r) => ({
      jurisdictionCode: r.jurisdiction_code,
    }));
  }
}
export type ResponsibleService = ReturnType<typeof createResponsibleService>;

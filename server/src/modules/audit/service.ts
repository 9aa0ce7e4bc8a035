import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  AUDIT_ACTIONS,
  type AuditEntry,
  type AuditFilter,
  type AuditListQuery,
  type AuditPage,
} from '@coordnet/shared/api/audit';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { jsonColumn, rowsOf, timestampColumn } from '../../db/rows';
import { forbidden } from '../../lib/errors';
import type { Principal } from '../auth/principal';

/** Unmasked reads and exports of personal data (个人信息保护法): flagged in the list. */
const SENSITIVE = ['coordinator.mobile_revealed', 'ledger.export_unmasked', 'ledger.export'];
const GROUPS: Record<NonNullable<AuditFilter['group']>, SQL> = {
  sensitive: sql`a.action in (${sql.join(
    SENSITIVE.map((a) => sql`${a}`),
    sql`, `,
  )})`,
  registry: sql`(a.action like 'enterprise.%' or a.action like 'coordinator.%' or a.action like 'person.%'
    or a.action like 'import.%'
    or a.action like 'training_session.%' or a.action like 'award.%' or a.action = 'settings.update')`,
  logs: sql`(a.action like 'contact.%' or a.action like 'visit.%' or a.action like 'guidance.%'
    or a.action like 'risk_report.%')`,
};

export const auditRowSchema = z.object({
  id: z.coerce.number(),
  at: timestampColumn,
  actor_user_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  ip: z.string().nullable(),
  details: jsonColumn(z.record(z.string(), z.unknown()).nullable()),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

export function summaryOf(action: string, details: Record<string, unknown> | null): string | null {
  if (!details) return null;
  if (action.startsWith('ledger.export') && typeof details.fileName === 'string')
    return `${details.fileName}${typeof details.rowCount === 'number' ? ` · ${details.rowCount} 行` : ''}`;
  if (typeof details.name === 'string') return details.name;
  return null;
}

/**
 * 操作日志 (docs/domain.md §6): who did what, when, from where — for manager supervisors, over the
 * people holding (or having held) a post in the jurisdictions they manage, and themselves.
 */
/**
 * The reader's conditions on `audit_log a` (joined to `users u`): the people holding (or having held)
 * a post or a supervisor role under `roots` (the codes I manage), and myself; then the filters.
 */
export function auditConditions(principal: Principal, roots: readonly string[], query: AuditFilter): SQL[] {
  const under = (column: SQL) =>
    sql.join(
      roots.map((code) => sql`${column} like ${`${subtreePrefix(code)}%`}`),
      sql` or `,
    );
  const conditions: SQL[] = [
    sql`(a.actor_user_id = ${principal.user.id}
      or exists (select 1 from coordinator_roles cr where cr.user_id = a.actor_user_id and (${under(sql`cr.jurisdiction_code`)}))
      or exists (select 1 from supervisor_roles sr where sr.user_id = a.actor_user_id and (${under(sql`sr.jurisdiction_code`)})))`,
  ];
  if (query.actor) conditions.push(sql`a.actor_user_id = ${query.actor}`);
  if (query.q) conditions.push(sql`u.name like ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (query.action)
    conditions.push(
      query.action.includes('.')
        ? sql`a.action = ${query.action}`
        : sql`a.action like ${`${query.action}.%`}`,
    );
  if (query.group) conditions.push(GROUPS[query.group]);
  // Shanghai dates (UTC+8, no DST).
  if (query.from) conditions.push(sql`a.at >= (${query.from}::date - interval '8 hours')`);
  if (query.to) conditions.push(sql`a.at < (${query.to}::date + interval '16 hours')`);
  return conditions;
}

/** The rows' columns, for the list and the ledger. */
export const auditSelect = sql`select a.id, a.at, a.actor_user_id, u.name as actor_name, a.action, a.entity_type,
       a.entity_id, a.ip, a.details
  from audit_log a
  left join users u on u.id = a.actor_user_id`;

export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actor: r.actor_user_id && r.actor_name ? { userId: r.actor_user_id, name: r.actor_name } : null,
    action: r.action,
    actionLabel: AUDIT_ACTIONS[r.action] ?? r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    ip: r.ip,
    sensitive: SENSITIVE.includes(r.action),
    summary: summaryOf(r.action, r.details),
  };
}

export const AUDIT_FORBIDDEN = '只有县(市、区)及以上人力社保局管理人员可以查看操作日志';

/**
 * 操作日志 (docs/domain.md §6): who did what, when, from where — for manager supervisors, over the
 * people holding (or having held) a post in the jurisdictions they manage, and themselves.
 */
export function createAuditService(deps: { db: Db }) {
  return {
    async list(principal: Principal, query: AuditListQuery): Promise<AuditPage> {
      const roots = principal.scope.manageCodes;
      if (roots.length === 0) throw forbidden(AUDIT_FORBIDDEN);
      const conditions = auditConditions(principal, roots, query);
      if (query.cursor) conditions.push(sql`a.id < ${query.cursor}`);
      const result = await deps.db.execute(sql`
        ${auditSelect}
         where ${sql.join(conditions, sql` and `)}
         order by a.id desc
         limit ${query.limit + 1}`);
      const rows = rowsOf(auditRowSchema, result);
      const items: AuditEntry[] = rows.slice(0, query.limit).map(toAuditEntry);
      return {
        items,
        nextCursor: rows.length > query.limit ? items.at(-1)!.id : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

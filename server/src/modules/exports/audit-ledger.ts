import { sql } from 'drizzle-orm';
import { canManage } from '../../lib/scope';
import { forbidden } from '../../lib/errors';
import { keysetPages, sheet, shanghaiDateTime } from '../../lib/xlsx';
import { rowsOf } from '../../db/rows';
import {
  AUDIT_FORBIDDEN,
  auditConditions,
  auditRowSchema,
  auditSelect,
  toAuditEntry,
  type AuditRow,
} from '../audit/service';
import { PAGE_SIZE, type LedgerPlanner } from './ledger';

/**
 * 操作日志台账: the 操作日志 with the reader's filters, for the same people (manager supervisors
 * over the area they manage, or one part of it given as `jurisdiction`), newest first. Mobiles in
 * the audit trail are stored masked, so the file carries none whole; the export is audited itself.
 */
export const auditLedger: LedgerPlanner<'audit-log'> = async (query, ctx) => {
  const { principal, target } = ctx;
  const managed = principal.scope.manageCodes;
  if (managed.length === 0) throw forbidden(AUDIT_FORBIDDEN);
  if (query.jurisdiction && !canManage(principal.scope, target.code)) throw forbidden(AUDIT_FORBIDDEN);
  const roots = query.jurisdiction ? [target.code] : managed;
  const conditions = auditConditions(principal, roots, query);
  const page = (after: number | null) =>
    ctx.db
      .execute(
        sql`${auditSelect}
         where ${sql.join(conditions, sql` and `)} ${after === null ? sql`` : sql`and a.id < ${after}`}
         order by a.id desc
         limit ${PAGE_SIZE}::int`,
      )
      .then((r) => rowsOf(auditRowSchema, r));
  const range = query.from || query.to ? `_${query.from ?? ''}至${query.to ?? ctx.asOf}` : `_${ctx.asOf}`;
  return {
    label: { text: range, ascii: range.slice(1).replace('至', '_') },
    filter: {
      jurisdiction: query.jurisdiction ?? null,
      actor: query.actor ?? null,
      q: query.q ?? null,
      action: query.action ?? null,
      group: query.group ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
    },
    personalData: false,
    sheets: [
      sheet<AuditRow>({
        name: '操作日志',
        rows: keysetPages(page, (r) => Number(r.id), PAGE_SIZE),
        columns: [
          { header: '时间', width: 18, value: (r) => shanghaiDateTime(r.at) },
          { header: '操作人', width: 12, value: (r) => r.actor_name ?? '系统' },
          { header: '操作', width: 22, value: (r) => toAuditEntry(r).actionLabel },
          { header: '查看号码或导出', width: 14, value: (r) => (toAuditEntry(r).sensitive ? '是' : null) },
          { header: '内容', width: 40, value: (r) => toAuditEntry(r).summary },
          { header: '对象类型', width: 16, value: (r) => r.entity_type },
          { header: '对象编号', width: 38, value: (r) => r.entity_id },
          { header: 'IP 地址', width: 16, value: (r) => r.ip },
          { header: '操作代码', width: 26, value: (r) => r.action },
        ],
      }),
    ],
  };
};

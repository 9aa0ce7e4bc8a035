import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { riskSeveritySchema, type RiskSeverity } from '@coordnet/shared/api/logs';
import { riskCaseStageSchema } from '@coordnet/shared/api/risk-cases';
import type { Db } from '../../db/client';
import { rowsOf, timestampColumn } from '../../db/rows';
import { rollupSql } from '../../db/rules-sql';
import { dutyLogs } from '../../db/schema/duty-logs';
import { withinCodes } from '../../lib/scope';
import type { SettingsResolver } from '../settings/service';
import { firstHandlingCode } from './rules';

/** One risk report with how it is being handled, before the caller's view is applied. */
export interface RiskCaseRow {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  jurisdictionCode: string;
  jurisdictionName: string;
  riskKind: string;
  severity: RiskSeverity;
  peopleAffected: number;
  amountInvolved: number | null;
  description: string;
  reporterId: string;
  reporterName: string;
  occurredAt: Date;
  reportedAt: Date;
  closed: boolean;
  closedById: string | null;
  closedByName: string | null;
  closedAt: Date | null;
  result: string | null;
  stage: 'pending' | 'accepted' | 'in_progress' | 'closed';
  acceptedById: string | null;
  acceptedByName: string | null;
  acceptedAt: Date | null;
  startedAt: Date | null;
  handlingCode: string;
  handlingName: string;
  escalations: number;
  deadlineAt: Date | null;
}

const rawRowSchema = z.object({
  id: z.string(),
  enterprise_id: z.string(),
  enterprise_name: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  risk_kind: z.string(),
  severity: riskSeveritySchema,
  people_affected: z.coerce.number(),
  amount_involved: z.union([z.string(), z.number()]).nullable(),
  notes: z.string(),
  author_user_id: z.string(),
  author_name: z.string(),
  occurred_at: timestampColumn,
  created_at: timestampColumn,
  status: z.string(),
  decided_by_user_id: z.string().nullable(),
  decider_name: z.string().nullable(),
  decided_at: timestampColumn.nullable(),
  decision_note: z.string().nullable(),
  p_stage: riskCaseStageSchema.nullable(),
  accepted_by_user_id: z.string().nullable(),
  acceptor_name: z.string().nullable(),
  accepted_at: timestampColumn.nullable(),
  started_at: timestampColumn.nullable(),
  handling_code: z.string().nullable(),
  handling_name: z.string().nullable(),
  first_handling_name: z.string().nullable(),
  escalations: z.coerce.number().nullable(),
  deadline: timestampColumn,
});
type RawRow = z.infer<typeof rawRowSchema>;

const stageCountSchema = z.object({ stage: riskCaseStageSchema, n: z.coerce.number() });

const date = (v: string | Date | null): Date | null => (v === null ? null : new Date(v));

function toRow(r: RawRow): RiskCaseRow {
  const closed = r.status === 'closed';
  const reportedAt = new Date(r.created_at);
  const handlingCode = r.handling_code ?? firstHandlingCode(r.jurisdiction_code, r.severity);
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
    riskKind: r.risk_kind,
    severity: r.severity,
    peopleAffected: r.people_affected,
    amountInvolved: r.amount_involved === null ? null : Number(r.amount_involved),
    description: r.notes,
    reporterId: r.author_user_id,
    reporterName: r.author_name,
    occurredAt: new Date(r.occurred_at),
    reportedAt,
    closed,
    closedById: closed ? r.decided_by_user_id : null,
    closedByName: closed ? r.decider_name : null,
    closedAt: closed ? date(r.decided_at) : null,
    result: closed ? r.decision_note : null,
    stage: closed ? 'closed' : (r.p_stage ?? 'pending'),
    acceptedById: r.accepted_by_user_id,
    acceptedByName: r.acceptor_name,
    acceptedAt: date(r.accepted_at),
    startedAt: date(r.started_at),
    handlingCode,
    handlingName: r.handling_name ?? r.first_handling_name ?? handlingCode,
    escalations: r.escalations ?? 0,
    deadlineAt: closed ? null : new Date(r.deadline),
  };
}

/** The first level's code, in SQL, for a report without a progress row (see firstHandlingCode). */
const firstHandlingSql = sql`case when ${dutyLogs.severity} = 'major'
  then ${rollupSql(sql`${dutyLogs.jurisdictionCode}`, 'county')}
  else ${rollupSql(sql`${dutyLogs.jurisdictionCode}`, 'township')} end`;

const selectSql = sql`
  select ${dutyLogs.id} as id, ${dutyLogs.enterpriseId} as enterprise_id, e.name as enterprise_name,
         ${dutyLogs.jurisdictionCode} as jurisdiction_code, j.name as jurisdiction_name,
         ${dutyLogs.riskKind} as risk_kind, ${dutyLogs.severity} as severity,
         ${dutyLogs.peopleAffected} as people_affected, ${dutyLogs.amountInvolved} as amount_involved,
         ${dutyLogs.notes} as notes, ${dutyLogs.authorUserId} as author_user_id, a.name as author_name,
         ${dutyLogs.occurredAt} as occurred_at, ${dutyLogs.createdAt} as created_at,
         ${dutyLogs.status} as status, ${dutyLogs.decidedByUserId} as decided_by_user_id,
         d.name as decider_name, ${dutyLogs.decidedAt} as decided_at,
         ${dutyLogs.decisionNote} as decision_note,
         p.stage as p_stage, p.accepted_by_user_id, acc.name as acceptor_name, p.accepted_at,
         p.started_at, p.handling_code, hj.name as handling_name, fj.name as first_handling_name,
         p.escalations, x.deadline
    from ${dutyLogs}
    join enterprises e on e.id = ${dutyLogs.enterpriseId}
    join jurisdictions j on j.code = ${dutyLogs.jurisdictionCode}
    join users a on a.id = ${dutyLogs.authorUserId}
    left join users d on d.id = ${dutyLogs.decidedByUserId}
    left join risk_report_progress p on p.log_id = ${dutyLogs.id}
    left join users acc on acc.id = p.accepted_by_user_id
    left join jurisdictions hj on hj.code = p.handling_code
    left join jurisdictions fj on fj.code = ${firstHandlingSql}`;

/**
 * When the handling level must have closed the case: the stored deadline once the case has a
 * progress row, else the report's time plus the county's hours for its severity.
 */
export function deadlineSql(resolver: SettingsResolver): SQL {
  const hours = (pick: (s: Parameters<Parameters<SettingsResolver['caseOver']>[1]>[0]) => number) =>
    resolver.caseOver(dutyLogs.jurisdictionCode, pick, (v) => sql`${v}::int`);
  return sql`coalesce(p.deadline_at, ${dutyLogs.createdAt} + make_interval(hours => case ${dutyLogs.severity}
    when 'major' then ${hours((s) => s.riskDeadlineHoursMajor)}
    when 'serious' then ${hours((s) => s.riskDeadlineHoursSerious)}
    else ${hours((s) => s.riskDeadlineHoursGeneral)} end))`;
}

/** The stage as the list shows it. */
export const stageSql = sql`case when ${dutyLogs.status} = 'closed' then 'closed' else coalesce(p.stage, 'pending') end`;

const fromSql = (deadline: SQL) => sql`
    from ${dutyLogs}
    left join risk_report_progress p on p.log_id = ${dutyLogs.id}
    cross join lateral (select ${deadline} as deadline) x`;

export function createRiskCaseRepository(db: Db) {
  async function list(
    where: SQL,
    deadline: SQL,
    limit: number,
    tx: Pick<Db, 'execute'> = db,
  ): Promise<RiskCaseRow[]> {
    const rows = await tx.execute(sql`${selectSql}
      cross join lateral (select ${deadline} as deadline) x
      where ${dutyLogs.kind} = 'risk_report' and ${where}
      order by ${dutyLogs.createdAt} desc, ${dutyLogs.id} desc
      limit ${limit}`);
    return rowsOf(rawRowSchema, rows).map(toRow);
  }
  return {
    /** Risk reports matching `where` (which must carry the caller's scope), newest first. */
    list,

    /** How many match `where`, by stage. */
    async counts(where: SQL, deadline: SQL): Promise<Record<RiskCaseRow['stage'], number>> {
      const rows = await db.execute(sql`
        select ${stageSql} as stage, count(*) as n ${fromSql(deadline)}
         where ${dutyLogs.kind} = 'risk_report' and ${where}
         group by 1`);
      const counts = { pending: 0, accepted: 0, in_progress: 0, closed: 0 };
      for (const r of rowsOf(stageCountSchema, rows)) counts[r.stage] = r.n;
      return counts;
    },

    async find(id: string, where: SQL, deadline: SQL, tx: Pick<Db, 'execute'> = db) {
      const [row] = await list(and(eq(dutyLogs.id, id), where)!, deadline, 1, tx);
      return row ?? null;
    },

    /** The subtree filter on the enterprise's jurisdiction. */
    under: (code: string) => withinCodes(dutyLogs.jurisdictionCode, [code]),
  };
}

export type RiskCaseRepository = ReturnType<typeof createRiskCaseRepository>;

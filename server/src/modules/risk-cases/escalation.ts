import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { RISK_KINDS, RISK_SEVERITIES, type RiskKind } from '@coordnet/shared/api/logs';
import { RISK_CASE_STAGES } from '@coordnet/shared/api/risk-cases';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { dutyLogs } from '../../db/schema/duty-logs';
import { rollupSql } from '../../db/rules-sql';
import type { SettingsService } from '../settings/service';
import { createRiskCaseRepository, deadlineSql } from './repository';
import { addHours, deadlineHours, nextHandlingCode } from './rules';

/** What the next level's work group is told about a case whose deadline passed. */
export interface RiskOverduePayload {
  logId: string;
  enterpriseId: string;
  enterpriseName: string;
  jurisdictionName: string;
  riskKindLabel: string;
  severityLabel: string;
  stageLabel: string;
  fromName: string;
  deadlineAt: string;
  nextDeadlineAt: string;
}

/**
 * Open risk reports whose deadline has passed move to the next level up (township → county →
 * city → province) with a new deadline of the same length, and an escalation event tells that
 * level's work group (sent by `composeUrgent`). Each move is one conditional statement: run twice
 * at once, a case still moves only once. Returns how many cases moved.
 */
export async function escalateOverdueRiskCases(
  tx: Pick<Db, 'execute' | 'select'>,
  settings: Pick<SettingsService, 'resolver'>,
  now: Date,
): Promise<number> {
  const provinceRows = await tx.execute(sql`
    select distinct ${rollupSql(sql`${dutyLogs.jurisdictionCode}`, 'province')} as code from ${dutyLogs}
     where ${dutyLogs.kind} = 'risk_report' and ${dutyLogs.status} = 'open'`);
  const provinces = rowsOf(z.object({ code: z.string() }), provinceRows).map((r) => r.code);
  if (provinces.length === 0) return 0;
  const resolver = await settings.resolver(provinces, tx);
  const due = await createRiskCaseRepository(tx as Db).list(
    sql`${dutyLogs.status} = 'open' and x.deadline <= ${now.toISOString()}::timestamptz`,
    deadlineSql(resolver),
    500,
    tx,
  );
  let moved = 0;
  for (const c of due) {
    const next = nextHandlingCode(c.handlingCode);
    if (!next || !c.deadlineAt) continue;
    const hours = deadlineHours(resolver.effectiveFor(c.jurisdictionCode), c.severity);
    const nextDeadline = addHours(now, hours);
    const payload: RiskOverduePayload = {
      logId: c.id,
      enterpriseId: c.enterpriseId,
      enterpriseName: c.enterpriseName,
      jurisdictionName: c.jurisdictionName,
      riskKindLabel: RISK_KINDS[c.riskKind as RiskKind] ?? c.riskKind,
      severityLabel: RISK_SEVERITIES[c.severity],
      stageLabel: RISK_CASE_STAGES[c.stage],
      fromName: c.handlingName,
      deadlineAt: c.deadlineAt.toISOString(),
      nextDeadlineAt: nextDeadline.toISOString(),
    };
    const at = now.toISOString();
    const result = await tx.execute(sql`
      with moved as (
        insert into risk_report_progress
          (log_id, stage, handling_code, deadline_at, escalations, updated_at)
        values (${c.id}, 'pending', ${next}, ${nextDeadline.toISOString()}::timestamptz, 1, ${at}::timestamptz)
        on conflict (log_id) do update
          set handling_code = excluded.handling_code, deadline_at = excluded.deadline_at,
              escalations = risk_report_progress.escalations + 1, updated_at = excluded.updated_at
          where risk_report_progress.handling_code = ${c.handlingCode}
            and risk_report_progress.deadline_at = ${c.deadlineAt.toISOString()}::timestamptz
        returning log_id)
      insert into escalation_events (kind, jurisdiction_code, payload, created_at)
      select 'risk_report.overdue', ${next}, ${JSON.stringify(payload)}::jsonb, ${at}::timestamptz from moved
      returning id`);
    moved += rowsOf(z.object({ id: z.coerce.number() }), result).length;
  }
  return moved;
}

import { and, eq } from 'drizzle-orm';
import { RISK_KINDS, RISK_SEVERITIES, type RiskReportCreate } from '@coordnet/shared/api/logs';
import { countyCodeOf } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../../../db/client';
import { dutyLogEvents, dutyLogs, escalationEvents } from '../../../../db/schema/duty-logs';
import { writeAudit } from '../../../../lib/audit';
import type { Clock } from '../../../../lib/clock';
import { AppError, forbidden, notFound } from '../../../../lib/errors';
import { handlingCodeOf } from '../../../risk-cases/handling';
import { canHandleCase } from '../../../risk-cases/service';
import { logReadableBy, type LogRepository, type LogRow } from '../../repository';
import type { Actor, LogWriter } from '../../writer';

/**
 * C4 (seed §二(三)): enterprise coordinators report major labour disputes (重大劳动关系矛盾纠纷) at
 * once; any coordinator or supervisor who can read the enterprise may report a dispute or risk. A
 * `major` report raises an escalation event in the same transaction, which the reminders job sends
 * to the county work group. Manager supervisors close reports with an outcome.
 */
export function createRiskReportService(deps: {
  db: Db;
  clock: Clock;
  writer: LogWriter;
  logs: LogRepository;
}) {
  const { db, clock } = deps;
  return {
    async create(actor: Actor, body: RiskReportCreate) {
      const occurredAt = new Date(body.occurredAt);
      return deps.writer.create(actor, {
        kind: 'risk_report',
        clientId: body.clientId,
        enterpriseId: body.enterpriseId,
        occurredAt,
        body: { ...body, occurredAt, amountInvolved: body.amountInvolved ?? null },
        authorize: () => {},
        values: () => ({
          status: 'open',
          riskKind: body.riskKind,
          severity: body.severity,
          peopleAffected: body.peopleAffected,
          amountInvolved: body.amountInvolved ?? null,
          notes: body.description,
        }),
        inTransaction: async (tx, log, enterprise) => {
          if (body.severity !== 'major') return;
          await tx.insert(escalationEvents).values({
            kind: 'risk_report.major',
            jurisdictionCode: countyCodeOf(enterprise.jurisdictionCode),
            payload: {
              logId: log.id,
              enterpriseId: enterprise.id,
              enterpriseName: enterprise.name,
              jurisdictionCode: enterprise.jurisdictionCode,
              jurisdictionName: enterprise.jurisdictionName,
              riskKind: body.riskKind,
              riskKindLabel: RISK_KINDS[body.riskKind],
              severityLabel: RISK_SEVERITIES.major,
              peopleAffected: body.peopleAffected,
              amountInvolved: body.amountInvolved ?? null,
              occurredAt: occurredAt.toISOString(),
              reporterUserId: actor.principal.user.id,
              reporterName: actor.principal.user.name,
            },
            createdAt: log.createdAt,
          });
        },
      });
    },

    async close(actor: Actor, id: string, outcome: string): Promise<LogRow> {
      const me = actor.principal.user.id;
      const now = clock.now();
      await db.transaction(async (tx) => {
        const [log] = await tx
          .select()
          .from(dutyLogs)
          .where(and(eq(dutyLogs.id, id), logReadableBy(actor.principal)))
          .for('update');
        if (!log || log.kind !== 'risk_report') throw notFound();
        const handling = await handlingCodeOf(tx, log);
        if (
          !canHandleCase(actor.principal, { jurisdictionCode: log.jurisdictionCode, handlingCode: handling })
        )
          throw forbidden('只有负责该风险报告的乡镇(街道)、园区协调员或县级及以上管理人员可以办结');
        if (log.status !== 'open') throw new AppError('log_state_invalid', '该风险报告已办结');
        const [after] = await tx
          .update(dutyLogs)
          .set({
            status: 'closed',
            decidedByUserId: me,
            decidedAt: now,
            decisionNote: outcome,
            updatedAt: now,
          })
          .where(eq(dutyLogs.id, id))
          .returning();
        await tx.insert(dutyLogEvents).values({
          logId: id,
          revision: log.revision,
          action: 'closed',
          actorUserId: me,
          reason: outcome,
          at: now,
        });
        await writeAudit(tx, {
          actorUserId: me,
          action: 'risk_report.close',
          entityType: 'duty_log',
          entityId: id,
          before: { status: log.status },
          after: { status: after!.status, outcome },
          ip: actor.ip,
        });
      });
      return (await deps.logs.findReadable(actor.principal, id))!;
    },
  };
}

export type RiskReportService = ReturnType<typeof createRiskReportService>;

import {
  DUTY_RULES,
  type DutyCounts,
  type DutyItem,
  type DutyListQuery,
  type DutyPage,
  type DutyRule,
  type DutySummary,
  type DutySummaryQuery,
} from '@coordnet/shared/api/duties';
import {
  formatPeriod,
  isPeriodClosed,
  periodKindOf,
  periodOf,
  periodRange,
  shanghaiDate,
} from '@coordnet/shared/domain/period';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canRead } from '../../lib/scope';
import type { Principal } from '../auth/principal';
import type { EnterpriseRepository } from '../enterprises/repository';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { SettingsService } from '../settings/service';
import type { DutyRepository, DutyTarget } from './repository';

/**
 * The duty engine's read side (seed §二(三), docs/domain.md §4): for a rule, a period and a
 * jurisdiction, who is done, awaiting approval, due or overdue, and the same counted per child.
 */
export function createDutyService(deps: {
  clock: Clock;
  duties: DutyRepository;
  settings: SettingsService;
  jurisdictions: JurisdictionRepository;
  enterprises: EnterpriseRepository;
}) {
  const { clock } = deps;

  async function targetOf(
    principal: Principal,
    query: { rule: DutyRule; period?: string | undefined; jurisdiction?: string | undefined },
    /** An enterprise the caller may read, when the list is about it alone. */
    enterprise?: { jurisdictionCode: string },
  ) {
    const code = query.jurisdiction ?? enterprise?.jurisdictionCode ?? principal.scope.rootCodes[0];
    if (!code) throw forbidden('只有乡镇(街道)、工业园区及以上的协调员和人力社保局人员可以查看履职情况');
    if (!canRead(principal.scope, code) && code !== enterprise?.jurisdictionCode) throw notFound();
    const jurisdiction = await deps.jurisdictions.findByCode(code);
    if (!jurisdiction) throw notFound();
    const now = clock.now();
    const kind = DUTY_RULES[query.rule].period;
    const period = query.period ?? periodOf(now, kind);
    if (periodKindOf(period) !== kind)
      throw new AppError('period_mismatch', undefined, { rule: query.rule, period });
    const target: DutyTarget = {
      rule: query.rule,
      period,
      periodEnd: periodRange(period).end,
      periodClosed: isPeriodClosed(period, now),
      jurisdiction: { code, level: jurisdiction.level },
      resolver: await deps.settings.resolver([code]),
      today: shanghaiDate(now),
    };
    const context = {
      rule: query.rule,
      ruleLabel: DUTY_RULES[query.rule].label,
      period,
      periodLabel: formatPeriod(period),
      periodClosed: target.periodClosed,
      jurisdiction: { code, name: jurisdiction.name, level: jurisdiction.level },
    };
    return { target, context };
  }

  function counts(total: number, done: number, awaiting: number, closed: boolean): DutyCounts {
    const open = Math.max(0, total - done - awaiting);
    return {
      total,
      done,
      awaiting_approval: awaiting,
      due: closed ? 0 : open,
      overdue: closed ? open : 0,
      coverageRate: total > 0 ? Math.round((done / total) * 10_000) / 10_000 : null,
    };
  }

  return {
    async list(principal: Principal, query: DutyListQuery): Promise<DutyPage> {
      const enterprise = query.enterpriseId
        ? await deps.enterprises.findReadable(principal.scope, query.enterpriseId)
        : undefined;
      if (enterprise === null) throw notFound();
      const { target, context } = await targetOf(principal, query, enterprise);
      const page = await deps.duties.list({
        ...target,
        scope: principal.scope,
        enterpriseId: enterprise?.id,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      });
      const items: DutyItem[] = page.items.map((row) => ({
        id: row.id,
        name: row.name,
        uscc: row.uscc,
        jurisdictionCode: row.jurisdiction_code,
        jurisdictionName: row.jurisdiction_name,
        size: row.size,
        status:
          Number(row.rank) === 2
            ? 'done'
            : Number(row.rank) === 1
              ? 'awaiting_approval'
              : target.periodClosed
                ? 'overdue'
                : 'due',
        lastLog:
          row.last_log_id && row.last_log_kind && row.last_log_at && row.last_log_author
            ? {
                id: row.last_log_id,
                kind: row.last_log_kind,
                occurredAt: new Date(row.last_log_at).toISOString(),
                authorName: row.last_log_author,
              }
            : null,
        responsible: row.responsible,
      }));
      return { ...context, items, nextCursor: page.nextCursor };
    },

    async summary(principal: Principal, query: DutySummaryQuery): Promise<DutySummary> {
      const { target, context } = await targetOf(principal, query);
      const rows = await deps.duties.summary(target);
      const closed = target.periodClosed;
      const first = rows[0];
      return {
        ...context,
        total: first
          ? counts(first.all_total, first.all_done, first.all_awaiting, closed)
          : counts(0, 0, 0, closed),
        items: rows
          .filter((row) => !row.self || row.total > 0 || row.done > 0 || row.awaiting > 0)
          .map((row) => ({
            code: row.code,
            name: row.self ? `${row.name}(本级)` : row.name,
            level: row.level,
            self: row.self,
            counts: counts(row.total, row.done, row.awaiting, closed),
          })),
      };
    },
  };
}

export type DutyService = ReturnType<typeof createDutyService>;

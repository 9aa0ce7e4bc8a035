import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type {
  Evaluation,
  EvaluationAdjust,
  EvaluationList,
  EvaluationMetrics,
  EvaluationQuery,
  EvaluationWeights,
} from '@coordnet/shared/api/evaluations';
import { EVALUATION_STATUSES } from '@coordnet/shared/api/evaluations';
import { evaluationScores, finalScore, rate4, weightedScore } from '@coordnet/shared/domain/evaluation';
import { periodRange, shanghaiParts } from '@coordnet/shared/domain/period';
import { COORDINATOR_KINDS } from '@coordnet/shared/domain/roles';
import { countyCodeOf, subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { coordinatorEvaluations } from '../../db/schema/evaluations';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import { canManage, canRead, withinCodes } from '../../lib/scope';
import { periodsCounted } from '../assessment/service';
import type { Actor, Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { SettingsService } from '../settings/service';
import { evaluationMetricsQuery, type EvaluationMetricRow, evaluationMetricRowSchema } from './queries';

export type { Actor } from '../auth/principal';

function metricsOf(row: EvaluationMetricRow, months: number, quarters: number): EvaluationMetrics {
  const decided = row.approved + row.rejections;
  return {
    enterprises: row.enterprises,
    months,
    quarters,
    contactedMonths: row.contacted_months,
    visitedQuarters: row.visited_quarters,
    monthlyCoverage: rate4(row.contacted_months, row.enterprises * months),
    quarterlyCoverage: rate4(row.visited_quarters, row.enterprises * quarters),
    contacts: row.contacts,
    visits: row.visits,
    workerServices: row.worker_services,
    approved: row.approved,
    rejections: row.rejections,
    approvalRate: rate4(row.approved, decided),
    dutiesCovered: row.duties_covered,
    largeMedium: row.large_medium,
    keyEnterprises: row.key_enterprises,
    riskReports: row.risk_reports,
    difficultyIndex: row.enterprises + row.large_medium + row.key_enterprises + 2 * row.risk_reports,
  };
}

/**
 * Yearly evaluation of grassroots coordinators (seed §二(三) 技能比武和评价机制, docs/domain.md C5) by the
 * county's HRSS staff: computed for a whole county and year from one metrics statement and written
 * in one upsert (final rows are never touched), adjusted with a reason, then finalised (locked).
 */
export function createEvaluationService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
  settings: SettingsService;
}) {
  const { db, clock } = deps;

  /** The county the request is about (a township, park or community resolves to its county). */
  async function resolveCounty(principal: Principal, requested: string | undefined) {
    if (principal.supervisorRoles.length === 0)
      throw forbidden('只有县(市、区)及以上人力社保局人员可以查看基层协调员年度评价');
    const code = requested ?? principal.scope.rootCodes[0];
    if (!code || !canRead(principal.scope, code)) throw notFound();
    const row = await deps.jurisdictions.findByCode(code);
    if (!row) throw notFound();
    if (row.level === 'province' || row.level === 'city') throw new AppError('evaluation_level_invalid');
    const countyCode = countyCodeOf(code);
    const county = await deps.jurisdictions.findByCode(countyCode);
    if (!county || county.level !== 'county') throw new AppError('evaluation_level_invalid');
    return { code: countyCode, name: county.name, filter: row.level === 'county' ? null : code };
  }

  function yearOf(requested: number | undefined) {
    const now = clock.now();
    const current = shanghaiParts(now).year;
    const year = requested ?? current;
    if (year > current) throw new AppError('evaluation_year_invalid');
    return { year, now };
  }

  async function weightsFor(countyCode: string): Promise<EvaluationWeights> {
    const resolver = await deps.settings.resolver([countyCode]);
    return resolver.effectiveFor(countyCode).evaluationWeights;
  }

  async function load(countyCode: string, year: number): Promise<Evaluation[]> {
    const rows = await db
      .select({
        e: coordinatorEvaluations,
        name: users.name,
        kind: coordinatorRoles.kind,
        jurisdictionName: jurisdictions.name,
      })
      .from(coordinatorEvaluations)
      .innerJoin(users, eq(users.id, coordinatorEvaluations.userId))
      .innerJoin(coordinatorRoles, eq(coordinatorRoles.id, coordinatorEvaluations.roleId))
      .innerJoin(jurisdictions, eq(jurisdictions.code, coordinatorEvaluations.jurisdictionCode))
      .where(and(eq(coordinatorEvaluations.countyCode, countyCode), eq(coordinatorEvaluations.year, year)));
    const items = rows.map(({ e, name, kind, jurisdictionName }) => ({
      id: e.id,
      year: e.year,
      countyCode: e.countyCode,
      roleId: e.roleId,
      userId: e.userId,
      name,
      kind,
      kindLabel: COORDINATOR_KINDS[kind],
      jurisdictionCode: e.jurisdictionCode,
      jurisdictionName,
      metrics: e.metrics as EvaluationMetrics,
      weights: e.weights as EvaluationWeights,
      scores: {
        coverage: e.coverageScore,
        frequency: e.frequencyScore,
        quality: e.qualityScore,
        difficulty: e.difficultyScore,
      },
      computedScore: e.computedScore,
      adjustment: e.adjustment,
      adjustmentComment: e.adjustmentComment,
      finalScore: finalScore(e.computedScore, e.adjustment),
      rank: 0,
      status: e.status,
      statusLabel: EVALUATION_STATUSES[e.status],
      computedAt: e.computedAt.toISOString(),
      finalizedAt: e.finalizedAt?.toISOString() ?? null,
    }));
    items.sort(
      (a, b) =>
        (b.finalScore ?? -1) - (a.finalScore ?? -1) ||
        a.jurisdictionCode.localeCompare(b.jurisdictionCode) ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
    items.forEach((item, i) => {
      item.rank = i > 0 && items[i - 1]!.finalScore === item.finalScore ? items[i - 1]!.rank : i + 1;
    });
    return items;
  }

  async function findEditable(actor: Actor, id: string) {
    if (actor.principal.supervisorRoles.length === 0)
      throw forbidden('只有县(市、区)及以上人力社保局管理人员可以调整和定稿年度评价');
    const [row] = await db
      .select()
      .from(coordinatorEvaluations)
      .where(
        and(
          eq(coordinatorEvaluations.id, id),
          withinCodes(coordinatorEvaluations.jurisdictionCode, actor.principal.scope.rootCodes),
        ),
      );
    if (!row) throw notFound();
    if (!canManage(actor.principal.scope, row.countyCode))
      throw forbidden('只有县(市、区)及以上人力社保局管理人员可以调整和定稿年度评价');
    if (row.status === 'final') throw new AppError('evaluation_final');
    return row;
  }

  async function one(id: string, countyCode: string, year: number): Promise<Evaluation> {
    const item = (await load(countyCode, year)).find((e) => e.id === id);
    if (!item) throw notFound();
    return item;
  }

  const service = {
    async list(principal: Principal, query: EvaluationQuery): Promise<EvaluationList> {
      const county = await resolveCounty(principal, query.jurisdiction);
      const { year } = yearOf(query.year);
      const prefix = county.filter ? subtreePrefix(county.filter) : null;
      const items = (await load(county.code, year)).filter(
        (e) =>
          canRead(principal.scope, e.jurisdictionCode) && (!prefix || e.jurisdictionCode.startsWith(prefix)),
      );
      return {
        county: { code: county.code, name: county.name },
        year,
        weights: await weightsFor(county.code),
        editable: canManage(principal.scope, county.code),
        items,
      };
    },

    /** Computes (or recomputes) the drafts of a county and year; final rows stay as they are. */
    async compute(actor: Actor, body: { jurisdiction: string; year: number }): Promise<EvaluationList> {
      const county = await resolveCounty(actor.principal, body.jurisdiction);
      if (county.filter) throw new AppError('evaluation_level_invalid');
      if (!canManage(actor.principal.scope, county.code))
        throw forbidden('只有县(市、区)及以上人力社保局管理人员可以计算年度评价');
      const { year, now } = yearOf(body.year);
      const { months, quarters } = periodsCounted(year, now);
      const { start, end } = periodRange(String(year));
      const weights = await weightsFor(county.code);
      const result = await db
        .execute(
          evaluationMetricsQuery({
            countyPrefix: subtreePrefix(county.code),
            yearStart: start,
            yearEnd: end,
            firstDay: `${year}-01-01`,
            lastDay: `${year}-12-31`,
            months,
            quarters,
          }),
        )
        .then((r) => rowsOf(evaluationMetricRowSchema, r));
      const metrics = result.map((row) => ({ row, m: metricsOf(row, months.length, quarters.length) }));
      const maxDifficulty = Math.max(0, ...metrics.map((x) => x.m.difficultyIndex));
      const values = metrics.map(({ row, m }) => {
        const scores = evaluationScores(m, maxDifficulty);
        return {
          year,
          countyCode: county.code,
          roleId: row.role_id,
          userId: row.user_id,
          jurisdictionCode: row.jurisdiction_code,
          metrics: m,
          weights,
          coverageScore: scores.coverage,
          frequencyScore: scores.frequency,
          qualityScore: scores.quality,
          difficultyScore: scores.difficulty,
          computedScore: weightedScore(scores, weights),
          computedAt: now,
        };
      });
      await db.transaction(async (tx) => {
        const stale = and(
          eq(coordinatorEvaluations.countyCode, county.code),
          eq(coordinatorEvaluations.year, year),
          eq(coordinatorEvaluations.status, 'draft'),
        );
        await tx.delete(coordinatorEvaluations).where(
          values.length > 0
            ? and(
                stale,
                notInArray(
                  coordinatorEvaluations.roleId,
                  values.map((v) => v.roleId),
                ),
              )
            : stale,
        );
        if (values.length > 0)
          await tx
            .insert(coordinatorEvaluations)
            .values(values)
            .onConflictDoUpdate({
              target: [coordinatorEvaluations.year, coordinatorEvaluations.roleId],
              set: {
                metrics: sql`excluded.metrics`,
                weights: sql`excluded.weights`,
                coverageScore: sql`excluded.coverage_score`,
                frequencyScore: sql`excluded.frequency_score`,
                qualityScore: sql`excluded.quality_score`,
                difficultyScore: sql`excluded.difficulty_score`,
                computedScore: sql`excluded.computed_score`,
                computedAt: sql`excluded.computed_at`,
              },
              setWhere: sql`${coordinatorEvaluations.status} = 'draft'`,
            });
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'evaluation.compute',
          entityType: 'evaluation',
          entityId: `${county.code}/${year}`,
          details: { county: county.code, year, posts: values.length, weights, months, quarters },
          ip: actor.ip,
        });
      });
      return service.list(actor.principal, { jurisdiction: county.code, year });
    },

    async adjust(actor: Actor, id: string, body: EvaluationAdjust): Promise<Evaluation> {
      const row = await findEditable(actor, id);
      await db.transaction(async (tx) => {
        const updated = await tx
          .update(coordinatorEvaluations)
          .set({
            adjustment: body.adjustment,
            adjustmentComment: body.comment === '' ? null : body.comment,
            adjustedByUserId: actor.principal.user.id,
            adjustedAt: clock.now(),
          })
          .where(and(eq(coordinatorEvaluations.id, id), eq(coordinatorEvaluations.status, 'draft')))
          .returning({ id: coordinatorEvaluations.id });
        if (updated.length === 0) throw new AppError('evaluation_final');
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'evaluation.adjust',
          entityType: 'evaluation',
          entityId: id,
          before: { adjustment: row.adjustment, comment: row.adjustmentComment },
          after: { adjustment: body.adjustment, comment: body.comment },
          ip: actor.ip,
        });
      });
      return one(id, row.countyCode, row.year);
    },

    async finalize(actor: Actor, id: string): Promise<Evaluation> {
      const row = await findEditable(actor, id);
      await finalizeRows(actor, [row.id]);
      return one(id, row.countyCode, row.year);
    },

    /** Finalises every draft of a county and year at once. */
    async finalizeAll(actor: Actor, body: { jurisdiction: string; year: number }): Promise<EvaluationList> {
      const county = await resolveCounty(actor.principal, body.jurisdiction);
      if (county.filter) throw new AppError('evaluation_level_invalid');
      if (!canManage(actor.principal.scope, county.code))
        throw forbidden('只有县(市、区)及以上人力社保局管理人员可以调整和定稿年度评价');
      const { year } = yearOf(body.year);
      const drafts = await db
        .select({ id: coordinatorEvaluations.id })
        .from(coordinatorEvaluations)
        .where(
          and(
            eq(coordinatorEvaluations.countyCode, county.code),
            eq(coordinatorEvaluations.year, year),
            eq(coordinatorEvaluations.status, 'draft'),
          ),
        );
      if (drafts.length === 0) throw new AppError('evaluation_final', '没有待定稿的评价，请先计算本年度评价');
      await finalizeRows(
        actor,
        drafts.map((d) => d.id),
      );
      return service.list(actor.principal, { jurisdiction: county.code, year });
    },
  };

  async function finalizeRows(actor: Actor, ids: string[]) {
    await db.transaction(async (tx) => {
      const done = await tx
        .update(coordinatorEvaluations)
        .set({ status: 'final', finalizedByUserId: actor.principal.user.id, finalizedAt: clock.now() })
        .where(and(inArray(coordinatorEvaluations.id, ids), eq(coordinatorEvaluations.status, 'draft')))
        .returning({ id: coordinatorEvaluations.id });
      if (done.length !== ids.length) throw new AppError('evaluation_final');
      await writeAudit(tx, {
        actorUserId: actor.principal.user.id,
        action: 'evaluation.finalize',
        entityType: 'evaluation',
        entityId: ids.length === 1 ? ids[0]! : null,
        details: { ids },
        ip: actor.ip,
      });
    });
  }

  return service;
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;

import { and, eq, inArray } from 'drizzle-orm';
import {
  FIRST_PERIODS,
  TARGET_KEYS,
  type Assessment,
  type AssessmentQuery,
  type AssessmentRow,
  type AssessmentTarget,
  type AssessmentTargetBody,
} from '@coordnet/shared/api/assessment';
import type { JurisdictionRef } from '@coordnet/shared/api/stats';
import { isPeriodClosed, periodRange, shanghaiDate, shanghaiParts } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { assessmentTargets } from '../../db/schema/assessment-targets';
import { writeAudit } from '../../lib/audit';
import { canManage, canRead } from '../../lib/scope';
import type { Clock } from '../../lib/clock';
import { AppError, forbidden, notFound } from '../../lib/errors';
import type { Principal } from '../auth/principal';
import { staffingByChild, type StaffingBlock } from '../compliance/summary';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { SettingsService } from '../settings/service';
import { rate, resolveTarget, targetAndChildren } from '../stats/target';
import { coverageQuery, type CoverageRow, coverageRowSchema } from './coverage';

export const RANKED_BY = ['staffingRate', 'compliantRate', 'c1Coverage', 'c2Coverage'] as const;

/**
 * The closed months and quarters of the year (the current one while none has closed yet); in 2023
 * only those from the guidance's entry into force (seed §四: 2023-06-30) — July and Q3 on.
 */
export function periodsCounted(year: number, now: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  const pick = (all: string[]) => {
    const keys = all.filter((k) =>
      k.includes('Q') ? k >= FIRST_PERIODS.quarter || k.slice(0, 4) > '2023' : k >= FIRST_PERIODS.month,
    );
    const closed = keys.filter((k) => isPeriodClosed(k, now));
    if (closed.length > 0) return closed;
    return keys.filter((k) => periodRange(k).start.getTime() <= now.getTime()).slice(-1);
  };
  const months = pick(Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`));
  const quarters = pick([1, 2, 3, 4].map((q) => `${year}-Q${q}`));
  const asOf = year < shanghaiParts(now).year ? `${year}-12-31` : shanghaiDate(now);
  return { months, quarters, asOf };
}

function rowOf(
  region: JurisdictionRef,
  block: StaffingBlock,
  coverage: CoverageRow | undefined,
  months: number,
  quarters: number,
): Omit<AssessmentRow, 'rank'> {
  const { enterprises: e, platforms: p, communities: c } = block;
  const sum = (pick: (u: { required: number; coordinators: number; filled: number }) => number) => ({
    enterprise: pick(e),
    platform: pick(p),
    community: pick(c),
    total: pick(e) + pick(p) + pick(c),
  });
  const filled = sum((u) => u.filled);
  const required = sum((u) => u.required);
  return {
    ...region,
    target: null,
    onTarget: null,
    enterprises: e.total,
    required,
    inPost: sum((u) => u.coordinators),
    filled,
    staffingRate: rate(filled.total, required.total),
    platformsBelowAdvice: p.belowAdvice,
    compliantEnterprises: e.compliant + e.covered,
    compliantRate: e.complianceRate,
    c1Coverage: coverage && months > 0 ? rate(coverage.c1_done, coverage.c1_total * months) : null,
    c2Coverage: coverage && quarters > 0 ? rate(coverage.c2_done, coverage.c2_total * quarters) : null,
  };
}

const pickTarget = (r: Record<(typeof TARGET_KEYS)[number], number | null>): AssessmentTarget => ({
  staffingRate: r.staffingRate,
  compliantRate: r.compliantRate,
  c1Coverage: r.c1Coverage,
  c2Coverage: r.c2Coverage,
});

/** The row with its target, and whether every target set is reached (a missing actual is not). */
function withTarget(row: Omit<AssessmentRow, 'rank'>, target: AssessmentTarget | null) {
  const set = target ? TARGET_KEYS.filter((k) => target[k] !== null) : [];
  return {
    ...row,
    target,
    onTarget: set.length === 0 ? null : set.every((k) => (row[k] ?? -1) >= target![k]!),
  };
}

/** Higher is better on each key in turn; a missing value ranks last. */
function compareRows(a: Omit<AssessmentRow, 'rank'>, b: Omit<AssessmentRow, 'rank'>): number {
  for (const key of RANKED_BY) {
    const x = a[key] ?? -1;
    const y = b[key] ?? -1;
    if (x !== y) return y - x;
  }
  return 0;
}

/**
 * Yearly target assessment (seed §三(一), docs/domain.md C6) of the cities of the province, the
 * counties of a city, or a county on its own: staffing against its enterprise counts and sizes,
 * enterprises meeting their minimum, and average C1/C2 coverage, ranked.
 */
export function createAssessmentService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
  settings: SettingsService;
}) {
  const { db, clock } = deps;

  async function targetsOf(codes: string[], year: number): Promise<Map<string, AssessmentTarget>> {
    if (codes.length === 0) return new Map();
    const rows = await db
      .select()
      .from(assessmentTargets)
      .where(and(inArray(assessmentTargets.jurisdictionCode, codes), eq(assessmentTargets.year, year)));
    return new Map(rows.map((r) => [r.jurisdictionCode, pickTarget(r)]));
  }

  return {
    /**
     * Sets a city's (by the province's managers) or a county's (by its city's) yearly targets.
     * Omitted keys stay, null clears; audited.
     */
    async setTarget(principal: Principal, code: string, body: AssessmentTargetBody, ip: string | null) {
      const region = await deps.jurisdictions.findByCode(code);
      if (!region || !canRead(principal.scope, code)) throw notFound();
      if (region.level !== 'city' && region.level !== 'county')
        throw new AppError('assessment_level_invalid', '只能为地市或县(市、区)设定年度目标');
      if (!region.parentCode || !canManage(principal.scope, region.parentCode))
        throw forbidden(
          region.level === 'city'
            ? '地市的年度目标由省人力社保厅管理人员设定'
            : '县(市、区)的年度目标由所在地市人力社保局管理人员设定',
        );
      const changes = Object.fromEntries(
        TARGET_KEYS.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]),
      );
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        const [saved] = await tx
          .insert(assessmentTargets)
          .values({ jurisdictionCode: code, year: body.year, setByUserId: principal.user.id, ...changes })
          .onConflictDoUpdate({
            target: [assessmentTargets.jurisdictionCode, assessmentTargets.year],
            set: { ...changes, setByUserId: principal.user.id, updatedAt: now },
          })
          .returning();
        await writeAudit(tx, {
          actorUserId: principal.user.id,
          action: 'assessment.target_set',
          entityType: 'jurisdiction',
          entityId: code,
          details: { year: body.year, ...changes },
          ip,
        });
        return saved!;
      });
      return { jurisdictionCode: code, year: body.year, ...pickTarget(row) };
    },

    async regions(principal: Principal, query: AssessmentQuery): Promise<Assessment> {
      const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
      if (!['province', 'city', 'county'].includes(target.level))
        throw new AppError('assessment_level_invalid');
      const now = clock.now();
      const year = query.year ?? shanghaiParts(now).year;
      const { months, quarters, asOf } = periodsCounted(year, now);
      const ownRow = target.level === 'county';
      const regions = ownRow
        ? [{ code: target.code, name: target.name, level: target.level }]
        : (await targetAndChildren(db, target)).filter((r) => !r.self).map(({ self: _self, ...r }) => r);
      const params = {
        prefix: target.prefix,
        scope: principal.scope,
        asOf,
        resolver: await deps.settings.resolver([target.code]),
        groupDigits: ownRow ? target.prefix.length : target.childDigits,
        months,
        quarters,
      };
      const [staffing, coverage] = await Promise.all([
        staffingByChild(
          db,
          params,
          regions.map((r) => r.code),
        ),
        db.execute(coverageQuery(params)).then((r) => rowsOf(coverageRowSchema, r)),
      ]);
      const coverageOf = new Map(coverage.map((r) => [r.child, r]));
      const targets = await targetsOf(
        regions.map((r) => r.code),
        year,
      );
      const rows = regions
        .map((r) =>
          withTarget(
            rowOf(r, staffing.byCode.get(r.code)!, coverageOf.get(r.code), months.length, quarters.length),
            targets.get(r.code) ?? null,
          ),
        )
        .sort((a, b) => compareRows(a, b) || a.code.localeCompare(b.code));
      let rank = 0;
      const items = rows.map((row, i) => {
        if (i === 0 || compareRows(rows[i - 1]!, row) !== 0) rank = i + 1;
        return { ...row, rank };
      });
      return {
        jurisdiction: { code: target.code, name: target.name, level: target.level },
        year,
        asOf,
        months,
        quarters,
        rankedBy: [...RANKED_BY],
        items,
      };
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;

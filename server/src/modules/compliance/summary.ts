import {
  SIZE_BUCKETS,
  type EnterpriseStaffing,
  type SizeBucket,
  type UnitStaffing,
} from '@coordnet/shared/api/compliance';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import type { SettingsResolver } from '../settings/service';
import { rate } from '../stats/target';
import {
  communitySummaryQuery,
  enterpriseSummaryQuery,
  platformSummaryQuery,
  type EnterpriseSummaryRow,
  type StaffingParams,
  type UnitSummaryRow,
  enterpriseSummaryRowSchema,
  unitSummaryRowSchema,
} from './queries';

export interface StaffingBlock {
  enterprises: EnterpriseStaffing;
  platforms: UnitStaffing;
  communities: UnitStaffing;
}

const emptyUnits = (): UnitStaffing => ({
  total: 0,
  below: 0,
  belowAdvice: 0,
  coordinators: 0,
  required: 0,
  filled: 0,
});

export const emptyBlock = (): StaffingBlock => ({
  enterprises: {
    ...emptyUnits(),
    compliant: 0,
    covered: 0,
    complianceRate: null,
    bySize: Object.fromEntries(SIZE_BUCKETS.map((s) => [s, { total: 0, below: 0 }])) as Record<
      SizeBucket,
      { total: number; below: number }
    >,
  },
  platforms: emptyUnits(),
  communities: emptyUnits(),
});

function addEnterprises(target: EnterpriseStaffing, row: EnterpriseSummaryRow) {
  target.total += row.n;
  target.coordinators += row.coordinators;
  target.required += row.required;
  target.filled += row.filled;
  target[row.status] += row.n;
  target.bySize[row.size].total += row.n;
  if (row.status === 'below') target.bySize[row.size].below += row.n;
  target.complianceRate = rate(target.compliant + target.covered, target.total);
}

function addUnits(target: UnitStaffing, row: UnitSummaryRow) {
  target.total += row.total;
  target.below += row.below;
  target.belowAdvice += row.below_advice;
  target.coordinators += row.coordinators;
  target.required += row.required;
  target.filled += row.filled;
}

/**
 * Staffing per child (by code) and in total: three grouped statements, one per level, run together.
 * Rows for codes that are not among `codes` still count in the total.
 */
export async function staffingByChild(
  db: Db,
  p: StaffingParams & { resolver: SettingsResolver; groupDigits: number },
  codes: readonly string[],
): Promise<{ byCode: Map<string, StaffingBlock>; total: StaffingBlock }> {
  const [enterpriseRows, platformRows, communityRows] = await Promise.all([
    db.execute(enterpriseSummaryQuery(p)).then((r) => rowsOf(enterpriseSummaryRowSchema, r)),
    db.execute(platformSummaryQuery(p)).then((r) => rowsOf(unitSummaryRowSchema, r)),
    db.execute(communitySummaryQuery(p)).then((r) => rowsOf(unitSummaryRowSchema, r)),
  ]);
  const byCode = new Map(codes.map((code) => [code, emptyBlock()]));
  const total = emptyBlock();
  for (const row of enterpriseRows) {
    addEnterprises(total.enterprises, row);
    const block = byCode.get(row.child);
    if (block) addEnterprises(block.enterprises, row);
  }
  for (const [rows, key] of [
    [platformRows, 'platforms'],
    [communityRows, 'communities'],
  ] as const) {
    for (const row of rows) {
      addUnits(total[key], row);
      const block = byCode.get(row.child);
      if (block) addUnits(block[key], row);
    }
  }
  return { byCode, total };
}

export const isEmptyBlock = (b: StaffingBlock) =>
  b.enterprises.total === 0 && b.platforms.total === 0 && b.communities.total === 0;

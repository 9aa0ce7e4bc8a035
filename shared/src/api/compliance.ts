import { z } from 'zod';
import { divisionCodeSchema, jurisdictionLevelSchema, pageOf, pageQuerySchema, uuidSchema } from './common';
import { enterpriseSizeSchema } from './keys';
import { jurisdictionRefSchema } from './stats';

/**
 * Staffing minimums of seed §二(一) (docs/domain.md §2): large and medium enterprises ≥ 2 enterprise
 * coordinators, small ≥ 1, micro ≥ 1 unless covered by the township/park platform; townships and
 * parks ≥ 2 (the minimum), and where they have many enterprises (county setting
 * `manyEnterprisesThreshold`) the guidance only *advises* ≥ 4 (企业数较多的…建议配备至少4名);
 * communities and villages ≥ 1.
 */
export const STAFFING_MINIMUMS = {
  enterprise: { large: 2, medium: 2, small: 1, micro: 1, unknown: 1 },
  platform: { minimum: 2, advisedWithManyEnterprises: 4 },
  community: 1,
} as const;

/**
 * A township or park against the minimum and the advice: `advised` has the minimum of 2 but fewer
 * than the 4 advised where enterprises are many — its own status, not 未达标.
 */
export const PLATFORM_STATUSES = {
  below: '未达标',
  advised: `达到最低配备 · 建议增至 ${STAFFING_MINIMUMS.platform.advisedWithManyEnterprises} 名`,
  compliant: '达标',
} as const;
export const platformStatusSchema = z.enum(['below', 'advised', 'compliant']);
export type PlatformStatus = z.infer<typeof platformStatusSchema>;

/** A platform's status from its coordinators, minimum and advised number. */
export const platformStatusOf = (u: {
  coordinators: number;
  minimum: number;
  advised: number;
}): PlatformStatus =>
  u.coordinators < u.minimum ? 'below' : u.coordinators < u.advised ? 'advised' : 'compliant';

/** `unknown`: the size is neither declared nor computable; held to the small-enterprise minimum. */
export const SIZE_BUCKETS = ['large', 'medium', 'small', 'micro', 'unknown'] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];

/** `covered`: a micro enterprise without its own coordinator whose township/park has one (seed §二(一)). */
export const STAFFING_STATUSES = {
  below: '未达标',
  covered: '基层平台覆盖',
  compliant: '达标',
} as const;
export type StaffingStatus = keyof typeof STAFFING_STATUSES;
export const staffingStatusSchema = z.enum(['below', 'covered', 'compliant']);

export const staffingQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema
    .optional()
    .describe('a jurisdiction in my scope; defaults to the first root of my scope'),
  status: staffingStatusSchema.optional().describe('drill-down only: enterprises with this status'),
});
export type StaffingQuery = z.infer<typeof staffingQuerySchema>;

const count = z.number().int();
const rateSchema = z.number().nullable().describe('0–1, four decimals; null when there is nothing to count');

/** Counts toward a minimum: units below it, people in post, people required and posts filled (≤ required per unit). */
const unitCounts = {
  total: count,
  below: count,
  coordinators: count,
  required: count,
  filled: count,
};

export const enterpriseStaffingSchema = z.object({
  ...unitCounts,
  compliant: count,
  covered: count,
  /** (compliant + covered) / total */
  complianceRate: rateSchema,
  bySize: z.record(z.enum(SIZE_BUCKETS), z.object({ total: count, below: count })),
});
export type EnterpriseStaffing = z.infer<typeof enterpriseStaffingSchema>;

export const unitStaffingSchema = z.object({
  ...unitCounts,
  /** Units meeting their minimum but short of the advised number (townships/parks with many enterprises). */
  belowAdvice: count,
});
export type UnitStaffing = z.infer<typeof unitStaffingSchema>;

/** One township or park platform against its minimum. */
export const platformStaffingSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
  enterprises: count,
  coordinators: count,
  /** The county's "many enterprises" threshold in force here. */
  threshold: count,
  /** 2: what the guidance requires. */
  minimum: count,
  /** 4 with at least `threshold` enterprises (建议), else the minimum. */
  advised: count,
  below: z.boolean(),
  status: platformStatusSchema,
});
export type PlatformStaffing = z.infer<typeof platformStaffingSchema>;

const staffingBlock = {
  enterprises: enterpriseStaffingSchema,
  /** Townships and parks (乡镇(街道)、工业园区). */
  platforms: unitStaffingSchema,
  /** Communities and villages (社区(村)). */
  communities: unitStaffingSchema,
};

export const staffingRowSchema = jurisdictionRefSchema.extend({
  self: z.boolean(),
  ...staffingBlock,
});
export type StaffingRow = z.infer<typeof staffingRowSchema>;

export const staffingEnterpriseSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  uscc: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  size: enterpriseSizeSchema.nullable(),
  coordinators: count,
  minimum: count,
  status: staffingStatusSchema,
});
export type StaffingEnterprise = z.infer<typeof staffingEnterpriseSchema>;

export const staffingSchema = z.object({
  jurisdiction: jurisdictionRefSchema,
  asOf: z.string(),
  total: z.object(staffingBlock),
  items: z.array(staffingRowSchema),
  /** When the jurisdiction is a township or park: the platform itself against its minimum. */
  platform: platformStaffingSchema.nullable(),
  /** When the jurisdiction is a township or park: its enterprises, below their minimum first. */
  enterprises: pageOf(staffingEnterpriseSchema).nullable(),
});
export type Staffing = z.infer<typeof staffingSchema>;

import { z } from 'zod';
import { divisionCodeSchema } from './common';
import { jurisdictionRefSchema } from './stats';

/**
 * Yearly target assessment (seed §三(一): 从2023年起，按企业数量比例对各地进行年度目标考核;
 * docs/domain.md C6): each city or county's coordinators against what its enterprises require, its
 * share of enterprises meeting their minimum, and its C1/C2 coverage over the year, ranked.
 */

export const FIRST_ASSESSMENT_YEAR = 2023;
/**
 * Seed §四: 本意见自2023年6月30日起施行. The first periods of 2023 counted are the first whole ones in
 * force: July and the third quarter; the months and quarter before are left out.
 */
export const FIRST_PERIODS = { month: '2023-07', quarter: '2023-Q3' } as const;

/** The keys a yearly target can be set on (0–1 each), the ranking's keys. */
export const TARGET_KEYS = ['staffingRate', 'compliantRate', 'c1Coverage', 'c2Coverage'] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];
export const TARGET_LABELS: Record<TargetKey, string> = {
  staffingRate: '配备率',
  compliantRate: '企业达标率',
  c1Coverage: '月度联络覆盖率',
  c2Coverage: '季度走访覆盖率',
};

const targetRate = z
  .number({ message: '目标值应为 0–1 之间的数' })
  .min(0, '目标值应为 0–1 之间的数')
  .max(1, '目标值应为 0–1 之间的数')
  .multipleOf(0.0001, '目标值最多保留四位小数')
  .nullable();

/** A region's yearly targets; null: not set. */
export const assessmentTargetSchema = z.object({
  staffingRate: targetRate,
  compliantRate: targetRate,
  c1Coverage: targetRate,
  c2Coverage: targetRate,
});
export type AssessmentTarget = z.infer<typeof assessmentTargetSchema>;

/**
 * PUT /assessment/targets/{code}: the province's managers set a city's targets, a city's managers
 * each county's (seed §三(一) 年度目标考核). Omitted keys stay; null clears one.
 */
export const assessmentTargetBodySchema = z
  .strictObject({
    year: z.number().int('年份应为整数').min(2023, '年度目标考核从 2023 年开始').max(2100, '年份不正确'),
    ...assessmentTargetSchema.partial().shape,
  })
  .refine((b) => TARGET_KEYS.some((k) => b[k] !== undefined), { message: '请至少填写一项目标' });
export type AssessmentTargetBody = z.infer<typeof assessmentTargetBodySchema>;
export const assessmentTargetParamsSchema = z.strictObject({ code: divisionCodeSchema });
export const assessmentTargetResponseSchema = assessmentTargetSchema.extend({
  jurisdictionCode: z.string(),
  year: z.number().int(),
});

export const assessmentQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema
    .optional()
    .describe('the province or a city (its children are ranked) or a county (itself); defaults to my scope'),
  year: z.coerce
    .number()
    .int('年份应为整数')
    .min(FIRST_ASSESSMENT_YEAR, `年度目标考核从 ${FIRST_ASSESSMENT_YEAR} 年开始`)
    .max(2100, '年份不正确')
    .optional()
    .describe('defaults to this year'),
});
export type AssessmentQuery = z.infer<typeof assessmentQuerySchema>;

const count = z.number().int();
const rateSchema = z.number().nullable().describe('0–1, four decimals; null when there is nothing to count');

const byKindOfPost = z.object({
  /** Enterprise coordinators (per enterprise: 2 large/medium, 1 small, 1 micro unless covered). */
  enterprise: count,
  /** Township and park coordinators (the minimum of 2 per platform; the advised 4 is shown apart). */
  platform: count,
  /** Community and village coordinators (1 each). */
  community: count,
  total: count,
});

export const assessmentRowSchema = jurisdictionRefSchema.extend({
  /** 1 = best; equal results share a rank. */
  rank: count,
  enterprises: count,
  /** Coordinators the enterprise counts and sizes require. */
  required: byKindOfPost,
  /** Coordinators in post. */
  inPost: byKindOfPost,
  /** Posts filled up to each unit's minimum (an overstaffed unit does not make up for another). */
  filled: byKindOfPost,
  /** filled.total / required.total: the ranking's first key. */
  staffingRate: rateSchema,
  /**
   * Townships and parks with many enterprises meeting the minimum of 2 but short of the advised 4
   * (seed §二(一) 建议): shown apart, not counted against the region.
   */
  platformsBelowAdvice: count,
  /** Enterprises meeting their minimum (or covered by the platform). */
  compliantEnterprises: count,
  compliantRate: rateSchema,
  /** Average monthly C1 coverage over the months counted. */
  c1Coverage: rateSchema,
  /** Average quarterly C2 coverage over the quarters counted. */
  c2Coverage: rateSchema,
  /** The year's targets its parent set, or null when none is set. */
  target: assessmentTargetSchema.nullable(),
  /** Whether every target set is reached; null when no target is set. */
  onTarget: z.boolean().nullable(),
});
export type AssessmentRow = z.infer<typeof assessmentRowSchema>;

export const assessmentSchema = z.object({
  jurisdiction: jurisdictionRefSchema,
  year: count,
  /** Shanghai date the posts were counted on: the year's last day, or today in the current year. */
  asOf: z.string(),
  /** The months and quarters averaged: the closed ones (the current one while none has closed). */
  months: z.array(z.string()),
  quarters: z.array(z.string()),
  /** Ranking keys in order. */
  rankedBy: z.array(z.string()),
  items: z.array(assessmentRowSchema),
});
export type Assessment = z.infer<typeof assessmentSchema>;

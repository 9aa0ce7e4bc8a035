import { z } from 'zod';
import { divisionCodeSchema } from './common';
import { jurisdictionRefSchema } from './stats';

/**
 * Yearly target assessment (seed §三(一): 从2023年起，按企业数量比例对各地进行年度目标考核;
 * DOMAIN.md C6): each city or county's coordinators against what its enterprises require, its
 * share of enterprises meeting their minimum, and its C1/C2 coverage over the year, ranked.
 */

export const FIRST_ASSESSMENT_YEAR = 2023;

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

import { z } from 'zod';
import { COORDINATOR_KIND_KEYS } from '../domain/roles';
import { divisionCodeSchema, uuidSchema } from './common';

/**
 * Yearly evaluation of grassroots coordinators (seed §二(三) 技能比武和评价机制: 县(市、区)人力社保部门
 * 每年要综合考虑工作覆盖面、服务企业和劳动者频次、服务质量、工作难度等…进行评价; docs/domain.md C5).
 */

export const EVALUATION_PARTS = {
  coverage: '工作覆盖面',
  frequency: '服务频次',
  quality: '服务质量',
  difficulty: '工作难度',
} as const;
export type EvaluationPart = keyof typeof EVALUATION_PARTS;

export const EVALUATION_STATUSES = { draft: '待定稿', final: '已定稿' } as const;
export type EvaluationStatus = keyof typeof EVALUATION_STATUSES;

/** Weights of the four parts, in percent; they add up to 100 (a county setting). */
export const evaluationWeightsSchema = z
  .strictObject({
    coverage: z.number().int('权重应为整数').min(0, '权重不能为负').max(100),
    frequency: z.number().int('权重应为整数').min(0, '权重不能为负').max(100),
    quality: z.number().int('权重应为整数').min(0, '权重不能为负').max(100),
    difficulty: z.number().int('权重应为整数').min(0, '权重不能为负').max(100),
  })
  .refine((w) => w.coverage + w.frequency + w.quality + w.difficulty === 100, {
    message: '四项评价权重之和应为 100',
  });
export type EvaluationWeights = z.infer<typeof evaluationWeightsSchema>;

/** What a score is computed from (the year's closed months and quarters, like the C6 assessment). */
export const evaluationMetricsSchema = z.object({
  /** Active, in-scope enterprises under the post's jurisdiction. */
  enterprises: z.number().int(),
  months: z.number().int(),
  quarters: z.number().int(),
  /** (enterprise, month) pairs with a contact or a visit (not rejected or withdrawn) by the coordinator. */
  contactedMonths: z.number().int(),
  /** (enterprise, quarter) pairs with an approved visit by the coordinator. */
  visitedQuarters: z.number().int(),
  monthlyCoverage: z.number().nullable(),
  quarterlyCoverage: z.number().nullable(),
  contacts: z.number().int(),
  /** Visits submitted or approved. */
  visits: z.number().int(),
  /** Contacts and visits covering 矛盾纠纷排查和协商调解 (service to workers). */
  workerServices: z.number().int(),
  approved: z.number().int(),
  /** Rejection decisions on the coordinator's visits in the year (a corrected visit keeps its rejection). */
  rejections: z.number().int(),
  approvalRate: z.number().nullable(),
  /** Distinct duties (of seven) the year's contacts and visits covered. */
  dutiesCovered: z.number().int(),
  largeMedium: z.number().int(),
  keyEnterprises: z.number().int(),
  /** Risk reports (C4) at the enterprises in the year. */
  riskReports: z.number().int(),
  /** enterprises + large/medium + key + 2 × risk reports; the county's highest is 100 points. */
  difficultyIndex: z.number().int(),
});
export type EvaluationMetrics = z.infer<typeof evaluationMetricsSchema>;

export const evaluationSchema = z.object({
  id: uuidSchema,
  year: z.number().int(),
  countyCode: z.string(),
  roleId: uuidSchema,
  userId: uuidSchema,
  name: z.string(),
  kind: z.enum(COORDINATOR_KIND_KEYS),
  kindLabel: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  metrics: evaluationMetricsSchema,
  weights: evaluationWeightsSchema,
  /** null: 不适用 — the post has nothing to do this part with (e.g. no enterprises under it). */
  scores: z.object({
    coverage: z.number().nullable(),
    frequency: z.number().nullable(),
    quality: z.number().nullable(),
    difficulty: z.number().nullable(),
  }),
  /** The parts that apply, weighed and scaled to 100; null when none applies (ranked last). */
  computedScore: z.number().nullable(),
  adjustment: z.number(),
  adjustmentComment: z.string().nullable(),
  /** computed + adjustment, kept within 0–100; null with nothing to score. */
  finalScore: z.number().nullable(),
  /** 1 = best in the county and year by final score. */
  rank: z.number().int(),
  status: z.enum(['draft', 'final']),
  statusLabel: z.string(),
  computedAt: z.string(),
  finalizedAt: z.string().nullable(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export const evaluationQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema
    .optional()
    .describe('a county, or a township/park/community under it; defaults to my first scope root'),
  year: z.coerce
    .number()
    .int('年份应为整数')
    .min(2023, '评价从 2023 年开始')
    .max(2100, '年份不正确')
    .optional(),
});
export type EvaluationQuery = z.infer<typeof evaluationQuerySchema>;

export const evaluationListSchema = z.object({
  county: z.object({ code: z.string(), name: z.string() }),
  year: z.number().int(),
  weights: evaluationWeightsSchema,
  /** Whether I may compute, adjust and finalise (a manager supervisor of the county or above). */
  editable: z.boolean(),
  items: z.array(evaluationSchema),
});
export type EvaluationList = z.infer<typeof evaluationListSchema>;

export const evaluationComputeBodySchema = z.strictObject({
  jurisdiction: divisionCodeSchema.describe('the county'),
  year: z.number().int('年份应为整数').min(2023, '评价从 2023 年开始').max(2100, '年份不正确'),
});

export const evaluationAdjustBodySchema = z
  .strictObject({
    adjustment: z
      .number({ message: '请填写调整分值' })
      .min(-20, '调整分值应在 -20 到 20 之间')
      .max(20, '调整分值应在 -20 到 20 之间')
      .refine((v) => Math.round(v * 100) === v * 100, '调整分值最多保留两位小数'),
    comment: z.string().trim().max(500, '调整说明不能超过 500 字').default(''),
  })
  .refine((b) => b.adjustment === 0 || b.comment.length >= 2, {
    message: '调整分数时请填写调整说明',
    path: ['comment'],
  });
export type EvaluationAdjust = z.infer<typeof evaluationAdjustBodySchema>;

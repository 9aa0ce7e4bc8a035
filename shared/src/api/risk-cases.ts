import { z } from 'zod';
import { divisionCodeSchema, uuidSchema } from './common';
import { riskKindSchema, riskSeveritySchema } from './logs';

/**
 * A risk report (C4, seed §二(二) fifth duty) handled as a small case: 待受理 → 已受理 (by whom) →
 * 处理中 → 已办结 (with its result). Each open case has a deadline set per severity by the county
 * (`riskDeadlineHours*`); when it passes, the case moves to the next level up and that level's work
 * group is told.
 */
export const RISK_CASE_STAGES = {
  pending: '待受理',
  accepted: '已受理',
  in_progress: '处理中',
  closed: '已办结',
} as const;
export type RiskCaseStage = keyof typeof RISK_CASE_STAGES;
export const riskCaseStageSchema = z.enum(['pending', 'accepted', 'in_progress', 'closed'], {
  message: '请选择办理状态',
});

const person = z.object({ userId: uuidSchema, name: z.string() });

export const riskCaseSchema = z.object({
  id: uuidSchema,
  enterprise: z.object({ id: uuidSchema, name: z.string() }),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  riskKind: riskKindSchema,
  riskKindLabel: z.string(),
  severity: riskSeveritySchema,
  severityLabel: z.string(),
  peopleAffected: z.number().int(),
  amountInvolved: z.number().nullable(),
  description: z.string(),
  reporter: person,
  occurredAt: z.string(),
  reportedAt: z.string(),
  stage: riskCaseStageSchema,
  stageLabel: z.string(),
  /** The level answering for the case now: the township first (the county for a major dispute). */
  handling: z.object({ code: z.string(), name: z.string() }),
  /** Times the deadline passed and the case moved up a level. */
  escalations: z.number().int(),
  /** When the handling level must have closed it; null once closed. */
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  acceptedBy: person.nullable(),
  acceptedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  closedBy: person.nullable(),
  closedAt: z.string().nullable(),
  result: z.string().nullable(),
  /** What the caller may do next. */
  canAct: z.boolean(),
});
export type RiskCase = z.infer<typeof riskCaseSchema>;

export const riskCaseListQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema.optional().describe('only cases of enterprises under this code'),
  stage: riskCaseStageSchema.optional(),
  severity: riskSeveritySchema.optional(),
  overdue: z.stringbool({ message: '参数应为 true 或 false' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RiskCaseListQuery = z.infer<typeof riskCaseListQuerySchema>;

export const riskCaseListSchema = z.object({
  items: z.array(riskCaseSchema),
  /** Cases matching the filters (the list shows at most `limit`). */
  total: z.number().int(),
  counts: z.record(riskCaseStageSchema, z.number().int()),
});
export type RiskCaseList = z.infer<typeof riskCaseListSchema>;

import { z } from 'zod';
import type { PeriodKind } from '../domain/period';
import { GLOSSARY } from '../domain/glossary';
import { divisionCodeSchema, jurisdictionLevelSchema, pageOf, pageQuerySchema, uuidSchema } from './common';
import { enterpriseSizeSchema, logKindSchema, periodKeySchema } from './keys';

/** The cadence rules of seed §二(三) the duty engine checks (docs/domain.md §4). */
export const DUTY_RULES = {
  C1: { label: GLOSSARY.contact, period: 'month', who: '乡镇(街道)、工业园区协调员' },
  C2: { label: GLOSSARY.visit, period: 'quarter', who: '乡镇(街道)、工业园区协调员' },
  C3: { label: GLOSSARY.guidance, period: 'year', who: '县(市、区)人力社保局' },
} as const satisfies Record<string, { label: string; period: PeriodKind; who: string }>;
export type DutyRule = keyof typeof DUTY_RULES;
export const dutyRuleSchema = z.enum(['C1', 'C2', 'C3'], { message: '规则应为 C1、C2 或 C3' });

/** For one enterprise and one period. `overdue` only once the period has closed. */
export const DUTY_STATUSES = {
  overdue: '已逾期',
  due: '待完成',
  awaiting_approval: '待审核',
  done: '已完成',
} as const;
export type DutyStatus = keyof typeof DUTY_STATUSES;
export const dutyStatusSchema = z.enum(['overdue', 'due', 'awaiting_approval', 'done']);

const dutyTarget = {
  rule: dutyRuleSchema,
  period: periodKeySchema.optional().describe('defaults to the current period of the rule'),
  jurisdiction: divisionCodeSchema.optional().describe('defaults to the first jurisdiction in my scope'),
};

export const dutyListQuerySchema = pageQuerySchema.extend({
  ...dutyTarget,
  status: dutyStatusSchema.optional(),
  enterpriseId: uuidSchema
    .optional()
    .describe(
      "one enterprise's status (its coordinators may ask too); the jurisdiction defaults to the enterprise's",
    ),
});
export type DutyListQuery = z.infer<typeof dutyListQuerySchema>;

export const dutySummaryQuerySchema = z.strictObject(dutyTarget);
export type DutySummaryQuery = z.infer<typeof dutySummaryQuerySchema>;

const dutyContext = {
  rule: dutyRuleSchema,
  ruleLabel: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  periodClosed: z.boolean(),
  jurisdiction: z.object({ code: z.string(), name: z.string(), level: jurisdictionLevelSchema }),
};

export const dutyItemSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  uscc: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  size: enterpriseSizeSchema.nullable(),
  status: dutyStatusSchema,
  /** The latest log that counts for the rule, up to the end of the period. */
  lastLog: z
    .object({ id: uuidSchema, kind: logKindSchema, occurredAt: z.string(), authorName: z.string() })
    .nullable(),
  /** Current township/park coordinators whose jurisdiction contains the enterprise. */
  responsible: z.array(z.object({ userId: uuidSchema, name: z.string() })),
});
export type DutyItem = z.infer<typeof dutyItemSchema>;

export const dutyPageSchema = pageOf(dutyItemSchema).extend(dutyContext);
export type DutyPage = z.infer<typeof dutyPageSchema>;

export const dutyCountsSchema = z.object({
  total: z.number().int(),
  done: z.number().int(),
  awaiting_approval: z.number().int(),
  due: z.number().int(),
  overdue: z.number().int(),
  /** done / total, null when there is nothing to do. */
  coverageRate: z.number().nullable(),
});
export type DutyCounts = z.infer<typeof dutyCountsSchema>;

export const dutySummaryRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
  /** Enterprises registered at the jurisdiction itself rather than at one of its children. */
  self: z.boolean(),
  counts: dutyCountsSchema,
});

export const dutySummarySchema = z.object({
  ...dutyContext,
  total: dutyCountsSchema,
  items: z.array(dutySummaryRowSchema),
});
export type DutySummary = z.infer<typeof dutySummarySchema>;

import { z } from 'zod';
import { DUTY_KEYS } from '../domain/duties';
import { divisionCodeSchema, pageOf, pageQuerySchema, uuidSchema } from './common';

/**
 * 协调员之家 case library (seed §二(三) 工作交流机制: 工作经验交流; §三(三): 典型经验): coordinators
 * share cases under one of the seven duties, visible to a jurisdiction's subtree or the whole
 * province; supervisors of the jurisdiction hide what should not be there.
 */

export const CASE_VISIBILITIES = { jurisdiction: '本辖区', province: '全省' } as const;
export type CaseVisibility = keyof typeof CASE_VISIBILITIES;
export const CASE_STATUSES = { published: '已发布', hidden: '已屏蔽' } as const;

/** Images a case may carry. */
export const MAX_CASE_ATTACHMENTS = 9;

export const caseCreateBodySchema = z.strictObject({
  title: z.string().trim().min(4, '标题至少 4 个字').max(100, '标题不能超过 100 字'),
  duty: z.enum(DUTY_KEYS, { message: '请选择职责类别' }),
  body: z.string().trim().min(20, '案例内容至少 20 个字').max(20_000, '案例内容不能超过 20000 字'),
  /** Images uploaded through POST /uploads by me and not used elsewhere. */
  attachmentIds: z
    .array(uuidSchema)
    .max(MAX_CASE_ATTACHMENTS, `最多 ${MAX_CASE_ATTACHMENTS} 张附图`)
    .default([]),
  visibility: z.enum(['jurisdiction', 'province'], { message: '请选择公开范围' }),
  /** The jurisdiction shared with: one of my posts' jurisdictions or one above it; default my first post's. */
  jurisdictionCode: divisionCodeSchema.optional(),
});
export type CaseCreate = z.infer<typeof caseCreateBodySchema>;

export const caseHideBodySchema = z.strictObject({
  reason: z.string().trim().min(2, '请填写屏蔽原因').max(200, '屏蔽原因不能超过 200 字'),
});

export const caseListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().min(1).max(60, '搜索内容不能超过 60 字').optional(),
  duty: z.enum(DUTY_KEYS, { message: '职责类别不正确' }).optional(),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const caseSummarySchema = z.object({
  id: uuidSchema,
  title: z.string(),
  duty: z.enum(DUTY_KEYS),
  dutyLabel: z.string(),
  excerpt: z.string(),
  authorName: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  visibility: z.enum(['jurisdiction', 'province']),
  visibilityLabel: z.string(),
  status: z.enum(['published', 'hidden']),
  attachments: z.number().int(),
  createdAt: z.string(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;
export const casePageSchema = pageOf(caseSummarySchema);

export const caseDetailSchema = caseSummarySchema.extend({
  body: z.string(),
  attachments: z.array(z.object({ id: uuidSchema, url: z.string() })),
  hiddenReason: z.string().nullable(),
  /** Whether I may hide or restore it (a supervisor managing its jurisdiction). */
  moderatable: z.boolean(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

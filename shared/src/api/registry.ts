import { z } from 'zod';
import { INDUSTRIES } from '../domain/enterprise-size';
import type { Industry } from '../domain/enterprise-size';
import { COORDINATOR_KIND_KEYS, ENTERPRISE_STATUS_KEYS, SKILL_LEVEL_KEYS } from '../domain/roles';
import { divisionCodeSchema, jurisdictionLevelSchema, pageOf, pageQuerySchema, uuidSchema } from './common';
import { enterpriseSizeSchema, keysOf } from './keys';

export const industrySchema = z.enum(keysOf<Industry>(INDUSTRIES));
export const enterpriseStatusSchema = z.enum(ENTERPRISE_STATUS_KEYS);

export const jurisdictionSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: jurisdictionLevelSchema,
  name: z.string(),
  childCount: z.number().int(),
  /** A code the county assigned itself (a park without a 统计用区划代码), not a statistical one. */
  localCode: z.boolean(),
});
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

export const jurisdictionQuerySchema = z.strictObject({
  parent: divisionCodeSchema.optional().describe('children of this jurisdiction; omitted: my scope roots'),
  depth: z.coerce.number().int().min(1).max(6).default(1),
});
export const jurisdictionListSchema = z.object({ items: z.array(jurisdictionSchema) });

const mobileSchema = z.string().regex(/^1[3-9]\d{9}$/, '请填写正确的手机号码');
const money = z.number().min(0).max(1e10);

export const enterpriseSchema = z.object({
  id: uuidSchema,
  uscc: z.string(),
  name: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  industry: industrySchema,
  employees: z.number().int().nullable(),
  revenue: z.number().nullable(),
  assets: z.number().nullable(),
  declaredSize: enterpriseSizeSchema.nullable(),
  computedSize: enterpriseSizeSchema.nullable(),
  size: enterpriseSizeSchema.nullable(),
  contactName: z.string().nullable(),
  contactMobile: z.string().nullable().describe('masked'),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  inScope: z.boolean(),
  isKey: z.boolean(),
  status: enterpriseStatusSchema,
  /**
   * 责任人 (seed §二(三) 岗位责任制): the township/park coordinator who answers for the enterprise
   * while the post lasts; null: all the township's coordinators do.
   */
  responsible: z.object({ roleId: uuidSchema, userId: uuidSchema, name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Enterprise = z.infer<typeof enterpriseSchema>;

export const enterpriseListQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema.optional(),
  q: z.string().trim().min(1).max(60).optional(),
  size: enterpriseSizeSchema.optional(),
  status: enterpriseStatusSchema.optional(),
  /** only those whose current 责任人 is me (我负责的) */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const enterprisePageSchema = pageOf(enterpriseSchema);

/**
 * Name (roleId) or clear (null) the 责任人 of one enterprise: a current township/park coordinator
 * post of the enterprise's own township or park.
 */
export const enterpriseResponsibleBodySchema = z.strictObject({
  roleId: uuidSchema.nullable(),
});
export type EnterpriseResponsibleBody = z.infer<typeof enterpriseResponsibleBodySchema>;

/** One coordinator for many enterprises at once: all or nothing. */
export const enterpriseResponsibleBulkBodySchema = z.strictObject({
  enterpriseIds: z.array(uuidSchema).min(1, '请选择企业').max(500, '一次最多指定 500 家企业'),
  roleId: uuidSchema.nullable(),
});
export type EnterpriseResponsibleBulk = z.infer<typeof enterpriseResponsibleBulkBodySchema>;
export const enterpriseResponsibleBulkResultSchema = z.object({ updated: z.number().int() });

/** The township/park coordinators who may be named 责任人 of an enterprise (the picker). */
export const responsibleCandidateSchema = z.object({
  roleId: uuidSchema,
  userId: uuidSchema,
  name: z.string(),
  jurisdictionName: z.string(),
});
export const responsibleCandidateListSchema = z.object({
  items: z.array(responsibleCandidateSchema),
  /** whether I may name or change the 责任人 here */
  canAssign: z.boolean(),
});
export type ResponsibleCandidate = z.infer<typeof responsibleCandidateSchema>;

/** 我负责的: the enterprises I am 责任人 of and what is open among them (home page card). */
export const responsibleSummarySchema = z.object({
  total: z.number().int(),
  /** C1 this month / C2 this quarter, not done yet */
  c1Due: z.number().int(),
  c2Due: z.number().int(),
  /** C1 of the month that closed last, not done */
  c1Overdue: z.number().int(),
  month: z.string(),
  quarter: z.string(),
  lastMonth: z.string(),
});
export type ResponsibleSummary = z.infer<typeof responsibleSummarySchema>;

export const enterpriseCreateBodySchema = z.strictObject({
  /** Normalized by the server (full-width to half-width, spaces dropped, upper case) before the check. */
  uscc: z.string().trim().min(1, '请填写统一社会信用代码').max(40, '统一社会信用代码应为 18 位'),
  name: z.string().trim().min(2, '请填写企业名称').max(200),
  jurisdictionCode: divisionCodeSchema,
  industry: industrySchema.default('other'),
  employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
  revenue: money.nullable().optional(),
  assets: money.nullable().optional(),
  declaredSize: enterpriseSizeSchema.nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactMobile: mobileSchema.nullable().optional(),
  address: z.string().trim().max(300).nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  inScope: z.boolean().default(true),
  isKey: z.boolean().default(false),
  status: enterpriseStatusSchema.default('active'),
});
export type EnterpriseCreate = z.infer<typeof enterpriseCreateBodySchema>;

export const enterprisePatchBodySchema = z
  .strictObject({
    name: z.string().trim().min(2).max(200),
    jurisdictionCode: divisionCodeSchema,
    industry: industrySchema,
    employees: z.number().int().min(0).max(10_000_000).nullable(),
    revenue: money.nullable(),
    assets: money.nullable(),
    declaredSize: enterpriseSizeSchema.nullable(),
    contactName: z.string().trim().max(50).nullable(),
    contactMobile: mobileSchema.nullable(),
    address: z.string().trim().max(300).nullable(),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    inScope: z.boolean(),
    isKey: z.boolean(),
    status: enterpriseStatusSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: '没有需要修改的内容' });
export type EnterprisePatch = z.infer<typeof enterprisePatchBodySchema>;

export const coordinatorSchema = z.object({
  roleId: uuidSchema,
  userId: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  canRevealMobile: z
    .boolean()
    .describe('whether I may reveal the whole mobile (POST /coordinators/{roleId}/reveal-mobile)'),
  kind: z.enum(COORDINATOR_KIND_KEYS),
  kindLabel: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  enterpriseId: uuidSchema.nullable(),
  enterpriseName: z.string().nullable(),
  organisation: z.string().nullable(),
  skillLevel: z.enum(SKILL_LEVEL_KEYS).nullable(),
  certificateNo: z.string().nullable(),
  certificateDate: z.string().nullable(),
  canEditQualification: z
    .boolean()
    .describe('whether I may change the skill level and certificate (PATCH /coordinators/{roleId})'),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export type Coordinator = z.infer<typeof coordinatorSchema>;

/**
 * A post's skill level (四级..一级) and vocational certificate, changed outside bulk import by a
 * supervisor managing the post's jurisdiction. Omitted fields stay; null clears one.
 */
export const coordinatorQualificationBodySchema = z
  .strictObject({
    skillLevel: z.enum(SKILL_LEVEL_KEYS, { message: '请选择正确的技能等级' }).nullable(),
    certificateNo: z
      .string()
      .trim()
      .min(1, '请填写证书编号')
      .max(64, '证书编号不能超过 64 个字符')
      .nullable(),
    certificateDate: z.iso.date({ message: '发证日期格式应为 2026-11-16' }).nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: '没有需要修改的内容' });
export type CoordinatorQualification = z.infer<typeof coordinatorQualificationBodySchema>;

/** Why a post ended: 离任 (left the work) or 调岗 (moved to another post). */
export const POST_END_REASONS = { departed: '离任', transferred: '调岗' } as const;
export type PostEndReason = keyof typeof POST_END_REASONS;

/**
 * End a post (结束任职): from `endedOn` on the person no longer holds it, so staffing counts,
 * compliance, duty reminders and their scope fall at once. `endedOn` is the first day out of post.
 */
export const coordinatorEndBodySchema = z.strictObject({
  endedOn: z.iso.date({ message: '离任日期格式应为 2026-11-16' }),
  reason: z.enum(['departed', 'transferred'], { message: '请选择离任或调岗' }),
  note: z.string().trim().max(200, '说明不能超过 200 字').optional(),
});
export type CoordinatorEnd = z.infer<typeof coordinatorEndBodySchema>;
export const coordinatorEndResponseSchema = z.object({
  roleId: uuidSchema,
  /** The last day in post. */
  validTo: z.string(),
  reason: z.enum(['departed', 'transferred']),
});

/**
 * 停用人员: every current post of the person ends (the day before `endedOn`, 离任) and he can no
 * longer sign in, so counts, compliance and reminders drop him at once.
 */
export const personDeactivateBodySchema = z.strictObject({
  endedOn: z.iso.date({ message: '停用日期格式应为 2026-11-16' }),
  note: z.string().trim().max(200, '说明不能超过 200 字').optional(),
});
export type PersonDeactivate = z.infer<typeof personDeactivateBodySchema>;
export const personDeactivateResponseSchema = z.object({
  userId: uuidSchema,
  active: z.literal(false),
  /** The posts that ended. */
  endedRoleIds: z.array(uuidSchema),
});
export type PersonDeactivated = z.infer<typeof personDeactivateResponseSchema>;

export const coordinatorListQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema.optional(),
  kind: z.enum(COORDINATOR_KIND_KEYS).optional(),
  enterpriseId: uuidSchema.optional(),
  q: z.string().trim().min(1).max(60).optional(),
});
export const coordinatorPageSchema = pageOf(coordinatorSchema);

/** A whole mobile, revealed on request and written to the audit log (docs/domain.md §6). */
export const revealedMobileSchema = z.object({
  roleId: uuidSchema,
  userId: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable(),
});
export type RevealedMobile = z.infer<typeof revealedMobileSchema>;

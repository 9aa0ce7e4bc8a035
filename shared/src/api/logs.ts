import { z } from 'zod';
import { DUTY_KEYS } from '../domain/duties';
import { GUIDANCE_TOPIC_KEYS } from '../domain/guidance-topics';
import { MAX_VISIT_PHOTOS } from '../domain/photos';
import { isoInstantSchema, pageOf, pageQuerySchema, uuidSchema } from './common';
import { dutyKeySchema, keysOf, logKindSchema, periodKeySchema } from './keys';

/**
 * Duty logs (seed §二(二)–(三), docs/domain.md §3–4): C1 contacts, C2 site visits, C3 guidance and C4
 * risk reports, the approval of visits and the photos attached to them.
 */

export const LOG_STATUSES = {
  recorded: '已记录',
  submitted: '待审核',
  approved: '已通过',
  rejected: '已退回',
  withdrawn: '已撤回',
  open: '处理中',
  closed: '已办结',
} as const;
export type LogStatus = keyof typeof LOG_STATUSES;

export const CONTACT_CHANNELS = {
  phone: '电话',
  dingtalk: '钉钉',
  meeting: '会议',
  onsite: '上门',
  other: '其他',
} as const;
export type ContactChannel = keyof typeof CONTACT_CHANNELS;

export const GUIDANCE_METHODS = {
  onsite: '上门指导',
  meeting: '座谈会议',
  training: '培训',
  phone: '电话',
  dingtalk: '钉钉',
  other: '其他',
} as const;
export type GuidanceMethod = keyof typeof GUIDANCE_METHODS;

/** Kinds of dispute or risk a coordinator reports (C4) or flags while in contact (C1). */
export const RISK_KINDS = {
  wage_arrears: '拖欠工资',
  collective_dispute: '集体劳动争议',
  mass_departure: '集中离职',
  layoff: '规模裁员',
  closure_relocation: '停产、关闭或搬迁',
  social_insurance: '欠缴社会保险',
  work_injury: '工伤事故',
  working_hours: '超时加班',
  other: '其他',
} as const;
export type RiskKind = keyof typeof RISK_KINDS;

/** `major` is the seed's 重大劳动关系矛盾纠纷, reported at once and escalated to the county group. */
export const RISK_SEVERITIES = {
  general: '一般',
  serious: '较大',
  major: '重大劳动关系矛盾纠纷',
} as const;
export type RiskSeverity = keyof typeof RISK_SEVERITIES;

export const RISK_LEVELS = { none: '未发现风险', low: '低', medium: '中', high: '高' } as const;
export type RiskLevel = keyof typeof RISK_LEVELS;

/** What a supervisor is shown plainly next to a log. */
export const LOG_FLAGS = {
  mock_location: '疑似虚拟定位',
  far_from_enterprise: '签到位置距企业较远',
  probable_duplicate: '疑似重复记录',
  /** The author redid the check-in when correcting the visit; the first one stays in its history. */
  checkin_redone: '修改时已重新打卡',
} as const;
export type LogFlag = keyof typeof LOG_FLAGS;

export const COORDINATE_SYSTEMS = ['gcj02', 'wgs84', 'bd09'] as const;

export const LOG_EVENT_ACTIONS = {
  created: '提交',
  revised: '修改后重新提交',
  approved: '审核通过',
  rejected: '退回',
  reopened: '重新打开',
  withdrawn: '撤回',
  closed: '办结',
} as const;
export type LogEventAction = keyof typeof LOG_EVENT_ACTIONS;

export const logStatusSchema = z.enum(keysOf(LOG_STATUSES));
export const contactChannelSchema = z.enum(keysOf(CONTACT_CHANNELS), { message: '请选择联络方式' });
export const guidanceMethodSchema = z.enum(keysOf(GUIDANCE_METHODS), { message: '请选择指导方式' });
export const riskKindSchema = z.enum(keysOf(RISK_KINDS), { message: '请选择风险类型' });
export const riskSeveritySchema = z.enum(keysOf(RISK_SEVERITIES), { message: '请选择严重程度' });
export const riskLevelSchema = z.enum(keysOf(RISK_LEVELS), { message: '请选择风险等级' });
export const logFlagSchema = z.enum(keysOf(LOG_FLAGS));
export const guidanceTopicSchema = z.enum(GUIDANCE_TOPIC_KEYS, { message: '指导内容不正确' });

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

const dutiesSchema = z
  .array(dutyKeySchema)
  .min(1, '请至少选择一项工作内容')
  .max(DUTY_KEYS.length)
  .refine(unique, '工作内容不能重复');

const photoIdsSchema = z
  .array(uuidSchema)
  .max(MAX_VISIT_PHOTOS, `最多上传 ${MAX_VISIT_PHOTOS} 张照片`)
  .refine(unique, '照片不能重复')
  .default([]);

const text = (max: number) => z.string().trim().max(max, `内容不能超过 ${max} 字`);

/** Every log is created with an id made on the phone, so a retry never writes twice. */
const logBase = {
  clientId: uuidSchema.describe('UUID made on the phone; the same id sent again returns the stored log'),
  enterpriseId: uuidSchema,
  occurredAt: isoInstantSchema.describe('when it happened; decides the period (Asia/Shanghai)'),
};

export const contactCreateBodySchema = z.strictObject({
  ...logBase,
  channel: contactChannelSchema,
  duties: dutiesSchema,
  notes: text(2000).default(''),
  /** The enterprise coordinator contacted; omitted or null: the enterprise's contact person. */
  contactedUserId: uuidSchema.nullable().optional(),
  riskFlags: z.array(riskKindSchema).max(9).refine(unique, '风险类型不能重复').default([]),
});
export type ContactCreate = z.infer<typeof contactCreateBodySchema>;

export const checkInSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** Metres, as reported by the phone. */
  accuracy: z.number().min(0).max(100_000),
  address: text(300).nullable().optional(),
  isFromMock: z.boolean(),
  coordinateSystem: z.enum(COORDINATE_SYSTEMS).default('gcj02'),
});
export type CheckIn = z.infer<typeof checkInSchema>;

/** What a visit says, as first submitted and as corrected. */
const visitContent = {
  photos: photoIdsSchema,
  duties: dutiesSchema,
  findings: text(4000).min(1, '请填写走访情况'),
  riskLevel: riskLevelSchema.default('none'),
};

export const visitCreateBodySchema = z.strictObject({
  ...logBase,
  checkIn: checkInSchema,
  ...visitContent,
});
export type VisitCreate = z.infer<typeof visitCreateBodySchema>;

/**
 * A correction by the author of a submitted or rejected visit. The time stays as recorded; so does
 * the check-in unless a new one is sent (重新打卡, when the rejection concerned the location): the
 * earlier one stays in the revision history.
 */
export const visitReviseBodySchema = z.strictObject({
  revision: z.number().int().min(1).describe('the revision being corrected'),
  checkIn: checkInSchema
    .optional()
    .describe('a new check-in (重新打卡); omitted: the recorded check-in stays'),
  ...visitContent,
});
export type VisitRevise = z.infer<typeof visitReviseBodySchema>;

export const guidanceCreateBodySchema = z.strictObject({
  ...logBase,
  method: guidanceMethodSchema,
  /** The C3 topics of seed §二(三) 岗位责任制 the guidance covered. */
  topics: z
    .array(guidanceTopicSchema)
    .min(1, '请至少选择一项指导内容')
    .max(GUIDANCE_TOPIC_KEYS.length)
    .refine(unique, '指导内容不能重复'),
  notes: text(2000).default(''),
  /** The enterprise coordinators met: C3 is guidance *of enterprise coordinators*, so at least one. */
  coordinatorUserIds: z
    .array(uuidSchema)
    .min(1, '请至少选择一名该企业的劳动关系协调员')
    .max(10)
    .refine(unique, '人员不能重复'),
});
export type GuidanceCreate = z.infer<typeof guidanceCreateBodySchema>;

export const riskReportCreateBodySchema = z.strictObject({
  ...logBase,
  riskKind: riskKindSchema,
  severity: riskSeveritySchema,
  peopleAffected: z.number().int().min(0).max(1_000_000),
  /** 万元, e.g. the wages owed. */
  amountInvolved: z.number().min(0).max(1e9).nullable().optional(),
  description: text(4000).min(1, '请填写情况说明'),
});
export type RiskReportCreate = z.infer<typeof riskReportCreateBodySchema>;

export const riskReportCloseBodySchema = z.strictObject({
  outcome: text(2000).min(2, '请填写处理结果'),
});

export const approveBodySchema = z
  .strictObject({
    /** The revision the supervisor looked at; a newer one is a 409. */
    revision: z.number().int().min(1).optional(),
  })
  .nullish();

export const reasonBodySchema = z.strictObject({
  reason: text(500).min(2, '请填写原因'),
});

export const bulkApproveBodySchema = z.strictObject({
  ids: z
    .array(uuidSchema)
    .min(1, '请选择要审核的记录')
    .max(100, '一次最多审核 100 条')
    .refine(unique, '记录不能重复'),
});
export const bulkApproveResponseSchema = z.object({ approved: z.array(uuidSchema) });

const personSchema = z.object({ userId: uuidSchema, name: z.string() });

export const photoSchema = z.object({ id: uuidSchema, url: z.string() });

export const logSchema = z.object({
  id: uuidSchema,
  clientId: uuidSchema,
  kind: logKindSchema,
  kindLabel: z.string(),
  status: logStatusSchema,
  statusLabel: z.string(),
  revision: z.number().int(),
  enterprise: z.object({
    id: uuidSchema,
    name: z.string(),
    jurisdictionCode: z.string(),
    jurisdictionName: z.string(),
  }),
  author: personSchema,
  occurredAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The §二(二) duties a contact or visit covered (empty for guidance: see `guidance.topics`). */
  duties: z.array(dutyKeySchema),
  /** Contact notes, visit findings, guidance notes or the risk description. */
  notes: z.string(),
  flags: z.array(logFlagSchema),
  /** The log by the same person, enterprise and minute this one probably repeats. */
  duplicateOfId: uuidSchema.nullable(),
  contact: z
    .object({
      channel: contactChannelSchema,
      contacted: personSchema.nullable().describe('null: the enterprise contact person'),
      riskFlags: z.array(riskKindSchema),
    })
    .nullable(),
  visit: z
    .object({
      /** Shown to the author and supervisors only. */
      checkIn: z
        .object({
          latitude: z.number(),
          longitude: z.number(),
          accuracy: z.number(),
          address: z.string().nullable(),
          isFromMock: z.boolean(),
          coordinateSystem: z.enum(COORDINATE_SYSTEMS),
        })
        .nullable(),
      /** Metres from the enterprise's registered location; null when it has none. */
      distanceMeters: z.number().nullable(),
      photos: z.array(photoSchema),
      riskLevel: riskLevelSchema,
      decision: z.object({ by: personSchema, at: z.string(), reason: z.string().nullable() }).nullable(),
    })
    .nullable(),
  guidance: z
    .object({
      method: guidanceMethodSchema,
      topics: z.array(guidanceTopicSchema),
      coordinators: z.array(personSchema),
    })
    .nullable(),
  riskReport: z
    .object({
      riskKind: riskKindSchema,
      severity: riskSeveritySchema,
      peopleAffected: z.number().int(),
      amountInvolved: z.number().nullable(),
      outcome: z.string().nullable(),
      closedAt: z.string().nullable(),
      closedBy: personSchema.nullable(),
    })
    .nullable(),
});
export type Log = z.infer<typeof logSchema>;

export const logEventSchema = z.object({
  action: z.enum(keysOf(LOG_EVENT_ACTIONS)),
  actionLabel: z.string(),
  revision: z.number().int(),
  actor: personSchema,
  reason: z.string().nullable(),
  at: z.string(),
  /**
   * A visit's 提交/修改 entry: the check-in that revision stood on, its own (the first, or a
   * 重新打卡: `redone`) or carried over; null: none (未打卡), or not the reader's to see.
   */
  checkIn: z
    .object({
      at: z.string().describe('when it was taken: the visit time, or when the 重新打卡 arrived'),
      /** Metres from the enterprise's registered location; null when unknown or not shown. */
      distanceMeters: z.number().nullable(),
      redone: z.boolean(),
    })
    .nullable(),
});
export type LogEvent = z.infer<typeof logEventSchema>;

/** One log with its history: every revision, decision and reopening. */
export const logDetailSchema = logSchema.extend({ history: z.array(logEventSchema) });
export type LogDetail = z.infer<typeof logDetailSchema>;

export const logListQuerySchema = pageQuerySchema.extend({
  enterpriseId: uuidSchema.optional(),
  kind: logKindSchema.optional(),
  period: periodKeySchema.optional(),
  status: logStatusSchema.optional(),
  /**
   * Supervisors see their scope's logs, enterprise coordinators also the logs about their
   * enterprises; `mine=true` narrows to one's own.
   */
  mine: z.stringbool().optional(),
});
export const logPageSchema = pageOf(logSchema);

export const approvalListQuerySchema = pageQuerySchema.extend({
  flagged: z.stringbool().optional().describe('only visits with a mock-location, far or duplicate flag'),
});

/** The 待审批 queue: one page, and how many visits wait in all (for the badge). */
export const approvalPageSchema = logPageSchema.extend({ total: z.number().int() });
export type ApprovalPage = z.infer<typeof approvalPageSchema>;

export const uploadQuerySchema = z.strictObject({
  clientId: uuidSchema
    .optional()
    .describe('made on the phone for this photo: a retry with it returns the first upload (200)'),
});

/** A photo DingTalk already hosts (dd.biz.util.uploadImage), fetched by the server. */
export const uploadFromUrlBodySchema = z.strictObject({
  clientId: uuidSchema,
  url: z.url({ message: '图片地址格式不正确' }).max(2048, '图片地址过长'),
});

export const uploadSchema = z.object({
  id: uuidSchema,
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
  url: z.string(),
});
export type Upload = z.infer<typeof uploadSchema>;

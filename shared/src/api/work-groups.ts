import { z } from 'zod';
import { divisionCodeSchema, jurisdictionLevelSchema, uuidSchema } from './common';

/**
 * Layered work groups (seed §二(三) 工作联络机制: 分层级组建工作群): DingTalk groups of each level, reached
 * through the group's custom robot. The robot's access token and 加签 secret are write-only: sent in
 * a create or update, stored encrypted, never returned.
 */
export const WORK_GROUP_STATUSES = {
  unknown: '未验证',
  ok: '正常',
  throttled: '发送受限(稍后自动恢复)',
  misconfigured: '配置异常(已暂停发送)',
} as const;
export type WorkGroupStatus = keyof typeof WORK_GROUP_STATUSES;
export const workGroupStatusSchema = z.enum(['unknown', 'ok', 'throttled', 'misconfigured']);

/**
 * How messages reach the group: its custom robot's webhook (docs/dingtalk.md §1), or the app's own robot
 * added to the group (§2, `orgGroupSend`), addressed by the group's openConversationId.
 */
export const WORK_GROUP_DELIVERIES = {
  webhook: '自定义机器人 Webhook',
  app_robot: '企业内部应用机器人',
} as const;
export const workGroupDeliverySchema = z.enum(['webhook', 'app_robot']);
export type WorkGroupDelivery = z.infer<typeof workGroupDeliverySchema>;

export const workGroupSchema = z.object({
  id: uuidSchema,
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  jurisdictionLevel: jurisdictionLevelSchema,
  name: z.string(),
  delivery: workGroupDeliverySchema,
  /** The group's id for the app robot (not a secret); null for webhook groups. */
  openConversationId: z.string().nullable(),
  /** The robot's security keyword; every message title carries it. */
  keyword: z.string().nullable(),
  /** Whether the robot signs with a 加签 secret (the secret itself is never returned). */
  hasSecret: z.boolean(),
  active: z.boolean(),
  status: workGroupStatusSchema,
  statusLabel: z.string(),
  lastDeliveryAt: z.string().nullable(),
  /** DingTalk's errcode of the last send (0 = delivered). */
  lastErrcode: z.number().int().nullable(),
  lastErrmsg: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkGroup = z.infer<typeof workGroupSchema>;

export const workGroupListQuerySchema = z.strictObject({
  jurisdiction: divisionCodeSchema
    .optional()
    .describe('groups of this jurisdiction and below; omitted: all groups I supervise'),
  includeInactive: z.stringbool().optional().describe('also deactivated groups'),
});
export type WorkGroupListQuery = z.infer<typeof workGroupListQuerySchema>;
export const workGroupListSchema = z.object({ items: z.array(workGroupSchema) });

const nameSchema = z.string().trim().min(1, '请填写工作群名称').max(100, '工作群名称不能超过 100 个字');
/** The webhook URL as DingTalk shows it (…/robot/send?access_token=…) or just its access_token. */
const accessTokenSchema = z
  .string()
  .trim()
  .min(16, '请粘贴机器人的 Webhook 地址或 access_token')
  .max(1000, 'Webhook 地址过长');
const secretSchema = z
  .string()
  .trim()
  .regex(/^SEC[0-9A-Za-z]{8,200}$/, '加签密钥应为钉钉给出的以 SEC 开头的字符串');
const keywordSchema = z.string().trim().min(1).max(20, '关键词不能超过 20 个字');
const openConversationIdSchema = z
  .string()
  .trim()
  .regex(/^cid[0-9A-Za-z+/=_-]{6,200}$/, '群的 openConversationId 应为钉钉给出的以 cid 开头的字符串');

export const workGroupCreateBodySchema = z
  .strictObject({
    jurisdictionCode: divisionCodeSchema,
    name: nameSchema,
    /** Defaults to the group's custom robot webhook. */
    delivery: workGroupDeliverySchema.optional(),
    accessToken: accessTokenSchema.optional(),
    secret: secretSchema.optional(),
    keyword: keywordSchema.optional(),
    openConversationId: openConversationIdSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.delivery ?? 'webhook') === 'webhook' && !body.accessToken)
      ctx.addIssue({
        code: 'custom',
        path: ['accessToken'],
        message: '请粘贴机器人的 Webhook 地址或 access_token',
      });
    if (body.delivery === 'app_robot' && !body.openConversationId)
      ctx.addIssue({
        code: 'custom',
        path: ['openConversationId'],
        message: '请填写群的 openConversationId（以 cid 开头）',
      });
  });
export type WorkGroupCreate = z.infer<typeof workGroupCreateBodySchema>;

/** Fields left out keep their value; `secret: null` or `keyword: null` removes it. */
export const workGroupPatchBodySchema = z
  .strictObject({
    name: nameSchema.optional(),
    accessToken: accessTokenSchema.optional(),
    secret: secretSchema.nullable().optional(),
    keyword: keywordSchema.nullable().optional(),
    delivery: workGroupDeliverySchema.optional(),
    openConversationId: openConversationIdSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: '没有需要修改的内容' });
export type WorkGroupPatch = z.infer<typeof workGroupPatchBodySchema>;

export const workGroupTestResultSchema = z.object({
  /** DingTalk accepted the test message. */
  ok: z.boolean(),
  /** DingTalk's errcode; null when DingTalk could not be reached. */
  errcode: z.number().int().nullable(),
  errmsg: z.string(),
  /** What it means and what to do, in Chinese. */
  message: z.string(),
  group: workGroupSchema,
});
export type WorkGroupTestResult = z.infer<typeof workGroupTestResultSchema>;

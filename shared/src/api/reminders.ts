import { z } from 'zod';
import { divisionCodeSchema, pageOf, pageQuerySchema, uuidSchema } from './common';

/** What a reminder is about (seed §二(三) cadence, seed §二(三) work groups). */
export const REMINDER_RULES = {
  due: '待完成提醒',
  overdue: '逾期名单',
  summary: '履职情况汇总',
  approval_backlog: '走访待审核提醒',
  major_risk: '重大劳动关系矛盾纠纷',
  risk_overdue: '风险报告逾期上报',
  personal_overdue: '个人逾期提醒',
  group_misconfigured: '工作群配置异常',
  test: '测试消息',
} as const;
export type ReminderRule = keyof typeof REMINDER_RULES;
export const reminderRuleSchema = z.enum([
  'due',
  'overdue',
  'summary',
  'approval_backlog',
  'major_risk',
  'risk_overdue',
  'personal_overdue',
  'group_misconfigured',
  'test',
]);

/**
 * pending: waiting for its turn (pacing, a throttled robot, quiet hours or a retry);
 * sending: handed to DingTalk, result not yet recorded; sent: DingTalk accepted it;
 * failed: DingTalk refused it for good; blocked: the group's robot is misconfigured (sent once fixed);
 * cancelled: the group was deactivated.
 */
export const REMINDER_STATUSES = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  blocked: '已暂停(工作群配置异常)',
  cancelled: '已取消(工作群已停用)',
} as const;
export type ReminderStatus = keyof typeof REMINDER_STATUSES;
export const reminderStatusSchema = z.enum(['pending', 'sending', 'sent', 'failed', 'blocked', 'cancelled']);

export const REMINDER_CHANNELS = { robot: '工作群', work_notification: '工作通知' } as const;
export type ReminderChannel = keyof typeof REMINDER_CHANNELS;
export const reminderChannelSchema = z.enum(['robot', 'work_notification']);

export const reminderListQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema.optional().describe('messages for this jurisdiction and below'),
  groupId: uuidSchema.optional(),
  rule: reminderRuleSchema.optional(),
  status: reminderStatusSchema.optional(),
  channel: reminderChannelSchema.optional(),
});
export type ReminderListQuery = z.infer<typeof reminderListQuerySchema>;

export const reminderSchema = z.object({
  id: z.string(),
  channel: reminderChannelSchema,
  rule: reminderRuleSchema,
  ruleLabel: z.string(),
  /** 2026-09, 2026-Q3, or the day (2026-09-20) of a daily reminder. */
  period: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  group: z.object({ id: uuidSchema, name: z.string() }).nullable(),
  recipient: z.object({ userId: uuidSchema, name: z.string() }).nullable(),
  title: z.string(),
  /** The markdown as sent, with mobiles masked. */
  text: z.string(),
  part: z.number().int(),
  parts: z.number().int(),
  status: reminderStatusSchema,
  statusLabel: z.string(),
  /** DingTalk's errcode of the last attempt (0 = accepted). */
  errcode: z.number().int().nullable(),
  errmsg: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** Planned on an estimated work-day calendar (the year's official schedule was not known yet). */
  estimatedCalendar: z.boolean(),
});
export type Reminder = z.infer<typeof reminderSchema>;
export const reminderPageSchema = pageOf(reminderSchema);
export type ReminderPage = z.infer<typeof reminderPageSchema>;

/**
 * Province-level corrections to the official work-day calendar (the `chinese-days` package), for
 * dates it does not know yet (next year's 调休 before the package is updated) or local decisions.
 */
const dateSchema = z.iso.date({ message: '日期格式应为 2027-02-06' });
export const workdayOverrideSchema = z.strictObject({
  date: dateSchema,
  /** true: a working day (e.g. a Saturday 调休 day); false: a day off. */
  workday: z.boolean(),
  note: z.string().trim().max(100).optional(),
});
export type WorkdayOverride = z.infer<typeof workdayOverrideSchema>;

export const workdayOverridesQuerySchema = z.strictObject({
  province: divisionCodeSchema.optional().describe('defaults to the province of my first jurisdiction'),
});
export const workdayOverridesPutBodySchema = z.strictObject({
  province: divisionCodeSchema,
  overrides: z
    .array(workdayOverrideSchema)
    .max(200, '最多设置 200 个日期')
    .refine((list) => new Set(list.map((o) => o.date)).size === list.length, '同一日期只能设置一次'),
  /**
   * Years whose official State Council schedule is now entered in full above (every weekday off
   * beyond the statutory holidays and every 调休 work day): they stop counting as estimated.
   * Omitted: the confirmations stay as they are.
   */
  confirmedYears: z
    .array(z.number().int().min(2025, '年份不正确').max(2099, '年份不正确'))
    .max(10)
    .optional(),
});
export const workdayOverridesSchema = z.object({
  province: z.string(),
  provinceName: z.string(),
  overrides: z.array(workdayOverrideSchema.extend({ note: z.string().nullable() })),
  /** Years whose official schedule the calendar package has. */
  knownYears: z.array(z.number().int()),
  /** Years the province confirmed as entered in full (see the put body). */
  confirmedYears: z.array(z.number().int()),
  /**
   * Years whose official schedule is missing today (this year, and from 1 November the next one):
   * reminders for them are planned on the statutory holidays alone, without the 调休 swaps.
   */
  missingYears: z.array(z.number().int()),
  /** The statutory days off the estimate uses for the missing years. */
  estimatedHolidays: z.array(z.object({ date: z.string(), name: z.string() })),
  editable: z.boolean(),
});
export type WorkdayOverrides = z.infer<typeof workdayOverridesSchema>;

/** What DingTalk's errcode means (docs/dingtalk.md §1), in a few Chinese words for 提醒记录 and 工作群. */
export function errcodeMeaning(errcode: number | null, errmsg?: string | null): string {
  if (errcode === null) return errmsg ? `钉钉未接收（${errmsg}）` : '未能连接钉钉';
  if (errcode === 0) return '钉钉已接收';
  if (errcode === 310000) return '安全校验未通过(加签密钥、关键词或 IP 白名单不符)';
  if (errcode === 130101 || errcode === 410100) return '发送过快被钉钉限流，稍后自动补发';
  if (errcode === 460101) return '消息超过 20,000 字节';
  if (errcode === 400101 || errcode === 300001 || errcode === 300005)
    return '找不到该群机器人(机器人地址不正确)';
  if (errcode === 400102) return '机器人已停用';
  if (errcode === 400106) return '机器人不存在';
  if (errcode === 400013) return '群已解散';
  if (errcode >= 430101 && errcode <= 430104) return '内容被钉钉判定为不安全';
  if (errcode === -1) return '钉钉系统繁忙，稍后重试';
  return errmsg ? `钉钉未发送（${errmsg}）` : '钉钉未发送';
}

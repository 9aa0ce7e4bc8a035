import { z } from 'zod';
import { RULE_NAMES } from '../domain/glossary';
import { APPROVER_LEVELS } from '../domain/roles';
import { divisionCodeSchema, jurisdictionLevelSchema } from './common';
import { evaluationWeightsSchema } from './evaluations';

/**
 * County policy settings (docs/domain.md: "make the number a policy setting, not a constant"). A row may
 * be stored for the province, a city or a county; each key is inherited down the tree and the
 * nearest row that sets it wins, over the province defaults below.
 */

/** Which enterprises a duty rule covers: all, those at or above a size, or the key enterprises (重点企业). */
export const dutyScopeSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all') }),
  z.strictObject({
    mode: z.literal('min_size'),
    minSize: z.enum(['small', 'medium', 'large'], { message: '请选择企业规模下限' }),
  }),
  z.strictObject({ mode: z.literal('key') }),
]);
export type DutyScope = z.infer<typeof dutyScopeSchema>;

/** A time of day written as a number HHMM (830 = 08:30, 2000 = 20:00), so it edits as a plain number. */
const timeOfDaySchema = (what: string) =>
  z
    .number()
    .int()
    .min(0, `${what}应在 0(0:00) 与 2400(24:00) 之间`)
    .max(2400, `${what}应在 0(0:00) 与 2400(24:00) 之间`)
    .refine((v) => v % 100 < 60, `${what}的分钟应小于 60(如 830 即 8:30)`);

/** HHMM (830) → 'HH:MM' ('08:30'). */
export function formatTimeOfDay(hhmm: number): string {
  return `${String(Math.floor(hhmm / 100)).padStart(2, '0')}:${String(hhmm % 100).padStart(2, '0')}`;
}

const riskDeadlineHours = z
  .number()
  .int('办结期限应为整数小时')
  .min(1, '办结期限至少 1 小时')
  .max(2160, '办结期限不能超过 2160 小时(90 天)');

export const policySettingsSchema = z.strictObject({
  /** C1 monthly contact: which enterprises. */
  c1Scope: dutyScopeSchema,
  /** C2 quarterly site visit: which enterprises. */
  c2Scope: dutyScopeSchema,
  /** C3 yearly guidance: which enterprises. */
  c3Scope: dutyScopeSchema,
  /** How many days back a log may be entered (补录期限). */
  backfillDays: z.number().int().min(0, '补录天数不能为负').max(366, '补录天数不能超过 366 天'),
  /** Supervisors at this level approve visit logs. */
  approverLevel: z.enum(APPROVER_LEVELS),
  /** Townships/parks with at least this many enterprises need ≥ 4 coordinators, otherwise ≥ 2 (seed §二(一)). */
  manyEnterprisesThreshold: z.number().int().min(1).max(100_000),
  /** A check-in farther than this from the enterprise's registered location is flagged. */
  farCheckInMeters: z.number().int().min(50).max(50_000),
  /** Photos a site visit must carry. */
  minVisitPhotos: z.number().int().min(0).max(9),
  /** Days check-in coordinates are kept (个人信息保护法: movement tracks are sensitive). */
  checkInRetentionDays: z.number().int().min(30).max(3650),
  // Reminders to the work groups (seed §二(三) 工作联络机制).
  /** Township/park groups hear what is still due from the first work day on or after this day of the month. */
  reminderDayOfMonth: z
    .number()
    .int()
    .min(1, '提醒日应在 1 到 28 日之间')
    .max(28, '提醒日应在 1 到 28 日之间'),
  /** …and on each of the month's last this many work days. */
  reminderLastWorkdays: z.number().int().min(0).max(10, '月末提醒最多 10 个工作日'),
  /** The approver level's group hears of visits awaiting approval for more than this many days. */
  approvalReminderDays: z.number().int().min(1).max(60),
  /** A reminder lists at most this many enterprises per rule; the rest are behind its link. */
  reminderListLimit: z.number().int().min(5).max(2000),
  /** Routine reminders go out on work days from this time of day (HHMM)… */
  reminderWindowStart: timeOfDaySchema('提醒时段开始时间'),
  /** …until this time of day (HHMM); major dispute reports go out at any hour. */
  reminderWindowEnd: timeOfDaySchema('提醒时段结束时间'),
  /** Weights (percent, adding up to 100) of the yearly evaluation of grassroots coordinators (C5). */
  evaluationWeights: evaluationWeightsSchema,
  // The scheduled backup (on when the server has BACKUP_DIR): the shallowest level that sets a key wins.
  /** The hour of the day (China time) the daily backup runs. */
  backupHour: z.number().int().min(0, '备份时间应在 0 到 23 点之间').max(23, '备份时间应在 0 到 23 点之间'),
  /** How many daily backups are kept; older archives are deleted. */
  backupKeep: z.number().int().min(1, '至少保留 1 份备份').max(365, '最多保留 365 份备份'),
  // Risk reports handled as cases (风险与纠纷): hours the handling level has to close one of each
  // severity before it moves to the next level up and that level's work group is told.
  riskDeadlineHoursGeneral: riskDeadlineHours,
  riskDeadlineHoursSerious: riskDeadlineHours,
  riskDeadlineHoursMajor: riskDeadlineHours,
});
export type PolicySettings = z.infer<typeof policySettingsSchema>;
export type PolicySettingKey = keyof PolicySettings;

/** The province defaults every jurisdiction inherits unless a row on its path overrides a key. */
export const PROVINCE_DEFAULT_SETTINGS: PolicySettings = {
  c1Scope: { mode: 'all' },
  c2Scope: { mode: 'all' },
  c3Scope: { mode: 'all' },
  backfillDays: 45,
  approverLevel: 'county',
  manyEnterprisesThreshold: 50,
  farCheckInMeters: 500,
  minVisitPhotos: 1,
  checkInRetentionDays: 365,
  reminderDayOfMonth: 20,
  reminderLastWorkdays: 3,
  approvalReminderDays: 3,
  reminderListLimit: 50,
  reminderWindowStart: 830,
  reminderWindowEnd: 2000,
  evaluationWeights: { coverage: 40, frequency: 20, quality: 25, difficulty: 15 },
  backupHour: 2,
  backupKeep: 7,
  riskDeadlineHoursGeneral: 168,
  riskDeadlineHoursSerious: 72,
  riskDeadlineHoursMajor: 24,
};

export const SETTING_LABELS: Record<PolicySettingKey, string> = {
  c1Scope: `${RULE_NAMES.C1}覆盖企业范围`,
  c2Scope: `${RULE_NAMES.C2}覆盖企业范围`,
  c3Scope: `${RULE_NAMES.C3}覆盖企业范围`,
  backfillDays: '补录期限(天)',
  approverLevel: '走访记录审核层级',
  manyEnterprisesThreshold: '"企业数较多"的企业数标准',
  farCheckInMeters: '签到距离提醒阈值(米)',
  minVisitPhotos: '走访最少照片数',
  checkInRetentionDays: '签到位置保存期限(天)',
  reminderDayOfMonth: '月度待办提醒日(每月几日起)',
  reminderLastWorkdays: '月末提醒(最后几个工作日)',
  approvalReminderDays: '走访待审核超过几天提醒',
  reminderListLimit: '每条提醒最多列出的企业数',
  reminderWindowStart: '提醒时段开始(如 830 即 8:30)',
  reminderWindowEnd: '提醒时段结束(如 2000 即 20:00)',
  evaluationWeights: '基层协调员年度评价权重(覆盖面/频次/质量/难度)',
  backupHour: '每日自动备份时间(几点)',
  backupKeep: '自动备份保留份数',
  riskDeadlineHoursGeneral: '一般风险办结期限(小时)',
  riskDeadlineHoursSerious: '较大风险办结期限(小时)',
  riskDeadlineHoursMajor: '重大劳动关系矛盾纠纷办结期限(小时)',
};

/** The overrides stored at one level: any subset of the keys. */
export const settingsOverridesSchema = policySettingsSchema.partial();
export type SettingsOverrides = z.infer<typeof settingsOverridesSchema>;

export const settingsParamsSchema = z.object({ jurisdictionCode: divisionCodeSchema });

/** PUT replaces the overrides of that level; a key left out is inherited from above. */
export const settingsPutBodySchema = settingsOverridesSchema;

export const settingsResponseSchema = z.object({
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  jurisdictionLevel: jurisdictionLevelSchema,
  /** What this level itself sets. */
  overrides: settingsOverridesSchema,
  /** What applies here after inheritance. */
  effective: policySettingsSchema,
  /** For each key, the jurisdiction whose row set it; null for the province default. */
  sources: z.record(z.string(), z.string().nullable()),
  /** Whether the caller may change this level's settings. */
  editable: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

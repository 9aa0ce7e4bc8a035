import { z } from 'zod';
import { COORDINATOR_KIND_KEYS, SKILL_LEVEL_KEYS } from '../domain/roles';
import { divisionCodeSchema, pageOf, pageQuerySchema, uuidSchema } from './common';

/**
 * The coordinator database's records of development (seed §二(三) 职业培训机制、技能比武和评价机制,
 * §二(四)4 金牌劳动关系协调员, §三(二) 技能等级培训、职业技能竞赛): training sessions with their
 * attendance, competition results and honours, recorded by the supervisors of a level.
 */

export const dateSchema = z.iso.date({ message: '日期格式应为 2026-11-16' });

export const trainingSessionCreateBodySchema = z.strictObject({
  jurisdictionCode: divisionCodeSchema.describe('the organising level; I must manage it'),
  heldOn: dateSchema,
  topic: z.string().trim().min(2, '请填写培训主题').max(200, '培训主题不能超过 200 字'),
  hours: z
    .number({ message: '请填写培训学时' })
    .positive('培训学时应大于 0')
    .max(200, '培训学时不能超过 200')
    .refine((h) => Math.round(h * 10) === h * 10, '培训学时最多保留一位小数'),
  trainer: z.string().trim().min(2, '请填写授课人').max(100, '授课人不能超过 100 字'),
  /** People who attended: each must hold a post under the organising level. */
  attendeeUserIds: z.array(uuidSchema).max(2000, '一次最多登记 2000 名参训人员').default([]),
});
export type TrainingSessionCreate = z.infer<typeof trainingSessionCreateBodySchema>;

const hoursSchema = z
  .number({ message: '请填写培训学时' })
  .positive('培训学时应大于 0')
  .max(200, '培训学时不能超过 200')
  .refine((h) => Math.round(h * 10) === h * 10, '培训学时最多保留一位小数');

/**
 * Adding people to a recorded session: idempotent per person (one attendance row each; adding
 * someone again sets their hours). `hours` is what each attended, at most the session's; none: all of it.
 */
export const trainingAttendanceBodySchema = z.strictObject({
  userIds: z.array(uuidSchema).min(1, '请选择参训人员').max(2000, '一次最多登记 2000 名参训人员'),
  hours: hoursSchema.optional(),
});
export type TrainingAttendanceAdd = z.infer<typeof trainingAttendanceBodySchema>;

/** One attendee of a session (mobile masked). */
export const trainingAttendeeSchema = z.object({
  userId: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  hours: z.number(),
});
export type TrainingAttendee = z.infer<typeof trainingAttendeeSchema>;

export const trainingSessionSchema = z.object({
  id: uuidSchema,
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  heldOn: z.string(),
  topic: z.string(),
  hours: z.number(),
  trainer: z.string(),
  attendees: z.number().int(),
  createdAt: z.string(),
});
export type TrainingSession = z.infer<typeof trainingSessionSchema>;

/** A session with who attended and the hours each attended. */
export const trainingAttendeesSchema = z.object({
  session: trainingSessionSchema,
  items: z.array(trainingAttendeeSchema),
});

/**
 * 签到表导入: an .xlsx or .csv with 姓名 / 手机号 / 学时, matched to the people holding posts under
 * the session's organising level. `confirm=false` (default) previews; `confirm=true` writes every
 * row or none — refused while any row is unmatched, ambiguous or wrong.
 */
export const SIGN_IN_SHEET_MAX_BYTES = 2 * 1024 * 1024;
export const SIGN_IN_SHEET_MAX_ROWS = 2000;
export const signInSheetQuerySchema = z.strictObject({
  confirm: z
    .enum(['true', 'false'], { message: 'confirm 应为 true 或 false' })
    .default('false')
    .transform((v) => v === 'true'),
});
export const signInSheetRowSchema = z.object({
  rowNo: z.number().int(),
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  hours: z.number().nullable(),
  userId: uuidSchema.nullable(),
  /** Already recorded as attending this session (the import updates the hours). */
  already: z.boolean(),
  /** Why the row cannot be written (Chinese); null when matched. */
  problem: z.string().nullable(),
});
export const signInSheetResultSchema = z.object({
  session: trainingSessionSchema,
  written: z.boolean(),
  matched: z.number().int(),
  problems: z.number().int(),
  rows: z.array(signInSheetRowSchema),
});
export type SignInSheetResult = z.infer<typeof signInSheetResultSchema>;
export type SignInSheetRow = z.infer<typeof signInSheetRowSchema>;

export const trainingSessionListQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema.optional().describe('sessions organised under it; default my scope'),
  year: z.coerce.number().int().min(2000, '年份不正确').max(2100, '年份不正确').optional(),
});
export const trainingSessionPageSchema = pageOf(trainingSessionSchema);

export const AWARD_KINDS = { competition: '技能竞赛', honour: '荣誉称号' } as const;
export type AwardKind = keyof typeof AWARD_KINDS;
export const AWARD_KIND_KEYS = Object.keys(AWARD_KINDS) as [AwardKind, ...AwardKind[]];

/**
 * The honours of seed §二(四)4, defined (not free text): 金牌劳动关系协调员 (培育选树), and the titles
 * the guidance names for recommending outstanding coordinators. An honour carries its year and level.
 */
export const HONOURS = {
  gold_coordinator: '金牌劳动关系协调员',
  harmony_advanced: '和谐劳动关系创建工作先进个人',
  skill_expert: '技术能手',
  may_day_medal: '五一劳动奖章',
} as const;
export type Honour = keyof typeof HONOURS;
export const HONOUR_KEYS = Object.keys(HONOURS) as [Honour, ...Honour[]];
/** Titles the forms suggest (seed §二(四)4). */
export const HONOUR_TITLES = Object.values(HONOURS);

/** The level that awarded an honour or organised a competition. */
export const AWARD_LEVELS = { national: '国家级', province: '省级', city: '市级', county: '县级' } as const;
export type AwardLevel = keyof typeof AWARD_LEVELS;
export const AWARD_LEVEL_KEYS = Object.keys(AWARD_LEVELS) as [AwardLevel, ...AwardLevel[]];

export const awardCreateBodySchema = z
  .strictObject({
    userId: uuidSchema,
    kind: z.enum(AWARD_KIND_KEYS, { message: '请选择类别' }),
    /** A competition's name; for an honour, its title if `honour` is not given. */
    title: z.string().trim().min(2, '请填写竞赛名称或荣誉称号').max(200, '名称不能超过 200 字').optional(),
    /** The honour, one of HONOURS (required for an honour unless `title` is one of their names). */
    honour: z.enum(HONOUR_KEYS, { message: '请从荣誉称号中选择' }).optional(),
    /** Default: the recording jurisdiction's level. */
    level: z.enum(AWARD_LEVEL_KEYS, { message: '请选择级别' }).optional(),
    /** The year an honour is for; default the year of `awardedOn`. */
    year: z.number().int('年度应为整数').min(2023, '年度不能早于 2023 年').max(2100, '年度不正确').optional(),
    result: z.string().trim().min(1).max(50, '竞赛成绩不能超过 50 字').nullable().optional(),
    awardedOn: dateSchema,
    issuer: z.string().trim().min(2, '请填写授予单位').max(100, '授予单位不能超过 100 字'),
    jurisdictionCode: divisionCodeSchema.describe('the recording level; I must manage it'),
  })
  .refine((b) => b.kind !== 'competition' || !!b.result, {
    message: '请填写竞赛成绩(如 一等奖)',
    path: ['result'],
  })
  .refine((b) => b.kind !== 'competition' || !!b.title, {
    message: '请填写竞赛名称',
    path: ['title'],
  })
  .refine(
    (b) => b.kind !== 'honour' || !!b.honour || (HONOUR_TITLES as readonly string[]).includes(b.title ?? ''),
    { message: '请从荣誉称号中选择(如 金牌劳动关系协调员)', path: ['honour'] },
  );
export type AwardCreate = z.infer<typeof awardCreateBodySchema>;

export const awardSchema = z.object({
  id: uuidSchema,
  userId: uuidSchema,
  userName: z.string(),
  kind: z.enum(AWARD_KIND_KEYS),
  kindLabel: z.string(),
  title: z.string(),
  result: z.string().nullable(),
  honour: z.enum(HONOUR_KEYS).nullable(),
  level: z.enum(AWARD_LEVEL_KEYS).nullable(),
  levelLabel: z.string().nullable(),
  /** The year an honour is for. */
  year: z.number().int().nullable(),
  awardedOn: z.string(),
  issuer: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
});
export type Award = z.infer<typeof awardSchema>;

export const awardListQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema.optional(),
  kind: z.enum(AWARD_KIND_KEYS).optional(),
  year: z.coerce.number().int().min(2000, '年份不正确').max(2100, '年份不正确').optional(),
});
export const awardPageSchema = pageOf(awardSchema);

/** A coordinator's page in the database (信息库): posts with skill level and certificate, training, awards. */
export const coordinatorProfileSchema = z.object({
  userId: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  posts: z.array(
    z.object({
      roleId: uuidSchema,
      kind: z.enum(COORDINATOR_KIND_KEYS),
      kindLabel: z.string(),
      jurisdictionCode: z.string(),
      jurisdictionName: z.string(),
      enterpriseName: z.string().nullable(),
      organisation: z.string().nullable(),
      skillLevel: z.enum(SKILL_LEVEL_KEYS).nullable(),
      skillLabel: z.string().nullable(),
      certificateNo: z.string().nullable(),
      certificateDate: z.string().nullable(),
      validFrom: z.string(),
      validTo: z.string().nullable(),
    }),
  ),
  training: z.object({
    /** Hours attended in the current year and in total. */
    hoursThisYear: z.number(),
    hoursTotal: z.number(),
    sessions: z.array(
      z.object({
        id: uuidSchema,
        heldOn: z.string(),
        topic: z.string(),
        hours: z.number(),
        trainer: z.string(),
        organiser: z.string(),
      }),
    ),
  }),
  awards: z.array(awardSchema),
});
export type CoordinatorProfile = z.infer<typeof coordinatorProfileSchema>;

export const userIdParamsSchema = z.object({ userId: uuidSchema });

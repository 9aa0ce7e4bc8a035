import { z } from 'zod';
import { divisionCodeSchema, pageOf, pageQuerySchema, uuidSchema } from './common';
import { dateSchema } from './development';

/**
 * The two incentive lists of seed §二(四) 加强劳动关系协调员工作保障和激励, kept per person:
 *
 * - 技能提升补贴 (§二(四)2): "符合条件的企业职工，取得劳动关系协调师职业技能等级四级、三级证书后，
 *   可按规定申领技能提升补贴" — one entry per person and certificate level (四级, 三级).
 * - 金牌劳动关系协调员 (§二(四)4): "组织开展金牌劳动关系协调员培育选树活动，对认定的金牌劳动关系协调员…"
 *   — one entry per recorded 金牌 honour.
 *
 * Each entry moves 待申领 → 已申领 → 已发放, forward only, one step at a time, by the manager
 * supervisors of the level that manages it; the day and who moved it are kept.
 */
export const INCENTIVE_KINDS = {
  subsidy: '技能提升补贴',
  gold: '金牌劳动关系协调员',
} as const;
export type IncentiveKind = keyof typeof INCENTIVE_KINDS;
export const INCENTIVE_KIND_KEYS = Object.keys(INCENTIVE_KINDS) as [IncentiveKind, ...IncentiveKind[]];

export const INCENTIVE_STATUSES = { pending: '待申领', claimed: '已申领', paid: '已发放' } as const;
export type IncentiveStatus = keyof typeof INCENTIVE_STATUSES;
export const INCENTIVE_STATUS_KEYS = Object.keys(INCENTIVE_STATUSES) as [
  IncentiveStatus,
  ...IncentiveStatus[],
];
/** The one status each status may move to. */
export const NEXT_INCENTIVE_STATUS: Record<IncentiveStatus, IncentiveStatus | null> = {
  pending: 'claimed',
  claimed: 'paid',
  paid: null,
};
/** The verb of the button that moves an entry to the status. */
export const INCENTIVE_ACTIONS = { claimed: '登记已申领', paid: '登记已发放' } as const;

export const SUBSIDY_LEVEL_KEYS = ['level4', 'level3'] as const;

export const incentiveKindParamsSchema = z.object({
  kind: z.enum(INCENTIVE_KIND_KEYS, { message: '名单类别应为 subsidy 或 gold' }),
});

export const incentiveListQuerySchema = pageQuerySchema.extend({
  jurisdiction: divisionCodeSchema.optional().describe('entries managed under it; default my scope'),
  status: z.enum(INCENTIVE_STATUS_KEYS, { message: '状态应为 待申领、已申领 或 已发放' }).optional(),
});
export type IncentiveListQuery = z.infer<typeof incentiveListQuerySchema>;

export const incentiveEntrySchema = z.object({
  kind: z.enum(INCENTIVE_KIND_KEYS),
  kindLabel: z.string(),
  userId: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  /** 补贴: the enterprise; 金牌: 2026年度 市级. */
  detail: z.string().nullable(),
  /** 补贴: the certificate's level. */
  skillLevel: z.enum(SUBSIDY_LEVEL_KEYS).nullable(),
  skillLabel: z.string().nullable(),
  certificateNo: z.string().nullable(),
  /** 金牌: the honour's record and year. */
  awardId: uuidSchema.nullable(),
  year: z.number().int().nullable(),
  status: z.enum(INCENTIVE_STATUS_KEYS),
  statusLabel: z.string(),
  claimedOn: z.string().nullable(),
  claimedBy: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidBy: z.string().nullable(),
});
export type IncentiveEntry = z.infer<typeof incentiveEntrySchema>;

export const incentivePageSchema = pageOf(incentiveEntrySchema).extend({
  /** Entries per status under the jurisdiction (all pages, ignoring the status filter). */
  counts: z.object({ pending: z.number().int(), claimed: z.number().int(), paid: z.number().int() }),
});
export type IncentivePage = z.infer<typeof incentivePageSchema>;

/** Move one entry one step forward; `on` is the day it happened (default today, never in the future). */
export const incentiveAdvanceBodySchema = z.strictObject({
  userId: uuidSchema,
  /** 补贴: which certificate level. */
  skillLevel: z.enum(SUBSIDY_LEVEL_KEYS, { message: '证书等级应为四级或三级' }).optional(),
  /** 金牌: which honour. */
  awardId: uuidSchema.optional(),
  to: z.enum(['claimed', 'paid'], { message: '状态只能改为 已申领 或 已发放' }),
  on: dateSchema.optional(),
});
export type IncentiveAdvance = z.infer<typeof incentiveAdvanceBodySchema>;

export const myIncentivesSchema = z.object({ items: z.array(incentiveEntrySchema) });

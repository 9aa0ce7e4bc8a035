import { z } from 'zod';
import { COORDINATOR_KIND_KEYS, ENTERPRISE_STATUS_KEYS, SKILL_LEVEL_KEYS } from '../domain/roles';
import { divisionCodeSchema, jurisdictionLevelSchema, pageOf, pageQuerySchema, uuidSchema } from './common';
import { dutyRuleSchema } from './duties';
import { dutyKeySchema, enterpriseSizeSchema, periodKeySchema } from './keys';

/**
 * The multi-level coordinator database (信息库, seed §二(三) 工作联络机制; docs/domain.md §5): at any
 * level, how many coordinators there are, their structure (kind, skill level), their distribution
 * (by child jurisdiction) and their work; and the skill-upgrade subsidy list (seed §二(四)2).
 */

const count = z.number().int();

export const jurisdictionRefSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
});
export type JurisdictionRef = z.infer<typeof jurisdictionRefSchema>;

const jurisdictionParam = divisionCodeSchema
  .optional()
  .describe('a jurisdiction in my scope; defaults to the first root of my scope');

export const coordinatorStatsQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  period: periodKeySchema
    .optional()
    .describe(
      '2026 (year), 2026-Q4 (quarter) or 2026-11 (month) for the work counts; defaults to this month',
    ),
});
export type CoordinatorStatsQuery = z.infer<typeof coordinatorStatsQuerySchema>;

export const SKILL_BUCKETS = [...SKILL_LEVEL_KEYS, 'none'] as const;
export type SkillBucket = (typeof SKILL_BUCKETS)[number];

const coordinatorCountsSchema = z.object({
  /** Current posts (one person may hold several, 一岗多职). */
  posts: count,
  /** Distinct people holding them. */
  people: count,
  byKind: z.record(z.enum(COORDINATOR_KIND_KEYS), count),
  /** `none`: no skill-level certificate recorded. */
  bySkill: z.record(z.enum(SKILL_BUCKETS), count),
});
export type CoordinatorCounts = z.infer<typeof coordinatorCountsSchema>;

/** Logs that happened in the period (by `occurred_at`, Asia/Shanghai). */
const workCountsSchema = z.object({
  contacts: count,
  visits: z.object({ submitted: count, approved: count, rejected: count, withdrawn: count }),
  guidance: count,
  riskReports: z.object({
    total: count,
    open: count,
    closed: count,
    /** 重大劳动关系矛盾纠纷 */
    major: count,
  }),
});
export type WorkCounts = z.infer<typeof workCountsSchema>;

/** Training attended and awards given in the period to the people holding posts (seed §二(三), §三(二)). */
const developmentCountsSchema = z.object({
  /** People who attended at least one training session. */
  trainedPeople: count,
  /** Training hours attended (session hours × attendees). */
  trainingHours: z.number(),
  /** Honours such as 金牌劳动关系协调员. */
  honours: count,
  /** Skill-competition results. */
  competitions: count,
});
export type DevelopmentCounts = z.infer<typeof developmentCountsSchema>;

const statsBlockSchema = z.object({
  coordinators: coordinatorCountsSchema,
  work: workCountsSchema,
  development: developmentCountsSchema,
});

export const coordinatorStatsRowSchema = jurisdictionRefSchema.extend({
  /** Posts and logs registered at the jurisdiction itself rather than at one of its children. */
  self: z.boolean(),
  ...statsBlockSchema.shape,
});
export type CoordinatorStatsRow = z.infer<typeof coordinatorStatsRowSchema>;

export const coordinatorStatsSchema = z.object({
  jurisdiction: jurisdictionRefSchema,
  period: z.string(),
  periodLabel: z.string(),
  /** Shanghai date the posts were counted on. */
  asOf: z.string(),
  total: statsBlockSchema,
  items: z.array(coordinatorStatsRowSchema),
});
export type CoordinatorStats = z.infer<typeof coordinatorStatsSchema>;

/** 技能提升补贴: enterprise employees holding a 四级 or 三级 certificate (seed §二(四)2). */
export const SUBSIDY_SKILL_LEVELS = ['level4', 'level3'] as const;

export const subsidyQuerySchema = pageQuerySchema.extend({ jurisdiction: jurisdictionParam });
export type SubsidyQuery = z.infer<typeof subsidyQuerySchema>;

export const subsidyCandidateSchema = z.object({
  roleId: uuidSchema,
  userId: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable().describe('masked'),
  enterpriseId: uuidSchema,
  enterpriseName: z.string(),
  uscc: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  skillLevel: z.enum(SUBSIDY_SKILL_LEVELS),
  skillLabel: z.string(),
  certificateNo: z.string().nullable(),
  certificateDate: z.string().nullable(),
});
export type SubsidyCandidate = z.infer<typeof subsidyCandidateSchema>;

export const subsidyPageSchema = pageOf(subsidyCandidateSchema).extend({
  /** Candidates under the jurisdiction, all pages. */
  total: count,
});
export type SubsidyPage = z.infer<typeof subsidyPageSchema>;

// ─── Excel ledgers (台账) ────────────────────────────────────────────────────────────────────────

/** GET /api/v1/exports/{key}.xlsx and the Chinese name of the file it downloads. */
export const LEDGERS = {
  enterprises: '企业台账',
  coordinators: '劳动关系协调员台账',
  contacts: '联络记录台账',
  visits: '实地指导服务台账',
  'risk-reports': '风险隐患报告台账',
  guidance: '企业协调员年度指导台账',
  staffing: '协调员配备达标台账',
  assessment: '年度目标考核台账',
  evaluations: '基层协调员年度评价表',
  'audit-log': '操作日志',
  training: '培训台账',
  subsidies: '技能提升补贴台账',
  'gold-coordinators': '金牌劳动关系协调员台账',
} as const;
export type LedgerKey = keyof typeof LEDGERS;
export const LEDGER_KEYS = Object.keys(LEDGERS) as [LedgerKey, ...LedgerKey[]];

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const enterpriseLedgerQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  size: enterpriseSizeSchema.optional(),
  status: z.enum(ENTERPRISE_STATUS_KEYS).optional(),
});
export const coordinatorLedgerQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  kind: z.enum(COORDINATOR_KIND_KEYS).optional(),
});
/** Contacts, visits and risk reports: the logs that happened in the period. */
export const logLedgerQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  period: periodKeySchema.optional().describe('2026, 2026-Q4 or 2026-11; defaults to this month'),
});
export const staffingLedgerQuerySchema = z.strictObject({ jurisdiction: jurisdictionParam });
/** 培训台账: the sessions held in a year (default this year) with one row per attendee. */
export const trainingLedgerQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  year: z.coerce.number().int().min(2000, '年份不正确').max(2100, '年份不正确').optional(),
});
/** 技能提升补贴 / 金牌 lists: every entry, or those in one status. */
export const incentiveLedgerQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  status: z.enum(['pending', 'claimed', 'paid'], { message: '状态应为 待申领、已申领 或 已发放' }).optional(),
});
export type TrainingLedgerQuery = z.infer<typeof trainingLedgerQuerySchema>;
export type IncentiveLedgerQuery = z.infer<typeof incentiveLedgerQuerySchema>;

export type EnterpriseLedgerQuery = z.infer<typeof enterpriseLedgerQuerySchema>;
export type CoordinatorLedgerQuery = z.infer<typeof coordinatorLedgerQuerySchema>;
export type LogLedgerQuery = z.infer<typeof logLedgerQuerySchema>;
export type StaffingLedgerQuery = z.infer<typeof staffingLedgerQuerySchema>;

/** OpenAPI description of an .xlsx body. */
export const xlsxBodySchema = z.string().meta({ format: 'binary', description: 'Excel 工作簿 (.xlsx)' });

/** A short-lived single-use download link of one ledger export (POST /exports/{key}/link). */
export const exportLinkSchema = z.object({
  /** Path under the API's origin; opens without an Authorization header, once, until `expiresAt`. */
  path: z.string(),
  expiresAt: z.string(),
});
export type ExportLink = z.infer<typeof exportLinkSchema>;
export const exportLinkParamsSchema = z.strictObject({ token: z.string().max(100) });

// ─── 看板: the seven duties, C1/C2/C3 side by side, risk and coverage heat, 12-month trend ─────────

/** A calendar month, 2026-11 (Asia/Shanghai). */
export const monthKeySchema = z.string().regex(/^[1-9]\d{3}-(?:0[1-9]|1[0-2])$/, '月份格式应为 2026-11');

export const boardQuerySchema = z.strictObject({
  jurisdiction: jurisdictionParam,
  period: monthKeySchema.optional().describe('the month shown, 2026-11; defaults to this month'),
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;

const rate = z.number().nullable().describe('done / total to four decimals, null when nothing is due');

/** One of the seven duties of seed §二(二) and the enterprises whose logs of the month named it. */
export const boardDutySchema = z.object({
  key: dutyKeySchema,
  label: z.string(),
  /** Distinct enterprises with a contact or a (not rejected, not withdrawn) visit naming the duty. */
  enterprises: count,
});

/** C1 (month), C2 (the month's quarter), C3 (the month's year): seed §二(三) 岗位责任制. */
export const boardRuleSchema = z.object({
  rule: dutyRuleSchema,
  label: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  total: count,
  done: count,
  awaiting: count,
  coverageRate: rate,
});
export type BoardRule = z.infer<typeof boardRuleSchema>;

const riskCountsSchema = z.object({
  /** Risk reports made in the month. */
  total: count,
  /** …of which still open. */
  open: count,
  /** …of which 较大 or 重大 (severity serious or major). */
  high: count,
});

/** A child jurisdiction's coverage and risk reports, for the heat grid. */
export const boardHeatRowSchema = jurisdictionRefSchema.extend({
  /** Enterprises registered at the jurisdiction itself (its 本级 row): not drillable. */
  self: z.boolean(),
  c1: z.object({ total: count, done: count, coverageRate: rate }),
  c2: z.object({ total: count, done: count, coverageRate: rate }),
  risks: riskCountsSchema,
});
export type BoardHeatRow = z.infer<typeof boardHeatRowSchema>;

export const boardTrendPointSchema = z.object({
  period: z.string(),
  periodLabel: z.string(),
  /** C1 of the month. */
  c1Rate: rate,
  /** C2 of the quarter the month belongs to, as marked so far. */
  c2Rate: rate,
  risks: z.object({ total: count, high: count }),
});
export type BoardTrendPoint = z.infer<typeof boardTrendPointSchema>;

export const boardSchema = z.object({
  jurisdiction: jurisdictionRefSchema,
  period: z.string(),
  periodLabel: z.string(),
  duties: z.object({
    /** Enterprises with at least one contact or visit in the month (the seven counts' denominator). */
    enterprises: count,
    items: z.array(boardDutySchema),
  }),
  rules: z.array(boardRuleSchema),
  /** Children ranked: most high and open risk reports first, then lowest C1 coverage. */
  heat: z.array(boardHeatRowSchema),
  /** The 12 months ending with the month shown, oldest first. */
  trend: z.array(boardTrendPointSchema),
});
export type Board = z.infer<typeof boardSchema>;

import { z } from 'zod';
import { divisionCodeSchema, uuidSchema } from './common';

/** What the 操作日志 shows for the actions CoordNet records; anything else shows its key. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'coordinator.mobile_revealed': '查看完整手机号',
  'ledger.export_unmasked': '导出台账(含完整手机号)',
  'ledger.export': '导出台账',
  'enterprise.create': '新增企业',
  'enterprise.update': '修改企业',
  'enterprise.responsible': '指定企业责任人',
  'coordinator.qualification_update': '修改技能等级/证书',
  'coordinator.post_end': '结束任职',
  'person.deactivate': '停用人员',
  'import.commit': '批量导入',
  'settings.update': '修改工作规则',
  'contact.create': '记录联络',
  'visit.create': '提交走访',
  'visit.revise': '修改走访',
  'visit.withdraw': '撤回走访',
  'visit.approve': '审核通过走访',
  'visit.reject': '退回走访',
  'visit.reopen': '重新打开走访',
  'guidance.create': '记录年度指导',
  'risk_report.create': '风险上报',
  'risk_report.accept': '受理风险报告',
  'risk_report.start': '开始处理风险报告',
  'risk_report.close': '办结风险报告',
  'training_session.create': '登记培训',
  'training_session.attendance': '登记参训人员',
  'award.create': '登记比武成绩/荣誉',
  'evaluation.compute': '计算年度评价',
  'evaluation.adjust': '调整年度评价',
  'evaluation.finalize': '年度评价定稿',
  'case.create': '分享案例',
  'work_group.create': '新建工作群',
  'work_group.test': '发送测试消息',
  'workday_overrides.update': '调整工作日',
  'upload.create': '上传照片',
};

/** Groups the list filters by (an action key's prefix or a set of keys). */
export const AUDIT_GROUPS = {
  sensitive: '查看号码和导出',
  registry: '信息库变更',
  logs: '履职记录',
} as const;
export type AuditGroup = keyof typeof AUDIT_GROUPS;

const dateSchema = z.iso.date({ message: '日期格式应为 2026-11-16' });

/** The reader's filters, shared by the list and its ledger (操作日志台账). */
const auditFilterShape = {
  actor: uuidSchema.optional().describe('one person'),
  q: z.string().trim().min(1).max(30, '姓名不能超过 30 字').optional().describe('person name contains'),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)?$/, '操作类型不正确')
    .max(60)
    .optional()
    .describe('an action key, or its prefix before the dot (ledger, visit …)'),
  group: z.enum(['sensitive', 'registry', 'logs'], { message: '操作分类不正确' }).optional(),
  from: dateSchema.optional().describe('Shanghai date, inclusive'),
  to: dateSchema.optional().describe('Shanghai date, inclusive'),
};
const datesInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || q.from <= q.to;
const datesMessage = { message: '开始日期不能晚于结束日期', path: ['from'] };

export const auditListQuerySchema = z
  .strictObject({
    ...auditFilterShape,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.coerce.number().int().min(1).optional().describe('the last id seen'),
  })
  .refine(datesInOrder, datesMessage);
/** GET /exports/audit-log.xlsx: the reader's filters, over the area I manage (or one part of it). */
export const auditLedgerQuerySchema = z
  .strictObject({
    jurisdiction: divisionCodeSchema.optional().describe('a jurisdiction I manage; defaults to my area'),
    ...auditFilterShape,
  })
  .refine(datesInOrder, datesMessage);
export type AuditLedgerQuery = z.infer<typeof auditLedgerQuerySchema>;
/** The filters of the list or the ledger. */
export type AuditFilter = Omit<AuditLedgerQuery, 'jurisdiction'>;
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ userId: uuidSchema, name: z.string() }).nullable(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  /** An unmasked read or an export of personal data: shown at a glance. */
  sensitive: z.boolean(),
  /** A short line about what was touched (ledger and rows, the enterprise's name …). */
  summary: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

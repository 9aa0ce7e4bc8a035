import { sql } from 'drizzle-orm';
import { timestampColumn, rowsOf } from '../../db/rows';
import { z } from 'zod';
import {
  CONTACT_CHANNELS,
  GUIDANCE_METHODS,
  LOG_FLAGS,
  LOG_STATUSES,
  RISK_KINDS,
  RISK_LEVELS,
  RISK_SEVERITIES,
  logStatusSchema,
} from '@coordnet/shared/api/logs';
import type { LogKind } from '@coordnet/shared/api/keys';
import { DUTIES } from '@coordnet/shared/domain/duties';
import { GUIDANCE_TOPICS } from '@coordnet/shared/domain/guidance-topics';
import { formatPeriod, periodOf, periodRange } from '@coordnet/shared/domain/period';
import { dutyLogs } from '../../db/schema/duty-logs';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { users } from '../../db/schema/people';
import { withinCodes } from '../../lib/scope';
import { keysetPages, sheet, shanghaiDateTime, type LedgerColumn } from '../../lib/xlsx';
import { PAGE_SIZE, type LedgerContext, type LedgerPlan } from './ledger';
import type { LogLedgerQuery } from '@coordnet/shared/api/stats';

const logLedgerRowSchema = z.object({
  id: z.string(),
  /** occurred_at to the microsecond, UTC, for the keyset. */
  at_key: z.string(),
  created_at: timestampColumn,
  status: logStatusSchema,
  jurisdiction_name: z.string(),
  enterprise_name: z.string(),
  uscc: z.string(),
  author_name: z.string(),
  counterparts: z.string().nullable(),
  duties: z.array(z.string()),
  topics: z.array(z.string()),
  notes: z.string(),
  flags: z.array(z.string()),
  channel: z.string().nullable(),
  risk_flags: z.array(z.string()),
  risk_level: z.string().nullable(),
  risk_kind: z.string().nullable(),
  severity: z.string().nullable(),
  people_affected: z.coerce.number().nullable(),
  amount_involved: z.coerce.number().nullable(),
  photos: z.coerce.number(),
  distance_meters: z.coerce.number().nullable(),
  decider_name: z.string().nullable(),
  decided_at: timestampColumn.nullable(),
  decision_note: z.string().nullable(),
});
type LogLedgerRow = z.infer<typeof logLedgerRowSchema>;

const labels = (keys: readonly string[], dictionary: Record<string, string>) =>
  keys.map((k) => dictionary[k] ?? k).join('、') || null;
const label = (key: string | null, dictionary: Record<string, string>) =>
  key ? (dictionary[key] ?? key) : null;

function logPages(kind: LogKind, ctx: LedgerContext, start: Date, end: Date) {
  const fetch = (after: [string, string] | null) =>
    ctx.db
      .execute(
        sql`
        select l.id, to_char(l.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key,
               l.created_at, l.status::text as status, j.name as jurisdiction_name,
               e.name as enterprise_name, e.uscc, a.name as author_name,
               (select string_agg(c.name, '、' order by c.name) from ${users} c
                 where c.id = any(l.counterpart_user_ids)) as counterparts,
               l.duties, l.topics, l.notes, l.flags, l.channel, l.risk_flags, l.risk_level, l.risk_kind, l.severity,
               l.people_affected, l.amount_involved::float8 as amount_involved,
               coalesce(cardinality(l.photo_ids), 0)::int as photos, l.distance_meters,
               d.name as decider_name, l.decided_at, l.decision_note
          from ${dutyLogs} l
          join ${enterprises} e on e.id = l.enterprise_id
          join ${jurisdictions} j on j.code = l.jurisdiction_code
          join ${users} a on a.id = l.author_user_id
          left join ${users} d on d.id = l.decided_by_user_id
         where l.kind = ${kind}::log_kind
           and l.jurisdiction_code like ${`${ctx.target.prefix}%`}
           and ${withinCodes(sql`l.jurisdiction_code`, ctx.principal.scope.rootCodes)}
           and l.occurred_at >= ${start.toISOString()}::timestamptz and l.occurred_at < ${end.toISOString()}::timestamptz
           ${after ? sql`and (l.occurred_at, l.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
         order by l.occurred_at, l.id
         limit ${PAGE_SIZE}::int`,
      )
      .then((r) => rowsOf(logLedgerRowSchema, r));
  return keysetPages(fetch, (r): [string, string] => [r.at_key, r.id], PAGE_SIZE);
}

const where: LedgerColumn<LogLedgerRow>[] = [
  { header: '所属区域', width: 16, value: (r) => r.jurisdiction_name },
  { header: '企业名称', width: 32, value: (r) => r.enterprise_name },
  { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
];
const dutiesColumn: LedgerColumn<LogLedgerRow> = {
  header: '工作内容',
  width: 40,
  value: (r) => labels(r.duties, DUTIES),
};
const flagsColumn: LedgerColumn<LogLedgerRow> = {
  header: '提示标记',
  width: 20,
  value: (r) => labels(r.flags, LOG_FLAGS),
};

const COLUMNS: Record<'contact' | 'visit' | 'risk_report' | 'guidance', LedgerColumn<LogLedgerRow>[]> = {
  guidance: [
    { header: '指导时间', width: 17, value: (r) => shanghaiDateTime(r.at_key) },
    ...where,
    { header: '指导人', width: 10, value: (r) => r.author_name },
    { header: '指导方式', width: 10, value: (r) => label(r.channel, GUIDANCE_METHODS) },
    { header: '受指导的企业协调员', width: 20, value: (r) => r.counterparts },
    { header: '指导内容', width: 40, value: (r) => labels(r.topics, GUIDANCE_TOPICS) },
    { header: '情况记录', width: 50, value: (r) => r.notes },
    { header: '录入时间', width: 17, value: (r) => shanghaiDateTime(r.created_at) },
  ],
  contact: [
    { header: '联络时间', width: 17, value: (r) => shanghaiDateTime(r.at_key) },
    ...where,
    { header: '协调员', width: 10, value: (r) => r.author_name },
    { header: '联络对象', width: 16, value: (r) => r.counterparts ?? '企业联系人' },
    { header: '联络方式', width: 10, value: (r) => label(r.channel, CONTACT_CHANNELS) },
    dutiesColumn,
    { header: '情况记录', width: 50, value: (r) => r.notes },
    { header: '风险提示', width: 20, value: (r) => labels(r.risk_flags, RISK_KINDS) },
    flagsColumn,
    { header: '录入时间', width: 17, value: (r) => shanghaiDateTime(r.created_at) },
  ],
  visit: [
    { header: '走访时间', width: 17, value: (r) => shanghaiDateTime(r.at_key) },
    ...where,
    { header: '走访人', width: 10, value: (r) => r.author_name },
    { header: '审核状态', width: 10, value: (r) => LOG_STATUSES[r.status] },
    dutiesColumn,
    { header: '走访情况', width: 50, value: (r) => r.notes },
    { header: '风险等级', width: 12, value: (r) => label(r.risk_level, RISK_LEVELS) },
    { header: '现场照片(张)', width: 12, value: (r) => r.photos },
    { header: '签到距企业(米)', width: 14, value: (r) => r.distance_meters },
    flagsColumn,
    { header: '审核人', width: 10, value: (r) => r.decider_name },
    { header: '审核时间', width: 17, value: (r) => shanghaiDateTime(r.decided_at) },
    { header: '审核意见', width: 30, value: (r) => r.decision_note },
  ],
  risk_report: [
    { header: '报告时间', width: 17, value: (r) => shanghaiDateTime(r.at_key) },
    ...where,
    { header: '报告人', width: 10, value: (r) => r.author_name },
    { header: '风险类型', width: 16, value: (r) => label(r.risk_kind, RISK_KINDS) },
    { header: '严重程度', width: 20, value: (r) => label(r.severity, RISK_SEVERITIES) },
    { header: '涉及人数', width: 10, value: (r) => r.people_affected },
    { header: '涉及金额(万元)', width: 14, value: (r) => r.amount_involved, numFmt: '#,##0.00' },
    { header: '情况说明', width: 50, value: (r) => r.notes },
    { header: '办理状态', width: 10, value: (r) => LOG_STATUSES[r.status] },
    { header: '办结人', width: 10, value: (r) => r.decider_name },
    { header: '办结时间', width: 17, value: (r) => shanghaiDateTime(r.decided_at) },
    { header: '处理结果', width: 30, value: (r) => r.decision_note },
  ],
};

const SHEET_NAMES = {
  contact: '联络记录',
  visit: '实地指导服务',
  risk_report: '风险隐患报告',
  guidance: '年度指导服务',
} as const;

/** Contacts (C1), site visits (C2) or risk reports (C4) that happened in the period, oldest first. */
export function logLedger(kind: 'contact' | 'visit' | 'risk_report' | 'guidance') {
  return async (query: LogLedgerQuery, ctx: LedgerContext): Promise<LedgerPlan> => {
    const period = query.period ?? periodOf(ctx.now, kind === 'guidance' ? 'year' : 'month');
    const { start, end } = periodRange(period);
    return {
      label: { text: `_${formatPeriod(period)}`, ascii: period },
      filter: { jurisdiction: ctx.target.code, period },
      personalData: false,
      sheets: [
        sheet<LogLedgerRow>({
          name: SHEET_NAMES[kind],
          columns: COLUMNS[kind],
          rows: logPages(kind, ctx, start, end),
        }),
      ],
    };
  };
}

import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { z } from 'zod';
import { INCENTIVE_KINDS, type IncentiveKind } from '@coordnet/shared/api/incentives';
import { shanghaiParts } from '@coordnet/shared/domain/period';
import { trainingAttendance, trainingSessions } from '../../db/schema/development';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { users } from '../../db/schema/people';
import { withinCodes } from '../../lib/scope';
import { keysetPages, sheet } from '../../lib/xlsx';
import { incentivePageQuery, type IncentiveRow, incentiveRowSchema } from '../incentives/queries';
import { toIncentiveEntry } from '../incentives/service';
import { PAGE_SIZE, type LedgerPlanner } from './ledger';

const trainingLedgerRowSchema = z.object({
  session_id: z.string(),
  held_on: z.string(),
  topic: z.string(),
  organiser: z.string(),
  trainer: z.string(),
  session_hours: z.coerce.number(),
  user_id: z.string(),
  name: z.string().nullable(),
  mobile: z.string().nullable(),
  hours: z.coerce.number().nullable(),
});
type TrainingLedgerRow = z.infer<typeof trainingLedgerRowSchema>;

/**
 * 培训台账 (seed §二(三) 职业培训机制): the sessions organised under the jurisdiction in the year,
 * one row per attendee with the hours attended (a session nobody signed in to gets one row).
 */
export const trainingLedger: LedgerPlanner<'training'> = async (query, ctx) => {
  const { target } = ctx;
  const year = query.year ?? shanghaiParts(ctx.now).year;
  const page = (after: [string, string, string] | null) =>
    ctx.db
      .execute(
        sql`
        select s.id as session_id, to_char(s.held_on, 'YYYY-MM-DD') as held_on, s.topic, j.name as organiser,
               s.trainer, s.hours::float8 as session_hours, coalesce(ta.user_id::text, '') as user_id,
               u.name, u.mobile, coalesce(ta.hours, s.hours)::float8 as hours
          from ${trainingSessions} s
          join ${jurisdictions} j on j.code = s.jurisdiction_code
          left join ${trainingAttendance} ta on ta.session_id = s.id
          left join ${users} u on u.id = ta.user_id
         where s.jurisdiction_code like ${`${target.prefix}%`}
           and ${withinCodes(sql`s.jurisdiction_code`, ctx.principal.scope.rootCodes)}
           and s.held_on >= ${`${year}-01-01`}::date and s.held_on < ${`${year + 1}-01-01`}::date
           ${
             after
               ? sql`and (to_char(s.held_on, 'YYYY-MM-DD'), s.id::text, coalesce(ta.user_id::text, ''))
                       > (${after[0]}, ${after[1]}, ${after[2]})`
               : sql``
           }
         order by to_char(s.held_on, 'YYYY-MM-DD'), s.id::text, coalesce(ta.user_id::text, '')
         limit ${PAGE_SIZE}::int`,
      )
      .then((r) => rowsOf(trainingLedgerRowSchema, r));

  return {
    label: { text: `_${year}年`, ascii: String(year) },
    filter: { jurisdiction: target.code, year },
    personalData: true,
    sheets: [
      sheet<TrainingLedgerRow>({
        name: '培训台账',
        rows: keysetPages(
          page,
          (r): [string, string, string] => [r.held_on, r.session_id, r.user_id],
          PAGE_SIZE,
        ),
        columns: [
          { header: '培训日期', width: 12, value: (r) => r.held_on },
          { header: '培训主题', width: 30, value: (r) => r.topic },
          { header: '组织单位', width: 16, value: (r) => r.organiser },
          { header: '授课人', width: 20, value: (r) => r.trainer },
          { header: '培训学时', width: 10, value: (r) => r.session_hours },
          { header: '参训人员', width: 10, value: (r) => r.name ?? '(未登记参训人员)' },
          { header: '手机号码', width: 14, value: (r) => ctx.mobile(r.mobile) },
          { header: '参训学时', width: 10, value: (r) => (r.name ? r.hours : null) },
        ],
      }),
    ],
  };
};

/**
 * 技能提升补贴台账 (seed §二(四)2) and 金牌劳动关系协调员台账 (seed §二(四)4): every entry of the list
 * under the jurisdiction (or those in one status) with its status, days and who moved it.
 */
const incentiveLedger =
  (kind: IncentiveKind): LedgerPlanner<'subsidies' | 'gold-coordinators'> =>
  async (query, ctx) => {
    const { target } = ctx;
    const page = (after: [string, string] | null) =>
      ctx.db
        .execute(
          incentivePageQuery(kind, {
            prefix: target.prefix,
            scope: (column) => withinCodes(column, ctx.principal.scope.rootCodes),
            asOf: ctx.asOf,
            status: query.status,
            after,
            limit: PAGE_SIZE,
          }),
        )
        .then((r) => rowsOf(incentiveRowSchema, r));
    const entry = (r: IncentiveRow) => toIncentiveEntry(kind, r);
    return {
      label: { text: `_${ctx.asOf}`, ascii: ctx.asOf },
      filter: { jurisdiction: target.code, status: query.status ?? null },
      personalData: true,
      sheets: [
        sheet<IncentiveRow>({
          name: INCENTIVE_KINDS[kind],
          rows: keysetPages(page, (r): [string, string] => [r.jurisdiction_code, r.sort_key], PAGE_SIZE),
          columns: [
            { header: '姓名', width: 10, value: (r) => r.name },
            { header: '手机号码', width: 14, value: (r) => ctx.mobile(r.mobile) },
            { header: '所属区域', width: 16, value: (r) => r.jurisdiction_name },
            ...(kind === 'subsidy'
              ? [
                  { header: '所在企业', width: 30, value: (r: IncentiveRow) => r.detail },
                  { header: '证书等级', width: 14, value: (r: IncentiveRow) => entry(r).skillLabel },
                  { header: '证书编号', width: 20, value: (r: IncentiveRow) => r.certificate_no },
                ]
              : [{ header: '荣誉年度与级别', width: 16, value: (r: IncentiveRow) => entry(r).detail }]),
            { header: '状态', width: 10, value: (r) => entry(r).statusLabel },
            { header: '申领日期', width: 12, value: (r) => r.claimed_on },
            { header: '申领登记人', width: 10, value: (r) => r.claimed_by },
            { header: '发放日期', width: 12, value: (r) => r.paid_on },
            { header: '发放登记人', width: 10, value: (r) => r.paid_by },
          ],
        }),
      ],
    };
  };

export const subsidyLedger = incentiveLedger('subsidy') as LedgerPlanner<'subsidies'>;
export const goldLedger = incentiveLedger('gold') as LedgerPlanner<'gold-coordinators'>;

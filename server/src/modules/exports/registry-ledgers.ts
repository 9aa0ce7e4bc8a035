import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { industrySchema, enterpriseStatusSchema } from '@coordnet/shared/api/registry';
import { enterpriseSizeSchema } from '@coordnet/shared/api/keys';
import { z } from 'zod';
import { INDUSTRIES, SIZE_LABELS } from '@coordnet/shared/domain/enterprise-size';
import {
  COORDINATOR_KIND_KEYS,
  COORDINATOR_KINDS,
  ENTERPRISE_STATUSES,
  SKILL_LEVEL_KEYS,
  SKILL_LEVELS,
} from '@coordnet/shared/domain/roles';
import { enterprises } from '../../db/schema/enterprises';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, users } from '../../db/schema/people';
import { withinCodes } from '../../lib/scope';
import { keysetPages, sheet, yesNo } from '../../lib/xlsx';
import { heldOn } from '../stats/target';
import { PAGE_SIZE, type LedgerContext, type LedgerPlanner } from './ledger';

const enterpriseLedgerRowSchema = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  industry: industrySchema,
  employees: z.coerce.number().nullable(),
  revenue: z.coerce.number().nullable(),
  assets: z.coerce.number().nullable(),
  declared_size: enterpriseSizeSchema.nullable(),
  size: enterpriseSizeSchema.nullable(),
  contact_name: z.string().nullable(),
  contact_mobile: z.string().nullable(),
  address: z.string().nullable(),
  is_key: z.boolean(),
  in_scope: z.boolean(),
  status: enterpriseStatusSchema,
  coordinators: z.coerce.number(),
});
type EnterpriseLedgerRow = z.infer<typeof enterpriseLedgerRowSchema>;

/** `and (code, id) > after` on alias `x`, for pages along the code index. */
const keyset = (after: [string, string] | null) =>
  after ? sql`and (x.jurisdiction_code, x.id) > (${after[0]}::varchar, ${after[1]}::uuid)` : sql``;

/** 企业台账: every enterprise under the jurisdiction with its enterprise coordinators in post. */
export const enterpriseLedger: LedgerPlanner<'enterprises'> = async (query, ctx) => {
  const { target } = ctx;
  const filters: SQL[] = [];
  if (query.size) filters.push(sql`and x.size = ${query.size}::enterprise_size`);
  if (query.status) filters.push(sql`and x.status = ${query.status}::enterprise_status`);
  const page = (after: [string, string] | null) =>
    ctx.db
      .execute(
        sql`
        select x.id, x.uscc, x.name, x.jurisdiction_code, j.name as jurisdiction_name, x.industry::text as industry,
               x.employees, x.revenue::float8 as revenue, x.assets::float8 as assets,
               x.declared_size::text as declared_size, x.size::text as size, x.contact_name,
               x.contact_mobile, x.address, x.is_key, x.in_scope, x.status::text as status,
               (select count(distinct cr.user_id)::int from ${coordinatorRoles} cr
                  join ${users} u on u.id = cr.user_id
                 where cr.enterprise_id = x.id and cr.kind = 'enterprise' and ${heldOn(ctx.asOf)}) as coordinators
          from ${enterprises} x
          join ${jurisdictions} j on j.code = x.jurisdiction_code
         where x.jurisdiction_code like ${`${target.prefix}%`}
           and ${withinCodes(sql`x.jurisdiction_code`, ctx.principal.scope.rootCodes)}
           ${sql.join(filters, sql` `)} ${keyset(after)}
         order by x.jurisdiction_code, x.id
         limit ${PAGE_SIZE}::int`,
      )
      .then((r) => rowsOf(enterpriseLedgerRowSchema, r));

  return {
    label: { text: `_${ctx.asOf}`, ascii: ctx.asOf },
    filter: { jurisdiction: target.code, size: query.size ?? null, status: query.status ?? null },
    personalData: true,
    sheets: [
      sheet<EnterpriseLedgerRow>({
        name: '企业台账',
        rows: keysetPages(page, (r): [string, string] => [r.jurisdiction_code, r.id], PAGE_SIZE),
        columns: [
          { header: '所属区域', width: 16, value: (r) => r.jurisdiction_name },
          { header: '区划代码', width: 14, value: (r) => r.jurisdiction_code },
          { header: '企业名称', width: 34, value: (r) => r.name },
          { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
          { header: '行业', width: 16, value: (r) => INDUSTRIES[r.industry] },
          { header: '企业规模', width: 10, value: (r) => (r.size ? SIZE_LABELS[r.size] : '未分类') },
          {
            header: '规模依据',
            width: 12,
            value: (r) => (r.declared_size ? '企业申报' : r.size ? '按标准测算' : null),
          },
          { header: '从业人员(人)', width: 12, value: (r) => r.employees },
          { header: '营业收入(万元)', width: 14, value: (r) => r.revenue, numFmt: '#,##0.00' },
          { header: '资产总额(万元)', width: 14, value: (r) => r.assets, numFmt: '#,##0.00' },
          { header: '联系人', width: 10, value: (r) => r.contact_name },
          { header: '联系电话', width: 14, value: (r) => ctx.mobile(r.contact_mobile) },
          { header: '地址', width: 36, value: (r) => r.address },
          { header: '重点企业', width: 10, value: (r) => yesNo(r.is_key) },
          { header: '纳入履职范围', width: 12, value: (r) => yesNo(r.in_scope) },
          { header: '经营状态', width: 10, value: (r) => ENTERPRISE_STATUSES[r.status] },
          { header: '企业协调员(人)', width: 14, value: (r) => r.coordinators },
        ],
      }),
    ],
  };
};

const coordinatorLedgerRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  mobile: z.string().nullable(),
  kind: z.enum(COORDINATOR_KIND_KEYS),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  enterprise_name: z.string().nullable(),
  uscc: z.string().nullable(),
  organisation: z.string().nullable(),
  skill_level: z.enum(SKILL_LEVEL_KEYS).nullable(),
  certificate_no: z.string().nullable(),
  certificate_date: z.string().nullable(),
  valid_from: z.string(),
  valid_to: z.string().nullable(),
});
type CoordinatorLedgerRow = z.infer<typeof coordinatorLedgerRowSchema>;

const day = (column: SQL) => sql`to_char(${column}, 'YYYY-MM-DD')`;

/** 协调员台账: the posts held today under the jurisdiction. */
export const coordinatorLedger: LedgerPlanner<'coordinators'> = async (query, ctx: LedgerContext) => {
  const { target } = ctx;
  const kind = query.kind ? sql`and x.kind = ${query.kind}::coordinator_kind` : sql``;
  const page = (after: [string, string] | null) =>
    ctx.db
      .execute(
        sql`
        select x.id, u.name, u.mobile, x.kind::text as kind, x.jurisdiction_code, j.name as jurisdiction_name,
               e.name as enterprise_name, e.uscc, x.organisation, x.skill_level::text as skill_level,
               x.certificate_no, ${day(sql`x.certificate_date`)} as certificate_date,
               ${day(sql`x.valid_from`)} as valid_from, ${day(sql`x.valid_to`)} as valid_to
          from ${coordinatorRoles} x
          join ${users} u on u.id = x.user_id
          join ${jurisdictions} j on j.code = x.jurisdiction_code
          left join ${enterprises} e on e.id = x.enterprise_id
         where x.jurisdiction_code like ${`${target.prefix}%`}
           and ${withinCodes(sql`x.jurisdiction_code`, ctx.principal.scope.rootCodes)}
           and x.valid_from <= ${ctx.asOf}::date and (x.valid_to is null or x.valid_to >= ${ctx.asOf}::date)
           and u.active
           ${kind} ${keyset(after)}
         order by x.jurisdiction_code, x.id
         limit ${PAGE_SIZE}::int`,
      )
      .then((r) => rowsOf(coordinatorLedgerRowSchema, r));

  return {
    label: { text: `_${ctx.asOf}`, ascii: ctx.asOf },
    filter: { jurisdiction: target.code, kind: query.kind ?? null },
    personalData: true,
    sheets: [
      sheet<CoordinatorLedgerRow>({
        name: '协调员台账',
        rows: keysetPages(page, (r): [string, string] => [r.jurisdiction_code, r.id], PAGE_SIZE),
        columns: [
          { header: '姓名', width: 10, value: (r) => r.name },
          { header: '手机号码', width: 14, value: (r) => ctx.mobile(r.mobile) },
          { header: '类别', width: 26, value: (r) => COORDINATOR_KINDS[r.kind] },
          { header: '所属区域', width: 16, value: (r) => r.jurisdiction_name },
          { header: '区划代码', width: 14, value: (r) => r.jurisdiction_code },
          { header: '服务企业', width: 32, value: (r) => r.enterprise_name },
          { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
          { header: '所在组织', width: 28, value: (r) => r.organisation },
          {
            header: '技能等级',
            width: 14,
            value: (r) => (r.skill_level ? SKILL_LEVELS[r.skill_level] : null),
          },
          { header: '证书编号', width: 20, value: (r) => r.certificate_no },
          { header: '发证日期', width: 12, value: (r) => r.certificate_date },
          { header: '任职起始', width: 12, value: (r) => r.valid_from },
          { header: '任职截止', width: 12, value: (r) => r.valid_to },
        ],
      }),
    ],
  };
};

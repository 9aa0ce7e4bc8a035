import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { z } from 'zod';
import type { EnterpriseStatus } from '@coordnet/shared/domain/roles';
import {
  classifyEnterprise,
  type EnterpriseSize,
  type Industry,
} from '@coordnet/shared/domain/enterprise-size';
import { normalizeUscc, usccProblem } from '@coordnet/shared/domain/uscc';
import { withinCodes } from '../../lib/scope';
import {
  parseDecimal,
  parseDegrees,
  parseEnterpriseStatus,
  parseIndustry,
  parseInteger,
  parseMobile,
  parseSize,
  parseText,
  parseYesNo,
  type Parsed,
} from './cells';
import { ENTERPRISE_COLUMNS, type EnterpriseColumn } from './columns';
import {
  cellError,
  cellOf,
  jurisdictionProblem,
  type ImportKindHandler,
  type ImportRef,
  type RowError,
  countsSchema,
} from './kind';
import { codePrefixText, rollupSql } from '../../db/rules-sql';

interface EnterpriseRow {
  rowNo: number;
  uscc: string;
  name: string;
  jurisdictionCode: string;
  industry: Industry | null;
  employees: number | null;
  revenue: string | null;
  assets: string | null;
  declaredSize: EnterpriseSize | null;
  computedSize: EnterpriseSize | null;
  contactName: string | null;
  contactMobile: string | null;
  address: string | null;
  isKey: boolean | null;
  latitude: number | null;
  longitude: number | null;
  status: EnterpriseStatus | null;
  responsible: string | null;
}

/**
 * The township/park posts a staged row's 责任人 cell names (seed §二(三) 岗位责任制): open-ended posts
 * of the row's own township or park whose holder has that name or mobile.
 */
const namedPosts = (s: string) =>
  sql.raw(`select cr.id from coordinator_roles cr join users u on u.id = cr.user_id
     where cr.kind in ('township', 'park') and cr.valid_to is null and u.active
       and ${codePrefixText('cr.jurisdiction_code', 'township')} = ${codePrefixText(`${s}.jurisdiction_code`, 'township')}
       and (u.name = ${s}.responsible or u.mobile = ${s}.responsible)`);

/**
 * Registry columns a file may set, as SQL over the staged row `s`. A column missing from the file
 * keeps the stored value; a present column's empty cell clears it (or resets it to its default).
 */
const TARGETS: Partial<Record<EnterpriseColumn, [column: string, value: string]>> = {
  name: ['name', 's.name'],
  jurisdictionCode: ['jurisdiction_code', 's.jurisdiction_code'],
  industry: ['industry', "coalesce(s.industry, 'other')"],
  employees: ['employees', 's.employees'],
  revenue: ['revenue', 's.revenue'],
  assets: ['assets', 's.assets'],
  declaredSize: ['declared_size', 's.declared_size'],
  contactName: ['contact_name', 's.contact_name'],
  contactMobile: ['contact_mobile', 's.contact_mobile'],
  address: ['address', 's.address'],
  isKey: ['is_key', 'coalesce(s.is_key, false)'],
  longitude: ['longitude', 's.longitude'],
  latitude: ['latitude', 's.latitude'],
  status: ['status', "coalesce(s.status, 'active')"],
};
const METRICS: readonly string[] = ['employees', 'revenue', 'assets'];

/** The columns an update writes: those in the file, plus the computed size when it can be recomputed. */
function updatedColumns(ref: ImportRef): [string, string][] {
  const pairs = ref.columns.flatMap((key) => {
    const target = TARGETS[key as EnterpriseColumn];
    return target ? [target] : [];
  });
  if (ref.columns.includes('industry') && ref.columns.some((c) => METRICS.includes(c)))
    pairs.push(['computed_size', 's.computed_size']);
  return pairs;
}

/** True when the staged row `s` would change the stored enterprise `e`. */
function differs(ref: ImportRef): SQL {
  const pairs = updatedColumns(ref);
  return sql.raw(
    `(${pairs.map(([c]) => `e.${c}`).join(', ')}) is distinct from (${pairs.map(([, v]) => v).join(', ')})`,
  );
}

export const enterpriseImport: ImportKindHandler<EnterpriseColumn, EnterpriseRow> = {
  sheetName: '企业',
  columns: ENTERPRISE_COLUMNS,

  parse(row, { header, jurisdictions }, errors) {
    const cell = (key: EnterpriseColumn) => cellOf(row, header, key);
    const before = errors.length;
    const take = <T>(key: EnterpriseColumn, parsed: Parsed<T>): T | null => {
      if (parsed.ok) return parsed.value;
      cellError(errors, row, header, key, parsed.message);
      return null;
    };
    const name = cell('name');

    const uscc = normalizeUscc(cell('uscc'));
    const usccError = usccProblem(uscc);
    if (usccError) cellError(errors, row, header, 'uscc', usccError);

    if (!name) cellError(errors, row, header, 'name', '企业名称不能为空');
    else take('name', parseText(name, 200, '企业名称'));

    const jurisdictionCode = cell('jurisdictionCode');
    const problem = jurisdictionCode
      ? jurisdictionProblem(jurisdictionCode, jurisdictions)
      : '所属区划代码不能为空';
    if (problem) cellError(errors, row, header, 'jurisdictionCode', problem);

    const industry = take('industry', parseIndustry(cell('industry')));
    const employees = take('employees', parseInteger(cell('employees'), '从业人员'));
    const revenue = take('revenue', parseDecimal(cell('revenue'), '营业收入'));
    const assets = take('assets', parseDecimal(cell('assets'), '资产总额'));
    const declaredSize = take('declaredSize', parseSize(cell('declaredSize')));
    const contactName = take('contactName', parseText(cell('contactName'), 50, '联系人'));
    const contactMobile = take('contactMobile', parseMobile(cell('contactMobile')));
    const address = take('address', parseText(cell('address'), 300, '地址'));
    const isKey = take('isKey', parseYesNo(cell('isKey')));
    const longitude = take('longitude', parseDegrees(cell('longitude'), 'longitude'));
    const latitude = take('latitude', parseDegrees(cell('latitude'), 'latitude'));
    if (errors.length === before && (longitude === null) !== (latitude === null))
      cellError(
        errors,
        row,
        header,
        longitude === null ? 'longitude' : 'latitude',
        '经度和纬度应同时填写（或都不填）',
      );
    const status = take('status', parseEnterpriseStatus(cell('status')));
    const responsible = take('responsible', parseText(cell('responsible'), 50, '责任人'));
    if (errors.length > before) return null;

    return {
      rowNo: row.rowNo,
      uscc,
      name,
      jurisdictionCode,
      industry,
      employees,
      revenue,
      assets,
      declaredSize,
      // The 2017 standard (统计上大中小微型企业划分办法), whether or not a size is declared.
      computedSize: classifyEnterprise({
        industry: industry ?? 'other',
        employees,
        revenue: revenue === null ? null : Number(revenue),
        assets: assets === null ? null : Number(assets),
      }),
      contactName,
      contactMobile,
      address,
      isKey,
      latitude,
      longitude,
      status,
      responsible: responsible || null,
    };
  },

  staging: {
    table: 'import_enterprise_rows',
    columns: [
      'row_no',
      'uscc',
      'name',
      'jurisdiction_code',
      'industry',
      'employees',
      'revenue',
      'assets',
      'declared_size',
      'computed_size',
      'contact_name',
      'contact_mobile',
      'address',
      'is_key',
      'latitude',
      'longitude',
      'status',
      'responsible',
    ],
    values: (r) => [
      r.rowNo,
      r.uscc,
      r.name,
      r.jurisdictionCode,
      r.industry,
      r.employees,
      r.revenue,
      r.assets,
      r.declaredSize,
      r.computedSize,
      r.contactName,
      r.contactMobile,
      r.address,
      r.isKey,
      r.latitude,
      r.longitude,
      r.status,
      r.responsible,
    ],
  },

  async check(db, ref) {
    const duplicates = rowsOf(
      z.object({ uscc: z.string(), rows: z.array(z.coerce.number()) }),
      await db.execute(sql`
        select uscc, array_agg(row_no order by row_no) as rows
          from import_enterprise_rows where import_id = ${ref.id}
         group by uscc having count(*) > 1
         limit 10000`),
    );
    const errors: RowError[] = [];
    for (const d of duplicates)
      for (const rowNo of d.rows.slice(1))
        errors.push({
          rowNo,
          column: '统一社会信用代码',
          value: d.uscc,
          message: `与第 ${d.rows[0]} 行的统一社会信用代码重复`,
        });
    const outside = rowsOf(
      z.object({ row_no: z.coerce.number(), uscc: z.string(), jurisdiction: z.string() }),
      await db.execute(sql`
        select s.row_no, s.uscc, j.name || '(' || j.code || ')' as jurisdiction
          from import_enterprise_rows s
          join enterprises e on e.uscc = s.uscc
          join jurisdictions j on j.code = e.jurisdiction_code
         where s.import_id = ${ref.id} and not ${withinCodes(sql`e.jurisdiction_code`, ref.scopeCodes)}
         limit 10000`),
    );
    for (const o of outside)
      errors.push({
        rowNo: o.row_no,
        column: '统一社会信用代码',
        value: o.uscc,
        message: `该企业已登记在 ${o.jurisdiction}，不在您的管理范围内，不能通过导入修改`,
      });
    // 责任人: one open-ended post of the row's township with that name or mobile, or a row error.
    const unresolved = rowsOf(
      z.object({
        row_no: z.coerce.number(),
        responsible: z.string(),
        township: z.string().nullable(),
        n: z.coerce.number(),
      }),
      await db.execute(sql`
        select s.row_no, s.responsible, j.name as township,
               (select count(*) from (${namedPosts('s')}) p)::int as n
          from import_enterprise_rows s
          left join jurisdictions j on j.code = ${rollupSql(sql`s.jurisdiction_code`, 'township')}
         where s.import_id = ${ref.id} and s.responsible is not null
           and (select count(*) from (${namedPosts('s')}) p) <> 1
         limit 10000`),
    );
    for (const u of unresolved)
      errors.push({
        rowNo: u.row_no,
        column: '责任人',
        value: u.responsible,
        message:
          Number(u.n) === 0
            ? `${u.township ?? '所在乡镇(街道)'}没有名为或手机号为「${u.responsible}」的在岗协调员`
            : `「${u.responsible}」对应 ${u.n} 名协调员，请改填手机号`,
      });
    return errors;
  },

  touched: (ref) => sql`
    select jurisdiction_code as code from import_enterprise_rows where import_id = ${ref.id}
    union
    select e.jurisdiction_code from import_enterprise_rows s join enterprises e on e.uscc = s.uscc
     where s.import_id = ${ref.id}`,

  async count(db, ref) {
    const [row] = rowsOf(
      countsSchema,
      await db.execute(sql`
        select count(*) filter (where e.id is null)::int as inserts,
               count(*) filter (where e.id is not null and ${differs(ref)})::int as updates,
               count(*) filter (where e.id is not null and not ${differs(ref)})::int as unchanged
          from import_enterprise_rows s left join enterprises e on e.uscc = s.uscc
         where s.import_id = ${ref.id}`),
    );
    return row!;
  },

  async merge(db, ref, now) {
    // Two statements, so each fires the statement-level tally triggers of migrations 0003/0006 once.
    // The commit holds the enterprises table against other writers, so `not exists` is exact and
    // the insert needs no ON CONFLICT (whose speculative insertion costs on every row).
    const set = updatedColumns(ref)
      .map(([c, v]) => `${c} = ${v}`)
      .join(', ');
    const [updated] = rowsOf(
      z.object({ n: z.coerce.number() }),
      await db.execute(sql`
        with changed as (
          update enterprises e set ${sql.raw(set)}, updated_at = ${now}
            from import_enterprise_rows s
           where s.import_id = ${ref.id} and e.uscc = s.uscc
             and ${withinCodes(sql`e.jurisdiction_code`, ref.scopeCodes)}
             and ${differs(ref)}
          returning 1)
        select count(*)::int as n from changed`),
    );
    const [inserted] = rowsOf(
      z.object({ n: z.coerce.number(), staged: z.coerce.number() }),
      await db.execute(sql`
        with added as (
          insert into enterprises (uscc, name, jurisdiction_code, industry, employees, revenue, assets,
                                   declared_size, computed_size, contact_name, contact_mobile, address, is_key,
                                   latitude, longitude, status, created_at, updated_at)
          select s.uscc, s.name, s.jurisdiction_code, coalesce(s.industry, 'other'), s.employees, s.revenue,
                 s.assets, s.declared_size, s.computed_size, s.contact_name, s.contact_mobile, s.address,
                 coalesce(s.is_key, false), s.latitude, s.longitude, coalesce(s.status, 'active'), ${now}, ${now}
            from import_enterprise_rows s
           where s.import_id = ${ref.id}
             and not exists (select 1 from enterprises e where e.uscc = s.uscc)
          returning 1)
        select (select count(*) from added)::int as n,
               (select count(*) from import_enterprise_rows where import_id = ${ref.id})::int as staged`),
    );
    if (ref.columns.includes('responsible')) {
      // 责任人 as the file says: a filled cell names the post (checked above), an empty one clears it.
      await db.execute(sql`
        delete from enterprise_responsible er
         using import_enterprise_rows s, enterprises e
         where s.import_id = ${ref.id} and s.responsible is null and e.uscc = s.uscc
           and er.enterprise_id = e.id`);
      await db.execute(sql`
        insert into enterprise_responsible (enterprise_id, role_id, assigned_at)
        select e.id, (${namedPosts('s')} limit 1), ${now}
          from import_enterprise_rows s join enterprises e on e.uscc = s.uscc
         where s.import_id = ${ref.id} and s.responsible is not null
        on conflict (enterprise_id) do update set role_id = excluded.role_id, assigned_at = excluded.assigned_at`);
    }
    const inserts = inserted!.n;
    const updates = updated!.n;
    return { inserts, updates, unchanged: inserted!.staged - inserts - updates };
  },

  async clear(db, importId) {
    await db.execute(sql`delete from import_enterprise_rows where import_id = ${importId}`);
  },
};

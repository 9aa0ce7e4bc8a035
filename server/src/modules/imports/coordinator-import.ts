import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { z } from 'zod';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import { POST_END_REASONS, type PostEndReason } from '@coordnet/shared/api/registry';
import { COORDINATOR_KIND_KEYS, type CoordinatorKind, type SkillLevel } from '@coordnet/shared/domain/roles';
import { normalizeUscc, usccProblem } from '@coordnet/shared/domain/uscc';
import { withinCodes } from '../../lib/scope';
import { postEndProblem, writeDeactivation, writePostEnd } from '../coordinators/repository';
import {
  parseCoordinatorKind,
  parseDate,
  parseEndReason,
  parseMobile,
  parsePersonStatus,
  parseSkillLevel,
  parseText,
  type Parsed,
} from './cells';
import { COORDINATOR_COLUMNS, type CoordinatorColumn } from './columns';
import {
  cellError,
  cellOf,
  jurisdictionProblem,
  type ImportKindHandler,
  type ImportRef,
  type RowError,
  countsSchema,
} from './kind';

interface CoordinatorRow {
  rowNo: number;
  dingtalkUserId: string;
  name: string;
  mobile: string | null;
  kind: CoordinatorKind;
  jurisdictionCode: string | null;
  enterpriseUscc: string | null;
  organisation: string | null;
  skillLevel: SkillLevel | null;
  certificateNo: string | null;
  certificateDate: string | null;
  /** 结束日期 (the first day out of post) with 结束原因: this post ends. */
  endedOn: string | null;
  endReason: PostEndReason | null;
  /** 人员状态 停用: all the person's posts end (离任) and he is deactivated. */
  deactivate: boolean;
}

const postEndReasonSchema = z.enum(Object.keys(POST_END_REASONS) as [PostEndReason, ...PostEndReason[]]);

/** The registry changes of an import are audited like the screen's, with this note. */
const AUDIT_NOTE = '批量导入';

const USER_FIELDS: Partial<Record<CoordinatorColumn, string>> = { name: 'name', mobile: 'mobile' };
const ROLE_FIELDS: Partial<Record<CoordinatorColumn, string>> = {
  organisation: 'organisation',
  skillLevel: 'skill_level',
  certificateNo: 'certificate_no',
  certificateDate: 'certificate_date',
};

/** `(stored...) is distinct from (staged...)` over the fields the file has; false when it has none. */
function differs(ref: ImportRef, fields: Partial<Record<CoordinatorColumn, string>>, alias: string): SQL {
  const columns = ref.columns.flatMap((key) => fields[key as CoordinatorColumn] ?? []);
  if (columns.length === 0) return sql`false`;
  return sql.raw(
    `(${columns.map((c) => `${alias}.${c}`).join(', ')}) is distinct from (${columns.map((c) => `s.${c}`).join(', ')})`,
  );
}

/**
 * Staged rows resolved against the registry: the enterprise of an enterprise coordinator (and so
 * the jurisdiction served), the user with that DingTalk userid, and their current post of the same
 * kind in the same place.
 */
const resolved = (ref: ImportRef) => sql`
  with s as (
    select s.*, e.id as enterprise_id, coalesce(e.jurisdiction_code, s.jurisdiction_code) as code
      from import_coordinator_rows s
      left join enterprises e on s.kind = 'enterprise' and e.uscc = s.enterprise_uscc
     where s.import_id = ${ref.id}),
  m as (
    select s.*, u.id as user_id, u.active as user_active, r.id as role_id, r.valid_from::text as role_valid_from,
           r.valid_to::text as role_valid_to, coalesce(s.deactivate, false) as dea,
           u.id is not null and ${differs(ref, USER_FIELDS, 'u')} as user_differs,
           r.id is not null and ${differs(ref, ROLE_FIELDS, 'r')} as role_differs
      from s
      left join users u on u.dingtalk_user_id = s.dingtalk_user_id
      left join lateral (
        select r.* from coordinator_roles r
         where r.user_id = u.id and r.kind = s.kind and r.jurisdiction_code = s.code
           and r.enterprise_id is not distinct from s.enterprise_id and r.valid_to is null
         order by r.created_at desc limit 1) r on true)`;

export const coordinatorImport: ImportKindHandler<CoordinatorColumn, CoordinatorRow> = {
  sheetName: '协调员',
  columns: COORDINATOR_COLUMNS,

  parse(row, { header, jurisdictions }, errors) {
    const cell = (key: CoordinatorColumn) => cellOf(row, header, key);
    const name = cell('name');
    const before = errors.length;
    const take = <T>(key: CoordinatorColumn, parsed: Parsed<T>): T | null => {
      if (parsed.ok) return parsed.value;
      cellError(errors, row, header, key, parsed.message);
      return null;
    };
    const dingtalkUserId = cell('dingtalkUserId');
    if (!dingtalkUserId) cellError(errors, row, header, 'dingtalkUserId', '钉钉用户ID不能为空');
    else if (dingtalkUserId.length > 64 || /\s/.test(dingtalkUserId))
      cellError(errors, row, header, 'dingtalkUserId', '钉钉用户ID不能含空格，且不超过 64 个字符');
    if (!name) cellError(errors, row, header, 'name', '姓名不能为空');
    else take('name', parseText(name, 50, '姓名'));
    const mobile = take('mobile', parseMobile(cell('mobile')));
    const kind = take('kind', parseCoordinatorKind(cell('kind')));
    if (!kind && !cell('kind')) cellError(errors, row, header, 'kind', '协调员类别不能为空');

    let jurisdictionCode: string | null = cell('jurisdictionCode') || null;
    let enterpriseUscc: string | null = null;
    if (kind === 'enterprise') {
      enterpriseUscc = normalizeUscc(cell('enterpriseUscc'));
      jurisdictionCode = null;
      if (!enterpriseUscc)
        cellError(errors, row, header, 'enterpriseUscc', '企业劳动关系协调员须填写所在企业统一社会信用代码');
      else {
        const usccError = usccProblem(enterpriseUscc);
        if (usccError) cellError(errors, row, header, 'enterpriseUscc', usccError);
      }
    } else if (kind) {
      const problem = jurisdictionCode
        ? jurisdictionProblem(jurisdictionCode, jurisdictions)
        : '服务区划代码不能为空';
      if (problem) cellError(errors, row, header, 'jurisdictionCode', problem);
    }
    const organisation = take('organisation', parseText(cell('organisation'), 100, '所在单位'));
    const skillLevel = take('skillLevel', parseSkillLevel(cell('skillLevel')));
    const certificateNo = take('certificateNo', parseText(cell('certificateNo'), 64, '证书编号'));
    const certificateDate = take('certificateDate', parseDate(cell('certificateDate')));
    // 结束日期/结束原因/人员状态: the rules of the screen's 结束任职 and 停用人员 (the dates in check()).
    const endedOn = take('endedOn', parseDate(cell('endedOn')));
    const endReason = take('endReason', parseEndReason(cell('endReason')));
    const deactivate = take('personStatus', parsePersonStatus(cell('personStatus'))) ?? false;
    if (cell('endedOn') && !cell('endReason') && !deactivate)
      cellError(errors, row, header, 'endReason', '填写结束日期时须填写结束原因（离任 或 调岗）');
    if (cell('endReason') && !cell('endedOn') && !deactivate)
      cellError(errors, row, header, 'endedOn', '填写结束原因时须填写结束日期（不再任职的第一天）');
    if (deactivate && endReason === 'transferred')
      cellError(errors, row, header, 'endReason', '人员状态为 停用 时，结束原因只能是 离任');
    if (errors.length > before || !kind) return null;
    return {
      rowNo: row.rowNo,
      dingtalkUserId,
      name,
      mobile,
      kind,
      jurisdictionCode,
      enterpriseUscc,
      organisation,
      skillLevel,
      certificateNo,
      certificateDate,
      endedOn,
      endReason,
      deactivate,
    };
  },

  staging: {
    table: 'import_coordinator_rows',
    columns: [
      'row_no',
      'dingtalk_user_id',
      'name',
      'mobile',
      'kind',
      'jurisdiction_code',
      'enterprise_uscc',
      'organisation',
      'skill_level',
      'certificate_no',
      'certificate_date',
      'ended_on',
      'end_reason',
      'deactivate',
    ],
    values: (r) => [
      r.rowNo,
      r.dingtalkUserId,
      r.name,
      r.mobile,
      r.kind,
      r.jurisdictionCode,
      r.enterpriseUscc,
      r.organisation,
      r.skillLevel,
      r.certificateNo,
      r.certificateDate,
      r.endedOn,
      r.endReason,
      r.deactivate,
    ],
  },

  async check(db, ref) {
    const problems = rowsOf(
      z.object({ row_no: z.coerce.number(), column: z.string(), value: z.string(), message: z.string() }),
      await db.execute(sql`
        with s as (
          select s.*, e.id as enterprise_id, e.jurisdiction_code as enterprise_code,
                 coalesce(e.jurisdiction_code, s.jurisdiction_code) as code,
                 first_value(s.row_no) over (partition by s.dingtalk_user_id order by s.row_no) as first_of_user,
                 first_value(s.name) over (partition by s.dingtalk_user_id order by s.row_no) as first_name,
                 first_value(s.mobile) over (partition by s.dingtalk_user_id order by s.row_no) as first_mobile,
                 first_value(coalesce(s.deactivate, false))
                   over (partition by s.dingtalk_user_id order by s.row_no) as first_deactivate,
                 first_value(s.row_no) over (
                   partition by s.dingtalk_user_id, s.kind, coalesce(s.enterprise_uscc, s.jurisdiction_code)
                   order by s.row_no) as first_of_post
            from import_coordinator_rows s
            left join enterprises e on s.kind = 'enterprise' and e.uscc = s.enterprise_uscc
           where s.import_id = ${ref.id})
        select row_no, '所在企业统一社会信用代码' as column, enterprise_uscc as value,
               '该企业尚未登记，请先导入企业' as message
          from s where kind = 'enterprise' and enterprise_id is null
        union all
        select row_no, '所在企业统一社会信用代码', enterprise_uscc, '该企业不在您的管理范围内'
          from s where enterprise_id is not null and not ${withinCodes(sql`enterprise_code`, ref.scopeCodes)}
        union all
        select row_no, '钉钉用户ID', dingtalk_user_id, '与第 ' || first_of_post || ' 行是同一人的同一职务，重复'
          from s where row_no <> first_of_post
        union all
        select row_no, '姓名', name, '与第 ' || first_of_user || ' 行同一钉钉用户ID的姓名或手机不一致'
          from s where row_no <> first_of_user and (name, mobile) is distinct from (first_name, first_mobile)
        union all
        select row_no, '人员状态', case when deactivate then '停用' else '在岗' end,
               '与第 ' || first_of_user || ' 行同一钉钉用户ID的人员状态不一致'
          from s where row_no <> first_of_user and coalesce(deactivate, false) <> first_deactivate
        union all
        select s.row_no, '钉钉用户ID', s.dingtalk_user_id,
               '该人员在您管理范围以外任职，请由其任职地人力社保局维护'
          from s join users u on u.dingtalk_user_id = s.dingtalk_user_id
         where exists (
           select 1 from coordinator_roles r where r.user_id = u.id and r.valid_to is null
              and not ${withinCodes(sql`r.jurisdiction_code`, ref.scopeCodes)}
           union all
           select 1 from supervisor_roles r where r.user_id = u.id and r.valid_to is null
              and not ${withinCodes(sql`r.jurisdiction_code`, ref.scopeCodes)})
        order by 1
        limit 10000`),
    );
    // 结束日期 and 停用 against the registry, by the screen's rules (postEndProblem).
    const ends = rowsOf(
      z.object({
        row_no: z.coerce.number(),
        ended_on: z.string().nullable(),
        dea: z.boolean(),
        user_id: z.string().nullable(),
        role_id: z.string().nullable(),
        role_valid_from: z.string().nullable(),
        supervisor: z.boolean(),
      }),
      await db.execute(sql`
        ${resolved(ref)}
        select row_no, ended_on::text as ended_on, dea, user_id, role_id, role_valid_from,
               exists (select 1 from supervisor_roles p where p.user_id = m.user_id and p.valid_to is null) as supervisor
          from m where ended_on is not null or dea
         order by row_no
         limit 10000`),
    );
    for (const e of ends) {
      const problem = (column: string, value: string, message: string) =>
        problems.push({ row_no: e.row_no, column, value, message });
      if (e.dea) {
        if (!e.user_id) problem('人员状态', '停用', '该钉钉用户ID尚未登记，无法停用');
        else if (e.supervisor) problem('人员状态', '停用', '人力社保局工作人员不能在此停用');
        if (e.ended_on && e.ended_on > ref.today) problem('结束日期', e.ended_on, '结束日期不能晚于今天');
      } else if (e.ended_on) {
        if (!e.role_id)
          problem(
            '结束日期',
            e.ended_on,
            '该人员在此没有在任的这项职务，无法结束任职（请核对类别和区划或企业）',
          );
        else {
          const why = postEndProblem(e.ended_on, e.role_valid_from!, ref.today, '结束日期');
          if (why) problem('结束日期', e.ended_on, why.message);
        }
      }
    }
    problems.sort((a, b) => a.row_no - b.row_no);
    return problems.map((p): RowError => ({
      rowNo: p.row_no,
      column: p.column,
      value: p.value,
      message: p.message,
    }));
  },

  touched: (ref) => sql`
    select jurisdiction_code as code from import_coordinator_rows
     where import_id = ${ref.id} and jurisdiction_code is not null
    union
    select e.jurisdiction_code from import_coordinator_rows s join enterprises e on e.uscc = s.enterprise_uscc
     where s.import_id = ${ref.id}
    union
    select r.jurisdiction_code from import_coordinator_rows s
      join users u on u.dingtalk_user_id = s.dingtalk_user_id
      join coordinator_roles r on r.user_id = u.id and r.valid_to is null
     where s.import_id = ${ref.id}
    union
    select r.jurisdiction_code from import_coordinator_rows s
      join users u on u.dingtalk_user_id = s.dingtalk_user_id
      join supervisor_roles r on r.user_id = u.id and r.valid_to is null
     where s.import_id = ${ref.id}`,

  async count(db, ref) {
    const [row] = rowsOf(
      countsSchema,
      await db.execute(sql`
        ${resolved(ref)}, f as (
          select not dea and ended_on is null and (user_id is null or role_id is null) as ins,
                 (dea and coalesce(user_active, false))
                   or (not dea and role_id is not null and (user_differs or role_differs or ended_on is not null))
                   or (dea and role_id is not null and (user_differs or role_differs)) as upd
            from m)
        select count(*) filter (where ins)::int as inserts,
               count(*) filter (where not ins and upd)::int as updates,
               count(*) filter (where not ins and not upd)::int as unchanged
          from f`),
    );
    return row!;
  },

  async merge(db, ref, now, actor) {
    const counts = await coordinatorImport.count(db, ref);
    const today = shanghaiDate(now);
    const userSet = ref.columns.includes('mobile')
      ? sql`name = s.name, mobile = s.mobile`
      : sql`name = s.name`;
    await db.execute(sql`
      insert into users (dingtalk_user_id, name, mobile, created_at, updated_at)
      select distinct on (s.dingtalk_user_id) s.dingtalk_user_id, s.name, s.mobile, ${now}, ${now}
        from import_coordinator_rows s
       where s.import_id = ${ref.id}
       order by s.dingtalk_user_id, s.row_no
      on conflict (dingtalk_user_id) do nothing`);
    await db.execute(sql`
      update users u set ${userSet}, updated_at = ${now}
        from (select distinct on (dingtalk_user_id) * from import_coordinator_rows
               where import_id = ${ref.id} order by dingtalk_user_id, row_no) s
       where u.dingtalk_user_id = s.dingtalk_user_id and ${differs(ref, USER_FIELDS, 'u')}`);
    const roleColumns = ref.columns.flatMap((key) => ROLE_FIELDS[key as CoordinatorColumn] ?? []);
    if (roleColumns.length > 0)
      await db.execute(sql`
        ${resolved(ref)}
        update coordinator_roles r set ${sql.raw(roleColumns.map((c) => `${c} = m.${c}`).join(', '))}
          from m where r.id = m.role_id and m.role_differs`);
    await db.execute(sql`
      ${resolved(ref)}
      insert into coordinator_roles (user_id, kind, enterprise_id, jurisdiction_code, organisation, skill_level,
                                     certificate_no, certificate_date, valid_from, created_at)
      select u.id, m.kind, m.enterprise_id, m.code, m.organisation, m.skill_level, m.certificate_no,
             m.certificate_date, ${today}, ${now}
        from m join users u on u.dingtalk_user_id = m.dingtalk_user_id
       where m.role_id is null and m.ended_on is null and not m.dea`);
    // 结束任职 and 停用人员 as on the screen, one audit row each (rare: no bulk path needed).
    const ends = rowsOf(
      z.object({
        role_id: z.string(),
        user_id: z.string(),
        kind: z.enum(COORDINATOR_KIND_KEYS),
        code: z.string(),
        role_valid_to: z.string().nullable(),
        ended_on: z.string(),
        end_reason: postEndReasonSchema,
      }),
      await db.execute(sql`
        ${resolved(ref)}
        select role_id, user_id, kind, code, role_valid_to, ended_on::text as ended_on, end_reason
          from m where ended_on is not null and not dea and role_id is not null order by row_no`),
    );
    for (const e of ends)
      await writePostEnd(
        db,
        actor.userId,
        actor.ip,
        {
          roleId: e.role_id,
          userId: e.user_id,
          kind: e.kind,
          jurisdictionCode: e.code,
          validTo: e.role_valid_to,
        },
        { endedOn: e.ended_on, reason: e.end_reason, note: AUDIT_NOTE },
      );
    const people = rowsOf(
      z.object({ user_id: z.string(), name: z.string(), ended_on: z.string().nullable() }),
      await db.execute(sql`
        select distinct on (s.dingtalk_user_id) u.id as user_id, u.name, s.ended_on::text as ended_on
          from import_coordinator_rows s join users u on u.dingtalk_user_id = s.dingtalk_user_id
         where s.import_id = ${ref.id} and s.deactivate and u.active
         order by s.dingtalk_user_id, s.row_no`),
    );
    if (people.length > 0) {
      const posts = rowsOf(
        z.object({
          id: z.string(),
          user_id: z.string(),
          kind: z.enum(COORDINATOR_KIND_KEYS),
          jurisdictionCode: z.string(),
          validTo: z.string().nullable(),
        }),
        await db.execute(sql`
          select r.id, r.user_id, r.kind, r.jurisdiction_code as "jurisdictionCode", r.valid_to::text as "validTo"
            from coordinator_roles r join users u on u.id = r.user_id
           where u.active and exists (
                   select 1 from import_coordinator_rows s
                    where s.import_id = ${ref.id} and s.deactivate and s.dingtalk_user_id = u.dingtalk_user_id)
             and (r.valid_to is null or r.valid_to >= ${today}::date)`),
      );
      const postsOf = new Map<string, typeof posts>();
      for (const p of posts) postsOf.set(p.user_id, [...(postsOf.get(p.user_id) ?? []), p]);
      for (const person of people)
        await writeDeactivation(db, actor.userId, actor.ip, now, {
          userId: person.user_id,
          name: person.name,
          posts: postsOf.get(person.user_id) ?? [],
          endedOn: person.ended_on ?? today,
          note: AUDIT_NOTE,
        });
    }
    return counts;
  },

  async clear(db, importId) {
    await db.execute(sql`delete from import_coordinator_rows where import_id = ${importId}`);
  },
};

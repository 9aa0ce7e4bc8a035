import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { z } from 'zod';
import {
  LEVEL_LABELS,
  isValidDivisionCode,
  jurisdictionLevelOf,
  parentCode,
  type JurisdictionLevel,
} from '@coordnet/shared/domain/jurisdiction-code';
import { codeIsWithin } from '../../lib/scope';
import { parseText, parseYesNo } from './cells';
import { JURISDICTION_COLUMNS, normaliseHeader, type JurisdictionColumn } from './columns';
import { cellError, cellOf, type ImportKindHandler, type RowError, countsSchema } from './kind';
import { rollupSql } from '../../db/rules-sql';

interface JurisdictionRow {
  rowNo: number;
  code: string;
  name: string;
  /** A code the county assigned itself, not a 统计用区划代码; null: not said (an existing row keeps its flag). */
  localCode: boolean | null;
}

const IMPORTABLE: readonly JurisdictionLevel[] = ['township', 'park', 'community'];

/** The staged row `s` would change the stored jurisdiction `j`. */
const CHANGED = sql.raw(
  '(j.name <> s.name or (s.local_code is not null and s.local_code is distinct from j.local_code))',
);

/**
 * Townships (乡镇街道), parks and communities (社区村) under the importer's county. The code
 * decides the level and the parent (统计用区划代码), so a file only needs codes and names; a
 * parent may come earlier or later in the same file.
 */
export const jurisdictionImport: ImportKindHandler<JurisdictionColumn, JurisdictionRow> = {
  sheetName: '区划',
  columns: JURISDICTION_COLUMNS,

  parse(row, { header, jurisdictions }, errors) {
    const cell = (key: JurisdictionColumn) => cellOf(row, header, key);
    const name = cell('name');
    const before = errors.length;
    const code = cell('code');
    if (!code) cellError(errors, row, header, 'code', '区划代码不能为空');
    else if (!isValidDivisionCode(code))
      cellError(errors, row, header, 'code', '区划代码应为 12 位统计用区划代码');
    else {
      const level = jurisdictionLevelOf(code);
      const existing = jurisdictions.get(code);
      const parent = parentCode(code)!;
      const managedParent = jurisdictions.get(parent)?.managed;
      if (!IMPORTABLE.includes(level))
        cellError(errors, row, header, 'code', '只能导入乡镇(街道)、工业园区和社区(村)，该代码是更高层级');
      else if (existing && !existing.managed)
        cellError(errors, row, header, 'code', `${existing.name}(${code}) 不在您的管理范围内`);
      else if (managedParent === false)
        cellError(errors, row, header, 'code', `上级区划 ${parent} 不在您的管理范围内`);
      else {
        const levelText = cell('level');
        if (levelText && normaliseHeader(levelText) !== normaliseHeader(LEVEL_LABELS[level]))
          cellError(errors, row, header, 'level', `层级与区划代码不符，该代码是${LEVEL_LABELS[level]}`);
        const parentText = cell('parentCode');
        if (parentText && parentText !== parent)
          cellError(errors, row, header, 'parentCode', `上级区划代码与区划代码不符，应为 ${parent}`);
      }
    }
    if (!name) cellError(errors, row, header, 'name', '名称不能为空');
    else {
      // The same check as every free-text cell: length, and no NUL or lone surrogate.
      const parsed = parseText(name, 100, '名称');
      if (!parsed.ok) cellError(errors, row, header, 'name', parsed.message);
    }
    const localCode = parseYesNo(cell('localCode'));
    if (!localCode.ok) cellError(errors, row, header, 'localCode', localCode.message);
    return errors.length > before || !localCode.ok
      ? null
      : { rowNo: row.rowNo, code, name, localCode: localCode.value };
  },

  staging: {
    table: 'import_jurisdiction_rows',
    columns: ['row_no', 'code', 'name', 'local_code'],
    values: (r) => [r.rowNo, r.code, r.name, r.localCode],
  },

  async check(db, ref) {
    const errors: RowError[] = [];
    const duplicates = rowsOf(
      z.object({ code: z.string(), rows: z.array(z.coerce.number()) }),
      await db.execute(sql`
        select code, array_agg(row_no order by row_no) as rows from import_jurisdiction_rows
         where import_id = ${ref.id} group by code having count(*) > 1 limit 10000`),
    );
    for (const d of duplicates)
      for (const rowNo of d.rows.slice(1))
        errors.push({
          rowNo,
          column: '区划代码',
          value: d.code,
          message: `与第 ${d.rows[0]} 行的区划代码重复`,
        });
    const staged = rowsOf(
      z.object({ row_no: z.coerce.number(), code: z.string() }),
      await db.execute(sql`
        select row_no, code from import_jurisdiction_rows where import_id = ${ref.id} order by row_no`),
    );
    const codes = new Set(staged.map((s) => s.code));
    const parents = [...new Set(staged.map((s) => parentCode(s.code)!))].filter((p) => !codes.has(p));
    const existing = new Set(
      rowsOf(
        z.object({ code: z.string() }),
        await db.execute(
          sql`select code from jurisdictions where code in (${sql.join(
            parents.length > 0 ? parents.map((p) => sql`${p}`) : [sql`null`],
            sql`, `,
          )})`,
        ),
      ).map((r) => r.code),
    );
    for (const s of staged) {
      const parent = parentCode(s.code)!;
      if (!codes.has(parent) && !existing.has(parent))
        errors.push({
          rowNo: s.row_no,
          column: '区划代码',
          value: s.code,
          message: `上级区划 ${parent} 不存在`,
        });
      else if (!codes.has(parent) && !codeIsWithin(parent, ref.scopeCodes))
        errors.push({
          rowNo: s.row_no,
          column: '区划代码',
          value: s.code,
          message: `上级区划 ${parent} 不在您的管理范围内`,
        });
    }
    return errors;
  },

  touched: (ref) => sql`select code from import_jurisdiction_rows where import_id = ${ref.id}`,

  async count(db, ref) {
    const [row] = rowsOf(
      countsSchema,
      await db.execute(sql`
        select count(*) filter (where j.code is null)::int as inserts,
               count(*) filter (where j.code is not null and ${CHANGED})::int as updates,
               count(*) filter (where j.code is not null and not ${CHANGED})::int as unchanged
          from import_jurisdiction_rows s left join jurisdictions j on j.code = s.code
         where s.import_id = ${ref.id}`),
    );
    return row!;
  },

  async merge(db, ref, now) {
    const counts = await jurisdictionImport.count(db, ref);
    await db.execute(sql`
      update jurisdictions j set name = s.name, local_code = coalesce(s.local_code, j.local_code)
        from import_jurisdiction_rows s
       where s.import_id = ${ref.id} and j.code = s.code and ${CHANGED}`);
    // Level and parent follow from the code; parents in the same file are inserted in the same
    // statement, and foreign keys are checked at its end.
    await db.execute(sql`
      insert into jurisdictions (code, parent_code, level, name, depth, local_code, created_at)
      select s.code,
             case when substr(s.code, 10) = '000' then ${rollupSql(sql`s.code`, 'county')}
                  else ${rollupSql(sql`s.code`, 'township')} end,
             (case when substr(s.code, 10) <> '000' then 'community'
                   when substr(s.code, 7, 3)::int between 400 and 599 then 'park'
                   else 'township' end)::jurisdiction_level,
             s.name,
             case when substr(s.code, 10) = '000' then 3 else 4 end,
             coalesce(s.local_code, false),
             ${now}
        from import_jurisdiction_rows s
       where s.import_id = ${ref.id} and not exists (select 1 from jurisdictions j where j.code = s.code)`);
    return counts;
  },

  async clear(db, importId) {
    await db.execute(sql`delete from import_jurisdiction_rows where import_id = ${importId}`);
  },
};

import { describe, expect, it } from 'vitest';
import { DEMO_JURISDICTIONS } from '../src/demo/demo-data';
import {
  COORDINATOR_COLUMNS,
  ENTERPRISE_COLUMNS,
  matchHeader,
  type ColumnSpec,
} from '../src/modules/imports/columns';
import { coordinatorImport } from '../src/modules/imports/coordinator-import';
import { enterpriseImport } from '../src/modules/imports/enterprise-import';
import type { ImportKindHandler, JurisdictionIndex, RowError } from '../src/modules/imports/kind';

/**
 * The templates' example rows are what people copy: each must pass the importer's own checks
 * (seed §二(一) the coordinator database is filled by bulk import).
 */

const jurisdictions: JurisdictionIndex = new Map(
  DEMO_JURISDICTIONS.map((j) => [j.code, { level: j.level, name: j.name, managed: true }]),
);

function parseExample<K extends string>(handler: ImportKindHandler<K>, columns: readonly ColumnSpec<K>[]) {
  const header = matchHeader(
    columns.map((c) => c.header),
    columns,
  );
  const errors: RowError[] = [];
  const value = handler.parse(
    { rowNo: 2, cells: columns.map((c) => c.example) },
    { header, jurisdictions },
    errors,
  );
  return { value, errors };
}

describe('seed §二(一) import templates: the example row is itself valid', () => {
  it('the enterprise template’s example (USCC, demo jurisdiction, industry, figures) passes every check', () => {
    const { value, errors } = parseExample(enterpriseImport as ImportKindHandler<string>, ENTERPRISE_COLUMNS);
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ uscc: '91330106MA2B3C4D5D', industry: 'software' });
  });

  it('the coordinator template’s example passes every check', () => {
    const { errors } = parseExample(coordinatorImport as ImportKindHandler<string>, COORDINATOR_COLUMNS);
    expect(errors).toEqual([]);
  });

  it('the coordinator template explains 结束日期, 结束原因 and 人员状态 (seed §二(三) 信息库 upkeep)', () => {
    const notes = new Map<string, string>(COORDINATOR_COLUMNS.map((c) => [c.header, c.note]));
    expect(notes.get('结束日期')).toMatch(/不再任职的第一天.*不能晚于今天.*晚于任职日期/);
    expect(notes.get('结束原因')).toMatch(/离任 或 调岗.*必填/);
    expect(notes.get('人员状态')).toMatch(/在岗 或 停用.*全部任职/);
  });
});

import { Readable } from 'node:stream';
import { SIGN_IN_SHEET_MAX_ROWS } from '@coordnet/shared/api/development';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { toHalfWidth } from '@coordnet/shared/domain/text';
import { AppError } from '../../lib/errors';
import { parseMobile, parseText } from '../imports/cells';
import { EXAMPLE_MARK, matchHeader, type ColumnSpec } from '../imports/columns';
import { ImportFileError, readRows, sniffFormat, type SheetRow } from '../imports/reader';

/**
 * 签到表 (sign-in sheet) of a training session: 姓名, 手机号, 学时, read by the imports module's sheet
 * reader (.xlsx or .csv, UTF-8 or GBK), headers matched as the import templates' are. A title row
 * (如「劳动争议调解实务培训签到表」) above the header is allowed.
 */
const COLUMNS = [
  {
    key: 'name',
    header: '姓名',
    aliases: ['参训人员', '人员姓名', '参训人', '签到人', 'name'],
    required: true,
    example: '刘芳',
    note: '参训人员姓名',
    width: 10,
  },
  {
    key: 'mobile',
    header: '手机号',
    aliases: ['手机', '手机号码', '联系电话', '联系手机', '移动电话', '电话', 'mobile'],
    example: '13800000000',
    note: '同名时用于区分',
    width: 14,
  },
  {
    key: 'hours',
    header: '学时',
    aliases: ['参训学时', '培训学时', '课时', 'hours'],
    example: '3.5',
    note: '不填为本期全部学时',
    width: 8,
  },
] as const satisfies readonly ColumnSpec[];

/** How many leading rows may come before the header (a title, a date line). */
const HEADER_SEARCH_ROWS = 5;

export interface SheetLine {
  rowNo: number;
  name: string;
  mobile: string | null;
  hours: number | null;
  /** Why the line cannot be used as written (Chinese); matched later otherwise. */
  problem: string | null;
}

/** Reads the sheet whole (it is small); a file that cannot be read, or has no 姓名 column, is a 400. */
export async function readSignInSheet(bytes: Buffer, sessionHours: number): Promise<SheetLine[]> {
  const rows: SheetRow[] = [];
  try {
    const sniffed = sniffFormat(bytes.subarray(0, 4096));
    for await (const batch of readRows(Readable.from([bytes]), sniffed, 500)) {
      rows.push(...batch);
      if (rows.length > SIGN_IN_SHEET_MAX_ROWS + HEADER_SEARCH_ROWS)
        throw new AppError('sign_in_sheet_too_long', `签到表最多 ${SIGN_IN_SHEET_MAX_ROWS} 行`);
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw new AppError('sign_in_sheet_unreadable', error.message);
    throw error;
  }
  const headerAt = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => matchHeader(r.cells, COLUMNS).missing.length === 0);
  if (headerAt < 0)
    throw new AppError('sign_in_sheet_header', '签到表缺少“姓名”列：请在第一行填写表头 姓名、手机号、学时');
  const { index } = matchHeader(rows[headerAt]!.cells, COLUMNS);
  const cell = (row: SheetRow, key: (typeof COLUMNS)[number]['key']) => {
    const i = index.get(key);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };

  const lines: SheetLine[] = [];
  for (const row of rows.slice(headerAt + 1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const rawName = cell(row, 'name');
    if (EXAMPLE_MARK.test(rawName)) continue;
    const problems: string[] = [];
    const name = parseText(rawName.replace(/\s+/g, ''), 50, '姓名');
    if (!name.ok) problems.push(name.message);
    else if (!name.value) problems.push('姓名为空');
    const mobile = parseMobile(cell(row, 'mobile'));
    if (!mobile.ok) problems.push(`手机号${mobile.message}`);
    const hoursText = toHalfWidth(cell(row, 'hours')).replace(/\s|学时$|小时$|h$/gi, '');
    let hours: number | null = null;
    if (hoursText) {
      const value = Number(hoursText);
      if (!/^\d+(\.\d+)?$/.test(hoursText) || !Number.isFinite(value) || value <= 0)
        problems.push('学时应为大于 0 的数字');
      else if (Math.round(value * 10) !== value * 10) problems.push('学时最多保留一位小数');
      else if (value > sessionHours) problems.push(`学时不能超过本期培训的 ${sessionHours} 学时`);
      else hours = value;
    }
    lines.push({
      rowNo: row.rowNo,
      name: name.ok ? (name.value ?? '') : rawName,
      mobile: mobile.ok ? mobile.value : null,
      hours,
      problem: problems.length > 0 ? problems.join('；') : null,
    });
  }
  if (lines.length === 0) throw new AppError('sign_in_sheet_empty', '签到表中没有参训人员');
  if (lines.length > SIGN_IN_SHEET_MAX_ROWS)
    throw new AppError('sign_in_sheet_too_long', `签到表最多 ${SIGN_IN_SHEET_MAX_ROWS} 行`);
  return lines;
}

export interface Candidate {
  userId: string;
  name: string;
  mobile: string | null;
}

/**
 * Matches each line to one person holding a post under the organising level: by 手机号 when given
 * (the name must agree), else by 姓名 (an ambiguous name asks for the mobile). A person on two lines
 * is reported on the second.
 */
export function matchLines(lines: SheetLine[], candidates: Candidate[]) {
  const byMobile = new Map<string, Candidate>();
  const byName = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.mobile) byMobile.set(c.mobile, c);
    byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  }
  const seen = new Map<string, number>();
  return lines.map((line) => {
    let userId: string | null = null;
    let problem = line.problem;
    if (!problem) {
      if (line.mobile) {
        const found = byMobile.get(line.mobile);
        if (!found) problem = `手机号 ${maskMobile(line.mobile)} 不是本地区在岗的劳动关系协调员`;
        else if (found.name !== line.name) problem = `姓名与手机号不符（该手机号登记的姓名是 ${found.name}）`;
        else userId = found.userId;
      } else {
        const found = byName.get(line.name) ?? [];
        if (found.length === 0) problem = `本地区在岗的劳动关系协调员中没有“${line.name}”`;
        else if (found.length > 1) problem = `本地区有 ${found.length} 名“${line.name}”，请填写手机号以区分`;
        else userId = found[0]!.userId;
      }
      if (userId) {
        const first = seen.get(userId);
        if (first !== undefined) {
          problem = `与第 ${first} 行是同一人`;
          userId = null;
        } else seen.set(userId, line.rowNo);
      }
    }
    return {
      rowNo: line.rowNo,
      name: line.name,
      mobile: line.mobile ? maskMobile(line.mobile) : null,
      hours: line.hours,
      userId,
      problem,
    };
  });
}

// 12-digit statistical division codes (统计用区划代码): 2 province, 2 city, 2 county, 3 township, 3 village.
export type JurisdictionLevel = 'province' | 'city' | 'county' | 'township' | 'park' | 'community';

export type DivisionRank = 'province' | 'city' | 'county' | 'township' | 'community';

export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'park';

export const LEVEL_LABELS: Record<JurisdictionLevel, string> = {
  province: '省',
  city: '市',
  county: '县(市、区)',
  township: '乡镇(街道)',
  park: '工业园区',
  community: '社区(村)',
};

const RANKS: readonly DivisionRank[] = ['province', 'city', 'county', 'township', 'community'];
/** Exclusive end of each segment, by rank. */
const SEGMENT_ENDS = [2, 4, 6, 9, 12] as const;

function segments(code: string): string[] {
  return SEGMENT_ENDS.map((end, i) => code.slice(SEGMENT_ENDS[i - 1] ?? 0, end));
}

/** Index of the last non-zero segment, or -1 when the code is malformed. */
function depth(code: string): number {
  if (!/^\d{12}$/.test(code)) return -1;
  const nonZero = segments(code).map((s) => !/^0+$/.test(s));
  const last = nonZero.lastIndexOf(true);
  return last >= 0 && nonZero.slice(0, last).every(Boolean) ? last : -1;
}

export function isValidDivisionCode(code: string): boolean {
  return depth(code) >= 0;
}

/** Structural rank; throws on a malformed code. */
export function codeRank(code: string): DivisionRank {
  const d = depth(code);
  if (d < 0) throw new RangeError(`Invalid division code: ${code}`);
  return RANKS[d]!;
}

export function subtreePrefix(code: string): string {
  return code.slice(0, SEGMENT_ENDS[RANKS.indexOf(codeRank(code))]);
}

export function parentCode(code: string): string | null {
  const d = depth(code);
  if (d <= 0) return null;
  return code.slice(0, SEGMENT_ENDS[d - 1]).padEnd(12, '0');
}

/** Ancestors from the province down, excluding the code itself. */
export function ancestorCodes(code: string): string[] {
  const result: string[] = [];
  for (let p = parentCode(code); p !== null; p = parentCode(p)) result.unshift(p);
  return result;
}

/** True when `code` is `ancestorCode` itself or lies anywhere beneath it. */
export function isWithin(code: string, ancestorCode: string): boolean {
  if (!isValidDivisionCode(code) || !isValidDivisionCode(ancestorCode)) return false;
  return code.startsWith(subtreePrefix(ancestorCode));
}

function townshipSegment(code: string): number | null {
  const d = depth(code);
  return d >= RANKS.indexOf('township') ? Number(code.slice(6, 9)) : null;
}

/** 001–099 街道, 100–199 镇, 200–399 乡, 400–599 类似乡级单位 (parks, development zones). */
export function townshipKind(code: string): TownshipKind | null {
  const s = townshipSegment(code);
  if (s === null || s >= 600) return null;
  if (s < 100) return 'subdistrict';
  if (s < 200) return 'town';
  return s < 400 ? 'township' : 'park';
}

export function isParkSegment(code: string): boolean {
  return townshipKind(code) === 'park';
}

export function jurisdictionLevelOf(code: string): JurisdictionLevel {
  const rank = codeRank(code);
  return rank === 'township' && isParkSegment(code) ? 'park' : rank;
}

/** Digits of the significant prefix of a code of each rank (the rest are zeros). */
export const RANK_DIGITS: Record<DivisionRank, number> = {
  province: SEGMENT_ENDS[0],
  city: SEGMENT_ENDS[1],
  county: SEGMENT_ENDS[2],
  township: SEGMENT_ENDS[3],
  community: SEGMENT_ENDS[4],
};

/**
 * The code a code rolls up to at a rank: its first digits, padded back to 12 with zeros (a code at or
 * above the rank stays itself). server/src/db/rules-sql.ts writes the same in SQL.
 */
export const rollupCode = (code: string, rank: DivisionRank): string =>
  code.slice(0, RANK_DIGITS[rank]).padEnd(12, '0');

/** The county (县/市/区) a code lies in; a county, city or province is its own. */
export const countyCodeOf = (code: string): string => rollupCode(code, 'county');

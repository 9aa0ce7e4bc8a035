import type { PostEndReason } from '@coordnet/shared/api/registry';
import { hasInvalidText } from '@coordnet/shared/api/text';
import {
  industryOfName,
  SIZE_LABELS,
  type EnterpriseSize,
  type Industry,
} from '@coordnet/shared/domain/enterprise-size';
import {
  COORDINATOR_KINDS,
  ENTERPRISE_STATUSES,
  SKILL_LEVELS,
  type EnterpriseStatus,
  type CoordinatorKind,
  type SkillLevel,
} from '@coordnet/shared/domain/roles';
import { toHalfWidth } from '@coordnet/shared/domain/text';

/**
 * Cell parsers of the import: each returns the typed value, or a Chinese message saying what the
 * cell should contain. An empty cell is `null` (the caller decides whether that is allowed).
 */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; message: string };

/** Full-width digits, letters and brackets to ASCII (shared with the USCC input of the API). */
const fold = toHalfWidth;

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Digits with optional thousands separators, as Excel users type them. */
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/** Free text up to `max` characters; empty is null; never a NUL or a lone surrogate (as the API). */
export function parseText(text: string, max: number, label: string): Parsed<string> {
  if (hasInvalidText(text)) return fail(`${label}含有无法识别的字符（空字符或残缺的编码），请删除后重试`);
  return text.length > max ? fail(`${label}不能超过 ${max} 个字`) : ok(text || null);
}

export function parseInteger(text: string, label: string, max = 10_000_000): Parsed<number> {
  if (!text) return ok(null);
  const plain = fold(text).replace(/\s|人$/g, '');
  if (!NUMBER.test(plain)) return fail(`${label}应为整数`);
  const value = Number(plain.replace(/,/g, ''));
  if (!Number.isInteger(value)) return fail(`${label}应为整数`);
  if (value < 0 || value > max) return fail(`${label}应在 0 到 ${max} 之间`);
  return ok(value);
}

export function parseDecimal(text: string, label: string): Parsed<string> {
  if (!text) return ok(null);
  const plain = fold(text).replace(/\s|万元$/g, '');
  if (!NUMBER.test(plain)) return fail(`${label}应为数字(单位万元)`);
  const value = Number(plain.replace(/,/g, ''));
  if (value < 0 || value >= 1e12) return fail(`${label}应在 0 到 999,999,999,999 万元之间`);
  return ok(value.toFixed(2));
}

/** Mainland mobiles: 11 digits starting 13–19; spaces, dashes and +86 are dropped. */
export function parseMobile(text: string): Parsed<string> {
  if (!text) return ok(null);
  if (/^1[3-9]\d{9}$/.test(text)) return ok(text);
  const digits = fold(text)
    .replace(/[\s-]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? ok(digits) : fail('应为 11 位中国大陆手机号');
}

export function parseYesNo(text: string): Parsed<boolean> {
  if (!text) return ok(null);
  const t = fold(text).toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '√'].includes(t)) return ok(true);
  if (['否', 'n', 'no', 'false', '0', '×'].includes(t)) return ok(false);
  return fail('应填 是 或 否');
}

function lookupOf<T extends string>(entries: [T, readonly string[]][]): Map<string, T> {
  const map = new Map<string, T>();
  for (const [key, names] of entries) for (const name of [key, ...names]) map.set(fold(name), key);
  return map;
}

const SIZES = lookupOf<EnterpriseSize>(
  (Object.keys(SIZE_LABELS) as EnterpriseSize[]).map((k) => [k, [SIZE_LABELS[k], SIZE_LABELS[k].charAt(0)]]),
);

export function parseSize(text: string): Parsed<EnterpriseSize> {
  if (!text) return ok(null);
  const size = SIZES.get(fold(text).replace(/企业$/, ''));
  return size ? ok(size) : fail('应填 大型、中型、小型 或 微型');
}

export function parseIndustry(text: string): Parsed<Industry> {
  if (!text) return ok(null);
  const industry = industryOfName(text);
  return industry ? ok(industry) : fail('行业无法识别，请填写模板填写说明中的行业名称');
}

const KIND_NAMES = lookupOf<CoordinatorKind>(
  (Object.keys(COORDINATOR_KINDS) as CoordinatorKind[]).map((k) => {
    const label = COORDINATOR_KINDS[k];
    const short = label.replace(/(劳动关系)?(协调员|监测联络员)$/, '');
    return [k, [label, short, short.split('/')[0]!]];
  }),
);

export function parseCoordinatorKind(text: string): Parsed<CoordinatorKind> {
  if (!text) return ok(null);
  const kind = KIND_NAMES.get(fold(text));
  return kind ? ok(kind) : fail('协调员类别无法识别，请填写模板填写说明中的类别');
}

const SKILLS = lookupOf<SkillLevel>(
  (Object.keys(SKILL_LEVELS) as SkillLevel[]).map((k) => {
    const [level, grade] = SKILL_LEVELS[k].split('/') as [string, string];
    return [k, [SKILL_LEVELS[k], level, grade]];
  }),
);

export function parseSkillLevel(text: string): Parsed<SkillLevel> {
  if (!text) return ok(null);
  const level = SKILLS.get(fold(text));
  return level ? ok(level) : fail('技能等级应为 四级、三级、二级 或 一级');
}

export function parseEndReason(text: string): Parsed<PostEndReason> {
  if (!text) return ok(null);
  const t = fold(text);
  if (['离任', '离职', '退出'].includes(t)) return ok('departed');
  if (['调岗', '调动', '转岗'].includes(t)) return ok('transferred');
  return fail('结束原因应填 离任 或 调岗');
}

/** 人员状态: true for 停用 (deactivate), false for 在岗. */
export function parsePersonStatus(text: string): Parsed<boolean> {
  if (!text) return ok(null);
  const t = fold(text);
  if (['停用', '已停用', '离任', '离职'].includes(t)) return ok(true);
  if (['在岗', '正常', '启用', '在职'].includes(t)) return ok(false);
  return fail('人员状态应填 在岗 或 停用');
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** 2025-06-30, 2025/6/30, 2025年6月30日, or an Excel date serial. */
export function parseDate(text: string): Parsed<string> {
  if (!text) return ok(null);
  const t = fold(text);
  let y: number, m: number, d: number;
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^\d{5}(\.\d+)?$/.test(t)) {
    const date = new Date(EXCEL_EPOCH + Math.floor(Number(t)) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else return fail('日期格式应为 2025-06-30');
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || y < 1950 || y > 2100) return fail('日期不存在');
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** Longitude or latitude in decimal degrees, inside China's bounds (GCJ-02 is defined there only). */
export function parseDegrees(text: string, axis: 'longitude' | 'latitude'): Parsed<number> {
  if (!text) return ok(null);
  const plain = fold(text).replace(/\s|°$/g, '');
  const [label, min, max] = axis === 'longitude' ? ['经度', 72, 138] : ['纬度', 0.8, 56];
  if (!/^[+-]?\d+(\.\d+)?$/.test(plain))
    return fail(`${label}应为十进制度数，如 ${axis === 'longitude' ? '120.0975' : '30.3243'}`);
  const value = Number(plain);
  if (value < min || value > max) return fail(`${label}应在 ${min} 到 ${max} 之间（中国境内）`);
  return ok(value);
}

/** 正常 / 停业 / 注销 (or the keys). */
export function parseEnterpriseStatus(text: string): Parsed<EnterpriseStatus> {
  if (!text) return ok(null);
  const plain = fold(text).trim();
  for (const [key, label] of Object.entries(ENTERPRISE_STATUSES) as [EnterpriseStatus, string][])
    if (plain === label || plain.toLowerCase() === key) return ok(key);
  if (plain === '在营' || plain === '存续' || plain === '开业') return ok('active');
  return fail('经营状态应为 正常、停业 或 注销');
}

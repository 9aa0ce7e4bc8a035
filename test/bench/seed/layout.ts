// The shape of the synthetic province: which townships each county has, how many enterprises each
// township registers and what each enterprise looks like. Everything is a pure function of the
// random seed and an index, so the loaders can regenerate an enterprise instead of keeping it.
import { CITIES, PROVINCE, TOWNSHIP_TOTALS } from './zhejiang';

export type Kind = keyof typeof TOWNSHIP_TOTALS;
export type Size = 'micro' | 'small' | 'medium' | 'large';

export interface Jurisdiction {
  code: string;
  parentCode: string | null;
  level: 'province' | 'city' | 'county' | 'township' | 'park';
  name: string;
  depth: number;
}

export interface Township extends Jurisdiction {
  kind: Kind;
  index: number;
  /** Enterprises [first, first + count) belong here. */
  first: number;
  count: number;
  coordinators: number;
  countyName: string;
  /** Position of the county in `Province.counties`. */
  countyIndex: number;
}

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit mix of two integers (for per-row deterministic randomness). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A UUID that is unique per (namespace, n) and looks random where it matters: the first 8 hex
 * digits are a hash, so index pages fill evenly; the last 12 carry n itself, so there are no collisions.
 */
export function uuidOf(namespace: number, n: number): string {
  const h = mix(namespace, n);
  const g = mix(n, namespace);
  return `${hex(h, 8)}-${hex(g & 0xffff, 4)}-4${hex((g >>> 16) & 0xfff, 3)}-${hex(0x8000 | namespace, 4)}-${hex(n, 12)}`;
}

/** Splits `total` over weights exactly (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]!++;
  return counts;
}

const gaussian = (random: () => number) =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const NAME_CHARS =
  '东西南北新安宁和平兴华丰清江溪山湖塘桥港浦城石龙凤云林竹梅兰松柏金银玉宝泉源长永乐福寿康庆祥瑞昌盛明光阳春秋岭坑岙洋坞埠渡头';
export function placeName(random: () => number): string {
  const a = NAME_CHARS[Math.floor(random() * NAME_CHARS.length)]!;
  const b = NAME_CHARS[Math.floor(random() * NAME_CHARS.length)]!;
  return a + b;
}

const KIND_SUFFIX: Record<Kind, string> = { subdistrict: '街道', town: '镇', township: '乡', park: '' };
const PARK_SUFFIXES = ['经济开发区', '高新技术产业园区', '工业园区', '小微企业园'];
/** Segment ranges of statistical codes: 001–099 街道, 100–199 镇, 200–399 乡, 400– parks. */
const KIND_BASE: Record<Kind, number> = { subdistrict: 1, town: 101, township: 201, park: 401 };
/** Enterprises per township relative to a town (乡 are rural, parks are smaller than towns). */
const KIND_DENSITY: Record<Kind, number> = { subdistrict: 1.1, town: 1.0, township: 0.12, park: 0.7 };

export interface Province {
  jurisdictions: Jurisdiction[];
  townships: Township[];
  counties: Jurisdiction[];
  enterprises: number;
}

/** Many enterprises (≥ the county's threshold, 50 by default): at least 4 coordinators, else 2. */
export function coordinatorsFor(enterprises: number): number {
  if (enterprises < 50) return 2;
  return Math.max(4, Math.min(12, Math.ceil(enterprises / 1000)));
}

export function layProvince(enterprises: number, seed: number): Province {
  const random = prng(seed);
  const counties = CITIES.flatMap((city) =>
    city.counties.map(([code, name]) => {
      const district = name.endsWith('区');
      const countyLevelCity = name.endsWith('市');
      return { city, code, name, district, countyLevelCity };
    }),
  );
  const weight = (kind: Kind, c: (typeof counties)[number]) => {
    if (kind === 'subdistrict') return c.district ? 3 : c.countyLevelCity ? 1.2 : 0.5;
    if (kind === 'town') return c.district ? 0.7 : c.countyLevelCity ? 1.6 : 1.2;
    if (kind === 'township') return (c.district ? 0.1 : c.countyLevelCity ? 0.6 : 1.4) * c.city.hills;
    return c.city.economy;
  };
  const perCounty = Object.fromEntries(
    (Object.keys(TOWNSHIP_TOTALS) as Kind[]).map((kind) => [
      kind,
      apportion(
        TOWNSHIP_TOTALS[kind],
        counties.map((c) => weight(kind, c)),
      ),
    ]),
  ) as Record<Kind, number[]>;

  const jurisdictions: Jurisdiction[] = [
    { code: PROVINCE.code, parentCode: null, level: 'province', name: PROVINCE.name, depth: 0 },
  ];
  const countyRows: Jurisdiction[] = [];
  for (const city of CITIES)
    jurisdictions.push({
      code: `${city.code}00000000`,
      parentCode: PROVINCE.code,
      level: 'city',
      name: city.name,
      depth: 1,
    });
  const townships: Township[] = [];
  const density: number[] = [];
  counties.forEach((c, ci) => {
    const county: Jurisdiction = {
      code: `${c.code}000000`,
      parentCode: `${c.city.code}00000000`,
      level: 'county',
      name: c.name,
      depth: 2,
    };
    jurisdictions.push(county);
    countyRows.push(county);
    for (const kind of Object.keys(TOWNSHIP_TOTALS) as Kind[]) {
      for (let k = 0; k < perCounty[kind][ci]!; k++) {
        const name =
          kind === 'park'
            ? `${c.name.slice(0, 2)}${placeName(random)}${PARK_SUFFIXES[k % PARK_SUFFIXES.length]}`
            : `${placeName(random)}${KIND_SUFFIX[kind]}`;
        townships.push({
          code: `${c.code}${String(KIND_BASE[kind] + k).padStart(3, '0')}000`,
          parentCode: county.code,
          level: kind === 'park' ? 'park' : 'township',
          name,
          depth: 3,
          kind,
          index: townships.length,
          first: 0,
          count: 0,
          coordinators: 0,
          countyName: c.name,
          countyIndex: ci,
        });
        // Log-normal: most townships have a few thousand firms, a few industrial towns far more.
        density.push(KIND_DENSITY[kind] * c.city.economy * Math.exp(0.7 * gaussian(random)));
      }
    }
  });
  const counts = apportion(enterprises, density);
  let first = 0;
  townships.forEach((t, i) => {
    t.count = counts[i]!;
    t.first = first;
    t.coordinators = coordinatorsFor(t.count);
    first += t.count;
  });
  jurisdictions.push(...townships);
  return { jurisdictions, townships, counties: countyRows, enterprises };
}

const INDUSTRIES = [
  ['industry', 30],
  ['wholesale', 18],
  ['retail', 14],
  ['construction', 6],
  ['software', 6],
  ['catering', 5],
  ['leasing_business', 6],
  ['transport', 3],
  ['warehousing', 2],
  ['accommodation', 2],
  ['real_estate', 2],
  ['property_management', 2],
  ['agriculture', 2],
  ['other', 2],
] as const;
const INDUSTRY_TOTAL = INDUSTRIES.reduce((a, [, w]) => a + w, 0);
const INDUSTRY_WORDS: Record<string, string> = {
  industry: '机械制造',
  wholesale: '贸易',
  retail: '商贸',
  construction: '建设工程',
  software: '网络科技',
  catering: '餐饮管理',
  leasing_business: '企业管理咨询',
  transport: '物流运输',
  warehousing: '仓储',
  accommodation: '酒店管理',
  real_estate: '房地产开发',
  property_management: '物业管理',
  agriculture: '农业开发',
  other: '实业',
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾';
const GIVEN = '建国海峰晓燕立新丽芳伟强敏静磊军华明红英杰涛斌慧婷超勇艳娟';

export function personName(h: number): string {
  return (
    SURNAMES[h % SURNAMES.length]! +
    GIVEN[(h >>> 8) % GIVEN.length]! +
    ((h >>> 16) % 3 === 0 ? '' : GIVEN[(h >>> 20) % GIVEN.length]!)
  );
}

export interface Enterprise {
  index: number;
  id: string;
  size: Size;
  industry: string;
  employees: number;
  isKey: boolean;
  status: 'active' | 'suspended' | 'closed';
  inScope: boolean;
  /** Enterprise coordinators (seed §二(一)): large/medium ≥ 2, small ≥ 1, micro 1 or the platform. */
  coordinators: number;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/** A valid unified social credit code (GB 32100-2015), unique per enterprise index. */
export function usccOf(countyCode: string, index: number): string {
  let org = '';
  for (let n = index, k = 0; k < 8; k++, n = Math.floor(n / 31)) org = USCC_ALPHABET[n % 31]! + org;
  const body = `91${countyCode}${org}0`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body[i]!) * USCC_WEIGHTS[i]!;
  return body + USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export const ENTERPRISE_NS = 1;

export function enterpriseAt(index: number, seed: number): Enterprise {
  const h1 = mix(seed, index);
  const h2 = mix(index, seed ^ 0x5bd1e995);
  const u = h1 / 4294967296;
  // Mostly micro and small, as registered firms are (about 82 / 14 / 3.4 / 0.6 %).
  const size: Size = u < 0.82 ? 'micro' : u < 0.96 ? 'small' : u < 0.994 ? 'medium' : 'large';
  let pick = h2 % INDUSTRY_TOTAL;
  let industry = 'other';
  for (const [key, w] of INDUSTRIES) {
    if (pick < w) {
      industry = key;
      break;
    }
    pick -= w;
  }
  const r = (h2 >>> 8) % 1000;
  const employees =
    size === 'micro'
      ? 1 + (r % 19)
      : size === 'small'
        ? 20 + (r % 280)
        : size === 'medium'
          ? 300 + (r % 700)
          : 1000 + r * 4;
  const k = (h1 >>> 4) % 1000;
  const isKey = size === 'large' || (size === 'medium' ? k < 300 : size === 'small' ? k < 30 : k < 2);
  const s = (h2 >>> 18) % 100;
  const status = s < 97 ? 'active' : s < 98 ? 'suspended' : 'closed';
  const inScope = (h1 >>> 20) % 100 < 98;
  const coordinators =
    status !== 'active'
      ? 0
      : size === 'large' || size === 'medium'
        ? 2
        : size === 'small'
          ? 1
          : (h2 >>> 12) % 4 === 0
            ? 1
            : 0;
  return {
    index,
    id: uuidOf(ENTERPRISE_NS, index),
    size,
    industry,
    employees,
    isKey,
    status,
    inScope,
    coordinators,
  };
}

export function enterpriseName(e: Enterprise, countyName: string, seed: number): string {
  const h = mix(seed ^ 0x1234567, e.index);
  const brand =
    NAME_CHARS[h % NAME_CHARS.length]! +
    NAME_CHARS[(h >>> 10) % NAME_CHARS.length]! +
    NAME_CHARS[(h >>> 20) % NAME_CHARS.length]!;
  return `${countyName.slice(0, 2)}${brand}${INDUSTRY_WORDS[e.industry]}有限公司`;
}

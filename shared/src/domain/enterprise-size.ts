// Enterprise size by 《统计上大中小微型企业划分办法(2017)》.
export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';

export const SIZE_LABELS: Record<EnterpriseSize, string> = {
  large: '大型',
  medium: '中型',
  small: '小型',
  micro: '微型',
};

export const INDUSTRIES = {
  agriculture: '农、林、牧、渔业',
  industry: '工业',
  construction: '建筑业',
  wholesale: '批发业',
  retail: '零售业',
  transport: '交通运输业',
  warehousing: '仓储业',
  postal: '邮政业',
  accommodation: '住宿业',
  catering: '餐饮业',
  telecom: '信息传输业',
  software: '软件和信息技术服务业',
  real_estate: '房地产开发经营',
  property_management: '物业管理',
  leasing_business: '租赁和商务服务业',
  other: '其他未列明行业',
} as const;

export type Industry = keyof typeof INDUSTRIES;

/**
 * Other names of the standard's industries: the GB/T 4754 sections it groups together. Its 工业 is
 * 采矿业, 制造业 and 电力、热力、燃气及水生产和供应业 (note 2 of the 2017 standard's table).
 */
export const INDUSTRY_ALIASES: Partial<Record<Industry, readonly string[]>> = {
  industry: ['采矿业', '制造业', '电力、热力、燃气及水生产和供应业'],
};

/** Punctuation and spaces do not tell names apart (电力,热力、燃气及水生产和供应业 is the same). */
const nameKey = (name: string) => name.normalize('NFKC').replace(/[\s、，,;；]/g, '');
const INDUSTRY_BY_NAME = new Map<string, Industry>(
  (Object.keys(INDUSTRIES) as Industry[]).flatMap((k) =>
    [k, INDUSTRIES[k], ...(INDUSTRY_ALIASES[k] ?? [])].map((name) => [nameKey(name), k] as const),
  ),
);

/** The standard's industry of a name as people write it (the label, a GB/T 4754 section, or the key). */
export function industryOfName(name: string): Industry | null {
  return INDUSTRY_BY_NAME.get(nameKey(name)) ?? null;
}

/** employees 从业人员 (人), revenue 营业收入 (万元), assets 资产总额 (万元). */
export type SizeMetric = 'employees' | 'revenue' | 'assets';

/** Lower bounds for large, medium and small; below the small bound is micro. */
export type SizeBounds = readonly [large: number, medium: number, small: number];

export const SIZE_THRESHOLDS: Record<Industry, Partial<Record<SizeMetric, SizeBounds>>> = {
  agriculture: { revenue: [20000, 500, 50] },
  industry: { employees: [1000, 300, 20], revenue: [40000, 2000, 300] },
  construction: { revenue: [80000, 6000, 300], assets: [80000, 5000, 300] },
  wholesale: { employees: [200, 20, 5], revenue: [40000, 5000, 1000] },
  retail: { employees: [300, 50, 10], revenue: [20000, 500, 100] },
  transport: { employees: [1000, 300, 20], revenue: [30000, 3000, 200] },
  warehousing: { employees: [200, 100, 20], revenue: [30000, 1000, 100] },
  postal: { employees: [1000, 300, 20], revenue: [30000, 2000, 100] },
  accommodation: { employees: [300, 100, 10], revenue: [10000, 2000, 100] },
  catering: { employees: [300, 100, 10], revenue: [10000, 2000, 100] },
  telecom: { employees: [2000, 100, 10], revenue: [100000, 1000, 100] },
  software: { employees: [300, 100, 10], revenue: [10000, 1000, 50] },
  real_estate: { revenue: [200000, 1000, 100], assets: [10000, 5000, 2000] },
  property_management: { employees: [1000, 300, 100], revenue: [5000, 1000, 500] },
  leasing_business: { employees: [300, 100, 10], assets: [120000, 8000, 100] },
  other: { employees: [300, 100, 10] },
};

export interface EnterpriseMetrics {
  industry: Industry;
  employees?: number | null;
  revenue?: number | null;
  assets?: number | null;
}

const GRADED: readonly EnterpriseSize[] = ['large', 'medium', 'small'];

/**
 * Large, medium and small must meet the lower bound of every metric of the industry, otherwise the
 * enterprise drops a level; anything below the small bounds is micro. Null when a needed metric is missing.
 */
export function classifyEnterprise(metrics: EnterpriseMetrics): EnterpriseSize | null {
  const bounds = Object.entries(SIZE_THRESHOLDS[metrics.industry]) as [SizeMetric, SizeBounds][];
  const values = bounds.map(([metric]) => metrics[metric]);
  if (values.some((v) => v == null || !Number.isFinite(v))) return null;
  const level = GRADED.findIndex((_, i) => bounds.every(([, b], j) => values[j]! >= b[i]!));
  return level === -1 ? 'micro' : GRADED[level]!;
}

export function effectiveSize(
  declared: EnterpriseSize | null | undefined,
  computed: EnterpriseSize | null,
): EnterpriseSize | null {
  return declared ?? computed;
}

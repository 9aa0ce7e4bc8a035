import { describe, it, expect } from 'vitest';
import {
  INDUSTRIES,
  SIZE_LABELS,
  SIZE_THRESHOLDS,
  classifyEnterprise,
  effectiveSize,
  industryOfName,
} from '../src/domain/enterprise-size';
import type { EnterpriseSize, Industry, SizeMetric } from '../src/domain/enterprise-size';

const LEVELS: EnterpriseSize[] = ['large', 'medium', 'small'];
const BELOW: Record<string, EnterpriseSize> = { large: 'medium', medium: 'small', small: 'micro' };
const industries = Object.keys(INDUSTRIES) as Industry[];

function atLevel(industry: Industry, level: number): Partial<Record<SizeMetric, number>> {
  const bounds = SIZE_THRESHOLDS[industry];
  return Object.fromEntries(Object.entries(bounds).map(([metric, b]) => [metric, b![level]]));
}

describe('classifyEnterprise', () => {
  it('lists the sixteen industries of the 2017 standard in order', () => {
    expect(industries).toEqual([
      'agriculture',
      'industry',
      'construction',
      'wholesale',
      'retail',
      'transport',
      'warehousing',
      'postal',
      'accommodation',
      'catering',
      'telecom',
      'software',
      'real_estate',
      'property_management',
      'leasing_business',
      'other',
    ]);
    expect(INDUSTRIES.industry).toBe('工业');
    expect(INDUSTRIES.leasing_business).toBe('租赁和商务服务业');
  });

  it('encodes the published table', () => {
    expect(SIZE_THRESHOLDS).toEqual({
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
    });
  });

  describe.each(industries)('%s', (industry) => {
    const metrics = Object.keys(SIZE_THRESHOLDS[industry]) as SizeMetric[];

    it.each(LEVELS.map((level, i) => [level, i] as const))(
      'exactly at every %s lower bound is that size',
      (level, i) => {
        expect(classifyEnterprise({ industry, ...atLevel(industry, i) })).toBe(level);
      },
    );

    it.each(LEVELS.flatMap((level, i) => metrics.map((metric) => [level, metric, i] as const)))(
      'one below the %s bound of %s drops a level',
      (level, metric, i) => {
        const values = atLevel(industry, i);
        values[metric] = values[metric]! - 1;
        expect(classifyEnterprise({ industry, ...values })).toBe(BELOW[level]);
      },
    );

    it.each(metrics)('missing %s gives null', (metric) => {
      const values = atLevel(industry, 0);
      delete values[metric];
      expect(classifyEnterprise({ industry, ...values })).toBeNull();
      expect(classifyEnterprise({ industry, ...values, [metric]: null })).toBeNull();
    });
  });

  it('DOMAIN §2 example: 工业 1000 employees and 40000 万元 revenue is large, 39999 is medium', () => {
    expect(classifyEnterprise({ industry: 'industry', employees: 1000, revenue: 40000 })).toBe('large');
    expect(classifyEnterprise({ industry: 'industry', employees: 1000, revenue: 39999 })).toBe('medium');
  });

  it('2017 standard: large/medium/small need every metric, else drop a level', () => {
    expect(classifyEnterprise({ industry: 'industry', employees: 5000, revenue: 2500 })).toBe('medium');
    expect(classifyEnterprise({ industry: 'industry', employees: 299, revenue: 100000 })).toBe('small');
    expect(classifyEnterprise({ industry: 'construction', revenue: 90000, assets: 4999 })).toBe('small');
  });

  it('2017 standard: micro needs to meet only one micro criterion', () => {
    expect(classifyEnterprise({ industry: 'industry', employees: 19, revenue: 100000 })).toBe('micro');
    expect(classifyEnterprise({ industry: 'industry', employees: 5000, revenue: 299 })).toBe('micro');
    expect(classifyEnterprise({ industry: 'real_estate', revenue: 500000, assets: 1999 })).toBe('micro');
  });

  it('treats fractional revenue just below a bound as below it', () => {
    expect(classifyEnterprise({ industry: 'agriculture', revenue: 49.99 })).toBe('micro');
    expect(classifyEnterprise({ industry: 'agriculture', revenue: 50 })).toBe('small');
  });

  it('ignores metrics the industry does not list', () => {
    expect(classifyEnterprise({ industry: 'agriculture', revenue: 600, employees: 1 })).toBe('medium');
    expect(classifyEnterprise({ industry: 'other', employees: 300 })).toBe('large');
  });

  it('treats a non-finite metric as missing', () => {
    expect(classifyEnterprise({ industry: 'other', employees: Number.NaN })).toBeNull();
  });
});

describe('effectiveSize', () => {
  it('DOMAIN §2: the declared size wins over the computed one', () => {
    expect(effectiveSize('small', 'large')).toBe('small');
    expect(effectiveSize(null, 'large')).toBe('large');
    expect(effectiveSize(undefined, null)).toBeNull();
  });
});

describe('SIZE_LABELS', () => {
  it('labels sizes in Chinese', () => {
    expect(SIZE_LABELS).toEqual({ large: '大型', medium: '中型', small: '小型', micro: '微型' });
  });
});

describe('industries by name (2017 standard, 工业 = 采矿业 + 制造业 + 电力、热力、燃气及水生产和供应业)', () => {
  it('classifies 电力、热力、燃气及水生产和供应业 as 工业, however its punctuation is typed', () => {
    expect(industryOfName('电力、热力、燃气及水生产和供应业')).toBe('industry');
    expect(industryOfName('电力，热力、燃气及水生产和供应业')).toBe('industry');
    expect(industryOfName('制造业')).toBe('industry');
    expect(industryOfName('采矿业')).toBe('industry');
    expect(industryOfName('工业')).toBe('industry');
  });

  it('so a 350-person power supplier with 5,000万元 revenue is medium by the 工业 bounds', () => {
    const industry = industryOfName('电力、热力、燃气及水生产和供应业')!;
    expect(classifyEnterprise({ industry, employees: 350, revenue: 5000 })).toBe('medium');
  });

  it('knows every label and key, and nothing else', () => {
    for (const key of industries) {
      expect(industryOfName(INDUSTRIES[key])).toBe(key);
      expect(industryOfName(key)).toBe(key);
    }
    expect(industryOfName('金融业')).toBeNull();
  });
});

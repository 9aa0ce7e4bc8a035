import { describe, expect, it } from 'vitest';
import type { EvaluationMetrics } from '../src/api/evaluations';
import { evaluationScores, finalScore, weightedScore } from '../src/domain/evaluation';

const WEIGHTS = { coverage: 40, frequency: 20, quality: 25, difficulty: 15 };
const metrics = (m: Partial<EvaluationMetrics>): EvaluationMetrics => ({
  enterprises: 0,
  months: 12,
  quarters: 4,
  contactedMonths: 0,
  visitedQuarters: 0,
  monthlyCoverage: null,
  quarterlyCoverage: null,
  contacts: 0,
  visits: 0,
  workerServices: 0,
  approved: 0,
  rejections: 0,
  approvalRate: null,
  dutiesCovered: 0,
  largeMedium: 0,
  keyEnterprises: 0,
  riskReports: 0,
  difficultyIndex: 0,
  ...m,
});

describe('seed §二(三) 技能比武和评价机制 (C5): a post is scored only on what it can do', () => {
  it('seed §二(三) C5: a post with no enterprises has every part 不适用 and no score — never 0 by construction', () => {
    const scores = evaluationScores(metrics({}), 120);
    expect(scores).toEqual({ coverage: null, frequency: null, quality: null, difficulty: null });
    expect(weightedScore(scores, WEIGHTS)).toBeNull();
    expect(finalScore(null, 5)).toBeNull();
  });

  it('seed §二(三) C5: before any period has closed, coverage and frequency do not apply; the rest is scaled back to 100', () => {
    const m = metrics({
      enterprises: 10,
      months: 0,
      quarters: 0,
      approvalRate: 1,
      dutiesCovered: 7,
      difficultyIndex: 60,
    });
    const scores = evaluationScores(m, 120);
    expect(scores).toEqual({ coverage: null, frequency: null, quality: 100, difficulty: 50 });
    // (25 × 100 + 15 × 50) / (25 + 15)
    expect(weightedScore(scores, WEIGHTS)).toBe(81.25);
  });

  it('seed §二(三) C5: a community coordinator who served the enterprises of the community scores above 0', () => {
    const m = metrics({
      enterprises: 3,
      monthlyCoverage: 1,
      quarterlyCoverage: 0,
      contacts: 36,
      dutiesCovered: 3,
      difficultyIndex: 3,
    });
    const scores = evaluationScores(m, 100);
    expect(weightedScore(scores, WEIGHTS)).toBeGreaterThan(0);
  });
});

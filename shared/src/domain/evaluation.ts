import type { EvaluationMetrics, EvaluationWeights } from '../api/evaluations';

/**
 * Scores of the yearly evaluation of a grassroots coordinator (seed §二(三) 技能比武和评价机制, C5),
 * each 0–100 with two decimals:
 * - coverage: the mean of monthly contact coverage and quarterly visit coverage;
 * - frequency: contacts + visits + worker services against one contact a month and one visit a
 *   quarter per enterprise, capped at 100;
 * - quality: half the approval rate of their visits, half the share of the seven duties covered;
 * - difficulty: their difficulty index against the highest of the county in the year.
 * The computed score weighs the rounded parts with the county's weights (percent).
 */
export const DUTY_COUNT = 7;

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
const share = (num: number, den: number) => (den > 0 ? Math.min(num / den, 1) : 0);

export interface EvaluationScores {
  coverage: number;
  frequency: number;
  quality: number;
  difficulty: number;
}

export function evaluationScores(m: EvaluationMetrics, countyMaxDifficulty: number): EvaluationScores {
  const expected = m.enterprises * (m.months + m.quarters);
  return {
    coverage: round2((100 * ((m.monthlyCoverage ?? 0) + (m.quarterlyCoverage ?? 0))) / 2),
    frequency: round2(100 * share(m.contacts + m.visits + m.workerServices, expected)),
    quality: round2(50 * (m.approvalRate ?? 0) + 50 * share(m.dutiesCovered, DUTY_COUNT)),
    difficulty: round2(100 * share(m.difficultyIndex, countyMaxDifficulty)),
  };
}

export function weightedScore(s: EvaluationScores, w: EvaluationWeights): number {
  return round2(
    (s.coverage * w.coverage +
      s.frequency * w.frequency +
      s.quality * w.quality +
      s.difficulty * w.difficulty) /
      100,
  );
}

/** computed + adjustment, kept within 0–100. */
export const finalScore = (computed: number, adjustment: number) =>
  round2(Math.min(100, Math.max(0, computed + adjustment)));

/** Rates to four decimals, null with nothing to divide by (as the reports show them). */
export const rate4 = (num: number, den: number): number | null =>
  den > 0 ? Math.round((Math.min(num, den) / den) * 10_000) / 10_000 : null;

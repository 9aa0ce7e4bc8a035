import type { EvaluationMetrics, EvaluationWeights } from '../api/evaluations';

/**
 * Scores of the yearly evaluation of a grassroots coordinator (seed §二(三) 技能比武和评价机制, C5),
 * each 0–100 with two decimals:
 * - coverage: the mean of monthly contact coverage and quarterly visit coverage;
 * - frequency: contacts + visits + worker services against one contact a month and one visit a
 *   quarter per enterprise, capped at 100;
 * - quality: half the approval rate of their visits, half the share of the seven duties covered;
 * - difficulty: their difficulty index against the highest of the county in the year.
 * A part is null (不适用) when the post has nothing to do it with — no enterprises under it, no
 * period closed yet — so no post scores 0 by construction: the computed score weighs the rounded
 * parts that apply with the county's weights, scaled back to 100, and is null when none applies.
 */
export const DUTY_COUNT = 7;

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
const share = (num: number, den: number) => (den > 0 ? Math.min(num / den, 1) : 0);

export interface EvaluationScores {
  coverage: number | null;
  frequency: number | null;
  quality: number | null;
  difficulty: number | null;
}
const PARTS = ['coverage', 'frequency', 'quality', 'difficulty'] as const;

export function evaluationScores(m: EvaluationMetrics, countyMaxDifficulty: number): EvaluationScores {
  const expected = m.enterprises * (m.months + m.quarters);
  const serves = m.enterprises > 0;
  return {
    coverage:
      expected > 0 ? round2((100 * ((m.monthlyCoverage ?? 0) + (m.quarterlyCoverage ?? 0))) / 2) : null,
    frequency: expected > 0 ? round2(100 * share(m.contacts + m.visits + m.workerServices, expected)) : null,
    quality: serves ? round2(50 * (m.approvalRate ?? 0) + 50 * share(m.dutiesCovered, DUTY_COUNT)) : null,
    difficulty:
      serves && countyMaxDifficulty > 0 ? round2(100 * share(m.difficultyIndex, countyMaxDifficulty)) : null,
  };
}

/** The parts that apply, weighed and scaled back to 100; null when none applies. */
export function weightedScore(s: EvaluationScores, w: EvaluationWeights): number | null {
  let sum = 0;
  let weights = 0;
  for (const part of PARTS) {
    const score = s[part];
    if (score === null) continue;
    sum += score * w[part];
    weights += w[part];
  }
  return weights > 0 ? round2(sum / weights) : null;
}

/** computed + adjustment, kept within 0–100; null while there is nothing to score. */
export const finalScore = (computed: number | null, adjustment: number) =>
  computed === null ? null : round2(Math.min(100, Math.max(0, computed + adjustment)));

/** Rates to four decimals, null with nothing to divide by (as the reports show them). */
export const rate4 = (num: number, den: number): number | null =>
  den > 0 ? Math.round((Math.min(num, den) / den) * 10_000) / 10_000 : null;

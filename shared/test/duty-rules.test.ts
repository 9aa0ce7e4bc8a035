import { describe, expect, it } from 'vitest';
import type { DutyRule } from '../src/api/duties';
import { logCountsFor, rulesForKind } from '../src/domain/duty-rules';
import { countyCodeOf, rollupCode } from '../src/domain/jurisdiction-code';
import { QUALIFYING_CASES, ROLLUP_CASES } from './rule-cases';

const RULES: DutyRule[] = ['C1', 'C2', 'C3'];

describe('which logs count for C1, C2 and C3 (docs/domain.md §4)', () => {
  it.each(QUALIFYING_CASES)('a $kind log, $status, counts for $rules', ({ kind, status, rules }) => {
    expect(RULES.filter((rule) => logCountsFor(rule, { kind, status }))).toEqual(rules);
  });

  it('the rules a kind can count for, whatever its status', () => {
    expect(rulesForKind('contact')).toEqual(['C1']);
    expect(rulesForKind('visit')).toEqual(['C1', 'C2']);
    expect(rulesForKind('guidance')).toEqual(['C3']);
    expect(rulesForKind('risk_report')).toEqual([]);
  });
});

describe('the code a jurisdiction code rolls up to', () => {
  it.each(ROLLUP_CASES)('$code at $rank is $expected', ({ code, rank, expected }) => {
    expect(rollupCode(code, rank)).toBe(expected);
    if (rank === 'county') expect(countyCodeOf(code)).toBe(expected);
  });
});

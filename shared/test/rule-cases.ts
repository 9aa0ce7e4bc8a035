import type { DutyRule } from '../src/api/duties';
import type { LogStatus } from '../src/api/logs';
import type { LogKind } from '../src/api/keys';
import type { DivisionRank } from '../src/domain/jurisdiction-code';

/**
 * The cases both sides of a rule are checked against: the TypeScript functions in
 * shared/src/domain (shared/test/duty-rules.test.ts) and the SQL server/src/db/rules-sql.ts derives
 * from the same data (server/test/rules-sql.test.ts).
 */

/** For each kind and status a log can have: the rules it counts for (docs/domain.md §4). */
export const QUALIFYING_CASES: { kind: LogKind; status: LogStatus; rules: DutyRule[] }[] = [
  { kind: 'contact', status: 'recorded', rules: ['C1'] },
  { kind: 'visit', status: 'submitted', rules: ['C1', 'C2'] },
  { kind: 'visit', status: 'approved', rules: ['C1', 'C2'] },
  { kind: 'visit', status: 'rejected', rules: [] },
  { kind: 'visit', status: 'withdrawn', rules: [] },
  { kind: 'guidance', status: 'recorded', rules: ['C3'] },
  { kind: 'risk_report', status: 'open', rules: [] },
  { kind: 'risk_report', status: 'closed', rules: [] },
];

/** Codes and what they roll up to at each rank. */
export const ROLLUP_CASES: { code: string; rank: DivisionRank; expected: string }[] = [
  { code: '330106109201', rank: 'county', expected: '330106000000' },
  { code: '330106109201', rank: 'township', expected: '330106109000' },
  { code: '330106109201', rank: 'city', expected: '330100000000' },
  { code: '330106109201', rank: 'province', expected: '330000000000' },
  { code: '330106400000', rank: 'county', expected: '330106000000' },
  { code: '330106000000', rank: 'county', expected: '330106000000' },
  { code: '330100000000', rank: 'county', expected: '330100000000' },
  { code: '330000000000', rank: 'county', expected: '330000000000' },
];

import { sql, type SQL } from 'drizzle-orm';
import type { DutyRule } from '@coordnet/shared/api/duties';
import { QUALIFYING_LOGS, RULES_NEEDING_APPROVAL } from '@coordnet/shared/domain/duty-rules';
import { RANK_DIGITS, type DivisionRank } from '@coordnet/shared/domain/jurisdiction-code';

/**
 * The SQL side of the rules that live in shared/src/domain/ (one home per rule): the fragments are
 * derived from the same data the app reads, so the two cannot drift apart. Every literal written
 * here comes from those typed constants, never from a request.
 */

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The logs that count for a rule (shared/src/domain/duty-rules.ts), as SQL text over a duty_logs
 * alias: `(l.kind = 'contact' or (l.kind = 'visit' and l.status in ('submitted', 'approved')))`.
 * Plain text for the checks written as strings (db/tally-check.ts).
 */
export function qualifyingCondition(rule: DutyRule, alias = 'l'): string {
  const parts = QUALIFYING_LOGS[rule].map((q) => {
    const kind = `${alias}.kind = ${literal(q.kind)}`;
    return q.statuses ? `(${kind} and ${alias}.status in (${q.statuses.map(literal).join(', ')}))` : kind;
  });
  return parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
}

/** The logs that count for one rule, as SQL over a duty_logs alias (`l` unless told). */
export const qualifyingFor = (rule: DutyRule, alias = 'l'): SQL => sql.raw(qualifyingCondition(rule, alias));

/** The logs that count for the rule a SQL expression names (C1, C2 or C3), over a duty_logs alias `l`. */
export const qualifiesSql = (rule: SQL | string): SQL =>
  sql`(${sql.join(
    (Object.keys(QUALIFYING_LOGS) as DutyRule[]).map(
      (r) => sql`(${rule} = ${sql.raw(literal(r))} and ${qualifyingFor(r)})`,
    ),
    sql` or `,
  )})`;

const prefixLength = (digits: DivisionRank | number): number => {
  const n = typeof digits === 'number' ? digits : RANK_DIGITS[digits];
  if (!Number.isInteger(n) || n < 0 || n > 12) throw new RangeError(`Invalid prefix length: ${n}`);
  return n;
};

/**
 * The code a code column rolls up to at a rank or a digit count (shared rollupCode), in SQL:
 * `rpad(left(code, 6), 12, '0')`.
 */
export const rollupSql = (column: SQL, digits: DivisionRank | number): SQL =>
  sql`rpad(left(${column}, ${sql.raw(String(prefixLength(digits)))}), 12, '0')`;

/** The same as SQL text, for the checks written as strings. */
export const rollupText = (column: string, digits: DivisionRank | number): string =>
  `rpad(left(${column}, ${prefixLength(digits)}), 12, '0')`;

/**
 * The significant digits of a code column at a rank (shared subtreePrefix): `left(code, 9)`, for
 * comparing with another code's prefix or with prefix parameters, where rollupSql would pad both.
 */
export const codePrefixSql = (column: SQL, digits: DivisionRank | number): SQL =>
  sql`left(${column}, ${sql.raw(String(prefixLength(digits)))})`;

/** The same as SQL text, for the statements written as strings. */
export const codePrefixText = (column: string, digits: DivisionRank | number): string =>
  `left(${column}, ${prefixLength(digits)})`;

/**
 * The codes of `column` inside the subtree at a rank of the code `prefixOf` (a column or a
 * parameter), as the index range bound of a text_pattern_ops index, which rollupSql cannot express:
 * `column ~>=~ left(x, 9) and column ~<=~ (left(x, 9) || '999')`. `from` raises the lower bound
 * (a walk's cursor): `greatest(left(x, 9), from)`.
 */
export function codeRangeSql(column: SQL, prefixOf: SQL, digits: DivisionRank | number, from?: SQL): SQL {
  const n = prefixLength(digits);
  const prefix = codePrefixSql(prefixOf, n);
  const lower = from ? sql`greatest(${prefix}, ${from})` : prefix;
  return sql`${column} ~>=~ ${lower}
     and ${column} ~<=~ (${prefix} || ${sql.raw(literal('9'.repeat(12 - n)))})`;
}

/** The county a code column lies in (shared countyCodeOf), in SQL. */
export const countyCodeSql = (column: SQL): SQL => rollupSql(column, 'county');

/** Whether the rule a SQL expression names is done only once approved (C2), else done on any counting log. */
export const needsApprovalSql = (rule: SQL | string): SQL =>
  sql`(${rule} in (${sql.raw(RULES_NEEDING_APPROVAL.map(literal).join(', '))}))`;

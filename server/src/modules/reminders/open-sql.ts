import { sql, type SQL } from 'drizzle-orm';
import type { DutyRule } from '@coordnet/shared/api/duties';
import type { PolicySettings } from '@coordnet/shared/api/settings';
import { rollupSql } from '../../db/rules-sql';
import type { SettingsResolver } from '../settings/service';
import { enterpriseInScope } from '../duties/scope-sql';

/**
 * What "open" means to the reminders' set-based reads (open-walk.ts, counts.ts): the scope setting
 * of each rule, the open test over an enterprise, and the keys of the open lists.
 */

export const SCOPE_KEY = { C1: 'c1Scope', C2: 'c2Scope', C3: 'c3Scope' } as const satisfies Record<
  DutyRule,
  keyof PolicySettings
>;

/** The township (or park) an enterprise belongs to, from its code (a community's enterprises count for its township). */
export const townshipOf = (column: SQL) => rollupSql(column, 'township');

/** The month (C1) and the quarter (C2, null when no quarter is concerned) a list is for. */
export type Periods = { c1: string; c2: string | null };

/**
 * A personal list's key (township:user): the township's open enterprises this person answers for
 * (seed §二(三) 岗位责任制) — those whose 责任人 they are, and those with no current 责任人 — where a
 * plain township code stands for all of them. `openCounts` and `openItems` take both.
 */
export const personalKey = (township: string, userId: string) => `${township}:${userId}`;
/** The township of a list key. */
export const townshipOfKey = (key: string) => key.slice(0, 12);

/** Open for the rule: in its scope and no mark (done or awaiting) for the period; SQL over enterprises `e`. */
export function openFor(rule: 'C1' | 'C2', period: string | null, resolver: SettingsResolver): SQL {
  if (period === null) return sql`false`;
  // A scalar lookup per enterprise (not NOT EXISTS, which the planner would turn into a hash of
  // every mark of the period): only the few enterprises read get looked up. Through the index by
  // (rule, period, jurisdiction, enterprise), a township's lookups stay on a few neighbouring
  // pages; by the primary key they would land all over the marks of every period.
  return sql`(${resolver.caseOver(sql`e.jurisdiction_code`, (s) => s[SCOPE_KEY[rule]], enterpriseInScope)}
    and (select 1 from duty_marks m
          where m.rule = ${rule}::duty_rule and m.period = ${period}::varchar
            and m.jurisdiction_code = e.jurisdiction_code and m.enterprise_id = e.id) is null)`;
}

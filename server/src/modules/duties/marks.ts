import { inArray, sql, type SQL } from 'drizzle-orm';
import { DUTY_RULES, type DutyRule } from '@coordnet/shared/api/duties';
import type { LogKind } from '@coordnet/shared/api/keys';
import { rulesForKind } from '@coordnet/shared/domain/duty-rules';
import { periodOf, periodRange } from '@coordnet/shared/domain/period';
import type { Tx } from '../../db/client';
import { needsApprovalSql, qualifiesSql } from '../../db/rules-sql';
import { enterprises } from '../../db/schema/enterprises';

/**
 * The duty engine's bookkeeping (docs/domain.md §4). For each enterprise, rule and period a row in
 * duty_marks says `done` or `awaiting` (no row: due/overdue), and duty_tallies (per jurisdiction)
 * and duty_tallies_county (per county) count those rows for the summaries. Both are recomputed from the logs, set-based, inside the
 * transaction of every log write, approval, rejection, reopening and withdrawal.
 */

export interface MarkTarget {
  enterpriseId: string;
  rule: DutyRule;
  period: string;
}

/**
 * The periods a log of this kind can affect: one per rule it can count for (shared/src/domain/duty-rules.ts;
 * a visit is also that month's contact, docs/domain.md §4).
 */
export function targetsForLog(kind: LogKind, enterpriseId: string, occurredAt: Date): MarkTarget[] {
  return rulesForKind(kind).map((rule) => ({
    enterpriseId,
    rule,
    period: periodOf(occurredAt, DUTY_RULES[rule].period),
  }));
}

export interface LockedEnterprise {
  id: string;
  jurisdictionCode: string;
  size: string | null;
  isKey: boolean;
  counted: boolean;
}

/**
 * Locks enterprises (in id order, so concurrent writers cannot deadlock) for the rest of the
 * transaction: their marks and tallies change one writer at a time, and an enterprise update
 * (whose trigger moves tallies) waits for us or we for it.
 */
export async function lockEnterprises(
  tx: Tx,
  ids: readonly string[],
): Promise<Map<string, LockedEnterprise>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      id: enterprises.id,
      jurisdictionCode: enterprises.jurisdictionCode,
      size: enterprises.size,
      isKey: enterprises.isKey,
      status: enterprises.status,
      inScope: enterprises.inScope,
    })
    .from(enterprises)
    .where(inArray(enterprises.id, [...new Set(ids)]))
    .orderBy(enterprises.id)
    .for('no key update');
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        jurisdictionCode: r.jurisdictionCode,
        size: r.size,
        isKey: r.isKey,
        counted: r.status === 'active' && r.inScope,
      },
    ]),
  );
}

const SIZE_RANK: Record<string, number> = { large: 4, medium: 3, small: 2, micro: 1 };
export const sizeRank = (size: string | null) => (size ? (SIZE_RANK[size] ?? 0) : 0);

/**
 * Recomputes the marks of the targets from the logs and moves the tallies by the difference, in one
 * statement: the new marks, the old ones they replace, the upserts and removals, and the per
 * jurisdiction and per county tally deltas. Pass `locked` when the transaction already holds the
 * enterprises' locks (lockEnterprises), otherwise they are taken here first: the recomputation must
 * run in a statement that starts after the lock, so it sees every log committed before it.
 */
export async function refreshDutyMarks(
  tx: Tx,
  targets: readonly MarkTarget[],
  now: Date,
  options: {
    locked?: boolean;
    /** Other writes of the transaction (INSERTs), sent as CTEs of the same statement. */
    alongside?: readonly SQL[];
  } = {},
): Promise<void> {
  const unique = [...new Map(targets.map((t) => [`${t.enterpriseId}|${t.rule}|${t.period}`, t])).values()];
  const alongside = sql.join(
    (options.alongside ?? []).map((q, i) => sql`${sql.raw(`alongside_${i}`)} as (${q})`),
    sql`, `,
  );
  if (unique.length === 0) {
    if (options.alongside?.length) await tx.execute(sql`with ${alongside} select 1`);
    return;
  }
  if (!options.locked) {
    await lockEnterprises(
      tx,
      unique.map((t) => t.enterpriseId),
    );
  }
  const values = sql.join(
    unique.map((t) => {
      const { start, end } = periodRange(t.period);
      return sql`(${t.enterpriseId}::uuid, ${t.rule}::duty_rule, ${t.period}::varchar, ${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz)`;
    }),
    sql`, `,
  );
  await tx.execute(
    markRefreshStatement({
      alongside: options.alongside?.length ? alongside : undefined,
      values,
      now: sql`${now.toISOString()}::timestamptz`,
    }),
  );
}

/**
 * markRefreshStatement's `values` for `count` targets as placeholders (`t0_enterprise`, …), for a
 * text built once (db/built-once.ts); markTargetValues gives the values of a run.
 */
export const markTargetPlaceholders = (count: number): SQL =>
  sql.join(
    Array.from({ length: count }, (_, i) => {
      const p = (name: string) => sql.placeholder(`t${i}_${name}`);
      return sql`(${p('enterprise')}::uuid, ${p('rule')}::duty_rule, ${p('period')}::varchar, ${p('start')}::timestamptz, ${p('end')}::timestamptz)`;
    }),
    sql`, `,
  );

export function markTargetValues(targets: readonly MarkTarget[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  targets.forEach((t, i) => {
    const { start, end } = periodRange(t.period);
    Object.assign(values, {
      [`t${i}_enterprise`]: t.enterpriseId,
      [`t${i}_rule`]: t.rule,
      [`t${i}_period`]: t.period,
      [`t${i}_start`]: start.toISOString(),
      [`t${i}_end`]: end.toISOString(),
    });
  });
  return values;
}

/**
 * The one statement behind refreshDutyMarks: the new marks of the targets (`values`: rows of
 * enterprise_id, rule, period, start_at, end_at) from the logs that count for their rule
 * (db/rules-sql.ts), the old ones they replace, the upserts and removals, and the per jurisdiction
 * and per county tally deltas, with the transaction's other writes (`alongside`, CTEs) in front.
 * The P1 bench (test/bench/p1-contact-transaction.ts) renders the same text with pgbench variables.
 */
export function markRefreshStatement(p: { values: SQL; now: SQL; alongside?: SQL | undefined }): SQL {
  // Tally rows are written in key order and in the same statement shape as the enterprise
  // triggers' (county roll-up in a CTE, jurisdiction rows last), so concurrent writers lock shared
  // rows in the same order.
  return sql`
    with ${p.alongside ? sql`${p.alongside},` : sql``}
    t (enterprise_id, rule, period, start_at, end_at) as (values ${p.values}),
    computed as (
      select t.enterprise_id, t.rule, t.period,
        (case
          when count(l.id) = 0 then null
          when not ${needsApprovalSql(sql`t.rule`)} or bool_or(l.status = 'approved') then 'done'
          else 'awaiting'
        end)::duty_mark_state as state,
        (array_agg(l.id order by (l.status = 'approved') desc, l.occurred_at desc, l.id desc)
          filter (where l.id is not null))[1] as last_log_id
      from t
      left join duty_logs l
        on l.enterprise_id = t.enterprise_id
       and l.occurred_at >= t.start_at and l.occurred_at < t.end_at
       and ${qualifiesSql(sql`t.rule`)}
      group by t.enterprise_id, t.rule, t.period
    ),
    diff as (
      select c.enterprise_id, c.rule, c.period, c.state, c.last_log_id,
             m.state as old_state, m.last_log_id as old_last_log_id,
             e.jurisdiction_code, e.status = 'active' and e.in_scope as counted,
             enterprise_size_rank(e.size) as size_rank, e.is_key
        from computed c
        join enterprises e on e.id = c.enterprise_id
        left join duty_marks m
          on m.enterprise_id = c.enterprise_id and m.rule = c.rule and m.period = c.period
    ),
    upserted as (
      insert into duty_marks (enterprise_id, rule, period, state, jurisdiction_code, last_log_id, updated_at)
      select enterprise_id, rule, period, state, jurisdiction_code, last_log_id, ${p.now}
        from diff
       where state is not null
         and (old_state is distinct from state or old_last_log_id is distinct from last_log_id)
      on conflict (enterprise_id, rule, period) do update
        set state = excluded.state, jurisdiction_code = excluded.jurisdiction_code,
            last_log_id = excluded.last_log_id, updated_at = excluded.updated_at
      returning 1
    ),
    removed as (
      delete from duty_marks m
       using diff d
       where d.state is null and d.old_state is not null
         and m.enterprise_id = d.enterprise_id and m.rule = d.rule and m.period = d.period
      returning 1
    ),
    deltas as (
      select jurisdiction_code, rule, period, size_rank, is_key,
             (state is not distinct from 'done')::int - (old_state is not distinct from 'done')::int as done,
             (state is not distinct from 'awaiting')::int - (old_state is not distinct from 'awaiting')::int as awaiting
        from diff
       where counted and state is distinct from old_state
    ),
    county as (
      insert into duty_tallies_county as x (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
      select county_rollup_code(jurisdiction_code), rule, period, size_rank, is_key, sum(done), sum(awaiting)
        from deltas
       group by 1, 2, 3, 4, 5
      having sum(done) <> 0 or sum(awaiting) <> 0
       order by rule, period, 1, size_rank, is_key
      on conflict (rule, period, jurisdiction_code, size_rank, is_key) do update
        set done = x.done + excluded.done, awaiting = x.awaiting + excluded.awaiting
      returning 1
    )
    insert into duty_tallies as x (jurisdiction_code, rule, period, size_rank, is_key, done, awaiting)
    select jurisdiction_code, rule, period, size_rank, is_key, sum(done), sum(awaiting)
      from deltas
     group by 1, 2, 3, 4, 5
    having sum(done) <> 0 or sum(awaiting) <> 0
     order by rule, period, jurisdiction_code, size_rank, is_key
    on conflict (rule, period, jurisdiction_code, size_rank, is_key) do update
      set done = x.done + excluded.done, awaiting = x.awaiting + excluded.awaiting`;
}

import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { DutyRule } from '@coordnet/shared/api/duties';
import type { LogKind } from '@coordnet/shared/api/logs';
import { periodOf, periodRange } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { countyRollupCode, dutyMarks, dutyTallies, dutyTalliesCounty } from '../../db/schema/duties';
import { enterprises } from '../../db/schema/enterprises';

/**
 * The duty engine's bookkeeping (DOMAIN.md §4). For each enterprise, rule and period a row in
 * duty_marks says `done` or `awaiting` (no row: due/overdue), and duty_tallies (per jurisdiction)
 * and duty_tallies_county (per county) count those rows for the summaries. Both are recomputed from the logs, set-based, inside the
 * transaction of every log write, approval, rejection, reopening and withdrawal.
 */

export interface MarkTarget {
  enterpriseId: string;
  rule: DutyRule;
  period: string;
}

type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/** The periods a log of this kind can affect. A visit is also that month's contact (DOMAIN.md §4). */
export function targetsForLog(kind: LogKind, enterpriseId: string, occurredAt: Date): MarkTarget[] {
  switch (kind) {
    case 'contact':
      return [{ enterpriseId, rule: 'C1', period: periodOf(occurredAt, 'month') }];
    case 'visit':
      return [
        { enterpriseId, rule: 'C1', period: periodOf(occurredAt, 'month') },
        { enterpriseId, rule: 'C2', period: periodOf(occurredAt, 'quarter') },
      ];
    case 'guidance':
      return [{ enterpriseId, rule: 'C3', period: periodOf(occurredAt, 'year') }];
    case 'risk_report':
      return [];
  }
}

/** The logs that count for one rule, as SQL over a duty_logs alias `l`. */
export function qualifyingFor(rule: DutyRule): SQL {
  if (rule === 'C1')
    return sql`(l.kind = 'contact' or (l.kind = 'visit' and l.status in ('submitted', 'approved')))`;
  if (rule === 'C2') return sql`(l.kind = 'visit' and l.status in ('submitted', 'approved'))`;
  return sql`(l.kind = 'guidance')`;
}

/**
 * The logs that count for each rule, as SQL over a duty_logs alias `l` and a rule expression:
 * C1 a contact or a non-rejected visit; C2 a submitted or approved visit; C3 a guidance log.
 */
export const qualifiesSql = (rule: SQL | string) => sql`(
  (${rule} = 'C1' and (l.kind = 'contact' or (l.kind = 'visit' and l.status in ('submitted', 'approved'))))
  or (${rule} = 'C2' and l.kind = 'visit' and l.status in ('submitted', 'approved'))
  or (${rule} = 'C3' and l.kind = 'guidance'))`;

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

const markKeyIn = (targets: readonly MarkTarget[]) =>
  sql`(${dutyMarks.enterpriseId}, ${dutyMarks.rule}, ${dutyMarks.period}) in (${sql.join(
    targets.map((t) => sql`(${t.enterpriseId}::uuid, ${t.rule}::duty_rule, ${t.period}::varchar)`),
    sql`, `,
  )})`;

const keyOf = (t: MarkTarget) => `${t.enterpriseId}|${t.rule}|${t.period}`;

/** Recomputes the marks of the targets from the logs and moves the tallies by the difference. */
export async function refreshDutyMarks(tx: Tx, targets: readonly MarkTarget[], now: Date): Promise<void> {
  const unique = [...new Map(targets.map((t) => [keyOf(t), t])).values()];
  if (unique.length === 0) return;
  const locked = await lockEnterprises(
    tx,
    unique.map((t) => t.enterpriseId),
  );

  const values = sql.join(
    unique.map((t) => {
      const { start, end } = periodRange(t.period);
      return sql`(${t.enterpriseId}::uuid, ${t.rule}::duty_rule, ${t.period}::varchar, ${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz)`;
    }),
    sql`, `,
  );
  const computed = await tx.execute<{
    enterprise_id: string;
    rule: DutyRule;
    period: string;
    state: 'done' | 'awaiting' | null;
    last_log_id: string | null;
  }>(sql`
    select t.enterprise_id, t.rule, t.period,
      case
        when count(l.id) = 0 then null
        when t.rule <> 'C2' or bool_or(l.status = 'approved') then 'done'
        else 'awaiting'
      end as state,
      (array_agg(l.id order by (l.status = 'approved') desc, l.occurred_at desc, l.id desc)
        filter (where l.id is not null))[1] as last_log_id
    from (values ${values}) as t(enterprise_id, rule, period, start_at, end_at)
    left join duty_logs l
      on l.enterprise_id = t.enterprise_id
     and l.occurred_at >= t.start_at and l.occurred_at < t.end_at
     and ${qualifiesSql(sql`t.rule`)}
    group by t.enterprise_id, t.rule, t.period`);

  const old = await tx
    .select({
      enterpriseId: dutyMarks.enterpriseId,
      rule: dutyMarks.rule,
      period: dutyMarks.period,
      state: dutyMarks.state,
      lastLogId: dutyMarks.lastLogId,
    })
    .from(dutyMarks)
    .where(and(inArray(dutyMarks.enterpriseId, [...locked.keys()]), markKeyIn(unique)));
  const before = new Map(old.map((m) => [keyOf(m), m]));

  const upserts: (typeof dutyMarks.$inferInsert)[] = [];
  const removals: MarkTarget[] = [];
  const tallies = new Map<string, typeof dutyTallies.$inferInsert>();
  const tally = (e: LockedEnterprise, t: MarkTarget, state: 'done' | 'awaiting', delta: number) => {
    if (!e.counted) return;
    const key = `${e.jurisdictionCode}|${t.rule}|${t.period}|${sizeRank(e.size)}|${e.isKey}`;
    const row = tallies.get(key) ?? {
      jurisdictionCode: e.jurisdictionCode,
      rule: t.rule,
      period: t.period,
      sizeRank: sizeRank(e.size),
      isKey: e.isKey,
      done: 0,
      awaiting: 0,
    };
    if (state === 'done') row.done = (row.done ?? 0) + delta;
    else row.awaiting = (row.awaiting ?? 0) + delta;
    tallies.set(key, row);
  };

  for (const row of computed.rows) {
    const target: MarkTarget = { enterpriseId: row.enterprise_id, rule: row.rule, period: row.period };
    const enterprise = locked.get(target.enterpriseId);
    if (!enterprise) continue;
    const previous = before.get(keyOf(target));
    if (previous?.state !== row.state) {
      if (previous) tally(enterprise, target, previous.state, -1);
      if (row.state) tally(enterprise, target, row.state, 1);
    }
    if (row.state === null) {
      if (previous) removals.push(target);
    } else if (previous?.state !== row.state || previous.lastLogId !== row.last_log_id) {
      upserts.push({
        ...target,
        state: row.state,
        jurisdictionCode: enterprise.jurisdictionCode,
        lastLogId: row.last_log_id,
        updatedAt: now,
      });
    }
  }

  if (upserts.length > 0) {
    await tx
      .insert(dutyMarks)
      .values(upserts)
      .onConflictDoUpdate({
        target: [dutyMarks.enterpriseId, dutyMarks.rule, dutyMarks.period],
        set: {
          state: sql`excluded.state`,
          jurisdictionCode: sql`excluded.jurisdiction_code`,
          lastLogId: sql`excluded.last_log_id`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  if (removals.length > 0) {
    await tx.delete(dutyMarks).where(
      and(
        inArray(
          dutyMarks.enterpriseId,
          removals.map((t) => t.enterpriseId),
        ),
        markKeyIn(removals),
      ),
    );
  }
  // Sorted, so concurrent writers lock shared tally rows in the same order.
  const byKey = <
    T extends { jurisdictionCode: string; rule: string; period: string; sizeRank: number; isKey: boolean },
  >(
    a: T,
    b: T,
  ) =>
    `${a.rule}|${a.period}|${a.jurisdictionCode}|${a.sizeRank}|${a.isKey}` <
    `${b.rule}|${b.period}|${b.jurisdictionCode}|${b.sizeRank}|${b.isKey}`
      ? -1
      : 1;
  const changes = [...tallies.values()].filter((r) => r.done !== 0 || r.awaiting !== 0).sort(byKey);
  if (changes.length === 0) return;
  const county = new Map<string, typeof dutyTallies.$inferInsert>();
  for (const row of changes) {
    const code = countyRollupCode(row.jurisdictionCode);
    const key = `${code}|${row.rule}|${row.period}|${row.sizeRank}|${row.isKey}`;
    const sum = county.get(key) ?? { ...row, jurisdictionCode: code, done: 0, awaiting: 0 };
    sum.done = (sum.done ?? 0) + (row.done ?? 0);
    sum.awaiting = (sum.awaiting ?? 0) + (row.awaiting ?? 0);
    county.set(key, sum);
  }
  for (const [table, rows] of [
    [dutyTallies, changes],
    [dutyTalliesCounty, [...county.values()].filter((r) => r.done !== 0 || r.awaiting !== 0).sort(byKey)],
  ] as const) {
    if (rows.length === 0) continue;
    await tx
      .insert(table)
      .values(rows)
      .onConflictDoUpdate({
        target: [table.rule, table.period, table.jurisdictionCode, table.sizeRank, table.isKey],
        set: {
          done: sql`${table.done} + excluded.done`,
          awaiting: sql`${table.awaiting} + excluded.awaiting`,
        },
      });
  }
}

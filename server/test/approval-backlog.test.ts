import { refreshDutyMarks, targetsForLog } from '../src/modules/duties/marks';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { createJurisdictionRepository } from '../src/modules/jurisdictions/repository';
import { approvalBacklog } from '../src/modules/reminders/approval-backlog';
import { createSettingsService } from '../src/modules/settings/service';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * The county group's "visits awaiting approval for more than N days" list (seed §二(三)
 * 工作联络机制; the county supervises the grassroots coordinators' visits): per approver the
 * oldest waiting visits up to the list limit, and how many wait in all, against a count made here
 * by hand from the rows inserted.
 */

const NOW = new Date('2026-11-16T01:00:00Z');
const DAY = 86_400_000;
const XIHU = '330106000000';
const GONGSHU = '330105000000';
const HANGZHOU = '330100000000';

let t: TestApp;
type Visit = { id: string; county: string; status: string; kind: string; updatedAt: Date };
const visits: Visit[] = [];

async function setOverrides(code: string, overrides: Record<string, unknown>) {
  await t.database.db.execute(sql`
    insert into policy_settings (jurisdiction_code, overrides, updated_at)
    values (${code}, ${JSON.stringify(overrides)}::jsonb, now())
    on conflict (jurisdiction_code) do update set overrides = excluded.overrides`);
}

async function backlog() {
  const db = t.database.db;
  const settings = createSettingsService({
    db,
    clock: fixedClock(NOW),
    jurisdictions: createJurisdictionRepository(db),
  });
  return approvalBacklog(db, {
    provinces: ['330000000000'],
    resolver: await settings.resolver(['330000000000']),
    now: NOW,
  });
}

/** What the list must say, worked out from the inserted rows. */
function expected(approverOf: (county: string) => string, days: (county: string) => number, limit: number) {
  const waiting = visits
    .filter((v) => v.kind === 'visit' && v.status === 'submitted')
    .filter((v) => v.updatedAt.getTime() < NOW.getTime() - days(v.county) * DAY)
    .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1));
  const byApprover = new Map<string, Visit[]>();
  for (const v of waiting)
    byApprover.set(approverOf(v.county), [...(byApprover.get(approverOf(v.county)) ?? []), v]);
  return [...byApprover]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([approver, list]) =>
      list.slice(0, limit).map((v) => ({ approver, id: v.id, total: list.length })),
    );
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const { rows: enterprises } = await db.execute<{ id: string; code: string }>(sql`
    select id, jurisdiction_code as code from enterprises
     where jurisdiction_code like '330106%' or jurisdiction_code like '330105%' order by name`);
  const { rows: authors } = await db.execute<{ id: string }>(sql`select id from users order by name limit 1`);
  // 40 visits in 西湖区 and 12 in 拱墅区 over the last 12 days, some decided, and contacts alongside.
  const kinds: ['visit' | 'contact', string][] = [
    ['visit', 'submitted'],
    ['visit', 'submitted'],
    ['visit', 'submitted'],
    ['visit', 'approved'],
    ['visit', 'rejected'],
    ['contact', 'recorded'],
  ];
  const xihu = enterprises.filter((e) => e.code.startsWith('330106'));
  const gongshu = enterprises.filter((e) => e.code.startsWith('330105'));
  const plan = [
    ...Array.from({ length: 40 }, (_, i) => ({ e: xihu[i % xihu.length]!, i })),
    ...Array.from({ length: 12 }, (_, i) => ({ e: gongshu[i % gongshu.length]!, i: i + 40 })),
  ];
  for (const { e, i } of plan) {
    const [kind, status] = kinds[i % kinds.length]!;
    // Spread over 12 days, a few at the same instant (ties broken by id), one exactly 3 days old.
    const updatedAt = new Date(NOW.getTime() - (i === 7 ? 3 * DAY : ((i * 7) % 48) * 6 * 3600_000));
    const { rows } = await db.execute<{ id: string }>(sql`
      insert into duty_logs (client_id, request_hash, kind, status, author_user_id, enterprise_id,
                             jurisdiction_code, occurred_at, created_at, updated_at)
      values (gen_random_uuid(), 'test', ${kind}::log_kind, ${status}::log_status, ${authors[0]!.id},
              ${e.id}, ${e.code}, ${updatedAt.toISOString()}::timestamptz,
              ${updatedAt.toISOString()}::timestamptz, ${updatedAt.toISOString()}::timestamptz)
      returning id`);
    visits.push({ id: rows[0]!.id, county: `${e.code.slice(0, 6)}000000`, kind, status, updatedAt });
    // The rows went in by hand: keep the duty marks and tallies as a real write would.
    await db.transaction((tx) => refreshDutyMarks(tx, targetsForLog(kind, e.id, updatedAt), NOW));
  }
});
afterAll(() => t.close());

describe('seed §二(三) approval backlog (visits awaiting approval for more than N days)', () => {
  it('lists each county the oldest waiting visits, strictly older than 3 days, with the count of all waiting', async () => {
    const rows = await backlog();
    const want = expected(
      (c) => c,
      () => 3,
      50,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(rows.map((r) => ({ approver: r.approver, id: r.id, total: r.total }))).toEqual(want);
    expect(rows.every((r) => r.enterprise_name && r.author_name && r.township_name)).toBe(true);
    // the visit exactly 3 days old is not yet late
    expect(rows.map((r) => r.id)).not.toContain(visits[7]!.id);
  });

  it("honours each county's own days and list limit", async () => {
    await setOverrides(XIHU, { approvalReminderDays: 5, reminderListLimit: 5 });
    const rows = await backlog();
    const days = (c: string) => (c === XIHU ? 5 : 3);
    const xihu = expected((c) => c, days, 5).filter((r) => r.approver === XIHU);
    const gongshu = expected((c) => c, days, 50).filter((r) => r.approver === GONGSHU);
    expect(rows.map((r) => ({ approver: r.approver, id: r.id, total: r.total }))).toEqual([
      ...gongshu,
      ...xihu,
    ]);
    expect(xihu).toHaveLength(5);
    expect(xihu[0]!.total).toBeGreaterThan(5);
  });

  it('with the city approving, merges its counties into one list under the city, oldest first', async () => {
    await setOverrides(XIHU, {});
    await setOverrides(HANGZHOU, { approverLevel: 'city', reminderListLimit: 6 });
    const rows = await backlog();
    const want = expected(
      () => HANGZHOU,
      () => 3,
      6,
    );
    expect(rows.map((r) => ({ approver: r.approver, id: r.id, total: r.total }))).toEqual(want);
    expect(want[0]!.total).toBe(
      visits.filter((v) => v.status === 'submitted' && v.updatedAt.getTime() < NOW.getTime() - 3 * DAY)
        .length,
    );
  });
});

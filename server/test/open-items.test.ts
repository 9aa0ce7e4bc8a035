import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { createJurisdictionRepository } from '../src/modules/jurisdictions/repository';
import { openCounts } from '../src/modules/reminders/counts';
import { openItems } from '../src/modules/reminders/open-walk';
import { createSettingsService, type SettingsResolver } from '../src/modules/settings/service';
import { contactBody, coordinatorOf, enterprisesAt, requestAsUser } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * The township's "still due" list (seed §二(三) C1 monthly contact, C2 quarterly visit): the
 * enterprises in scope without a mark for the period, walked a page at a time. Whatever the page
 * sizes (fixed, or sized from the tallies' open counts), the list is the same as a direct query.
 */

const NOW = '2026-11-16T01:00:00Z';
const TOWNSHIPS = [
  '330106002000', // 北山街道: every enterprise contacted this month
  '330106004000', // 西溪街道: all but one
  '330106005000', // 翠苑街道: half
  '330106109000', // 三墩镇: none
  '330106110000', // 双浦镇: none
  '330106400000', // 西湖科技经济园区: all but three
  '330105001000', // 米市巷街道 (拱墅区)
];
const CONTACTED: Record<string, (i: number, n: number) => boolean> = {
  '330106002000': () => true,
  '330106004000': (i) => i > 0,
  '330106005000': (i) => i % 2 === 0,
  '330106400000': (i, n) => i < n - 3,
};

let t: TestApp;
let resolver: SettingsResolver;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  const db = t.database.db;
  for (const [code, contacted] of Object.entries(CONTACTED)) {
    const coordinator = await coordinatorOf(t, code, code.startsWith('3301064') ? 'park' : 'township');
    const list = await enterprisesAt(t, code);
    for (const [i, e] of list.entries()) {
      if (!contacted(i, list.length)) continue;
      const res = await requestAsUser(t, coordinator.id, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: contactBody(e.id, '2026-11-10T02:00:00Z'),
      });
      expect(res.statusCode).toBe(201);
    }
  }
  const settings = createSettingsService({
    db,
    clock: fixedClock(NOW),
    jurisdictions: createJurisdictionRepository(db),
  });
  resolver = await settings.resolver(['330000000000']);
});
afterAll(() => t.close());

/** The same list by a direct anti-join: per township the first `limit` open in (code, id) order, then by name. */
async function oracle(c1: string, c2: string | null, limit: number) {
  const { rows } = await t.database.db.execute<{
    township: string;
    name: string;
    c1: boolean;
    c2: boolean;
  }>(sql`
    select township, name, c1, c2 from (
      select rpad(left(e.jurisdiction_code, 9), 12, '0') as township, e.name, e.jurisdiction_code, e.id,
             not exists (select 1 from duty_marks m where m.enterprise_id = e.id and m.rule = 'C1' and m.period = ${c1}) as c1,
             ${c2 === null ? sql`false` : sql`not exists (select 1 from duty_marks m where m.enterprise_id = e.id and m.rule = 'C2' and m.period = ${c2})`} as c2,
             row_number() over (partition by rpad(left(e.jurisdiction_code, 9), 12, '0')
                                order by e.jurisdiction_code collate "C", e.id) as rn
        from enterprises e
       where e.status = 'active' and e.in_scope
         and (not exists (select 1 from duty_marks m where m.enterprise_id = e.id and m.rule = 'C1' and m.period = ${c1})
              or ${c2 === null ? sql`false` : sql`not exists (select 1 from duty_marks m where m.enterprise_id = e.id and m.rule = 'C2' and m.period = ${c2})`})
    ) x
    where rn <= ${limit}::int and township = any(${`{${TOWNSHIPS.join(',')}}`}::text[])`);
  return TOWNSHIPS.flatMap((code) =>
    rows
      .filter((r) => r.township === code)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((r) => ({ township: r.township, name: r.name, c1: r.c1, c2: r.c2 })),
  );
}

async function lists(c1: string, c2: string | null, limit: number, sized: boolean) {
  const counts = sized
    ? await openCounts(t.database.db, { c1, c2, townships: TOWNSHIPS, resolver })
    : undefined;
  const rows = await openItems(t.database.db, { c1, c2, townships: TOWNSHIPS, limit, resolver, counts });
  return rows.map((r) => ({ township: r.township, name: r.name, c1: r.c1, c2: r.c2 }));
}

describe('seed §二(三) C1/C2 the open lists of the reminders', () => {
  for (const [c1, c2] of [
    ['2026-11', null],
    ['2026-11', '2026-Q4'],
    ['2026-10', '2026-Q4'],
  ] as const) {
    for (const limit of [1, 3, 5, 50]) {
      it(`C1 ${c1}${c2 ? ` with C2 ${c2}` : ''}, list of ${limit}: fixed and sized pages give the direct query's list`, async () => {
        const want = await oracle(c1, c2, limit);
        expect(await lists(c1, c2, limit, false)).toEqual(want);
        expect(await lists(c1, c2, limit, true)).toEqual(want);
      });
    }
  }

  it('counts what is open per township, and how many enterprises the walk covers', async () => {
    const counts = await openCounts(t.database.db, {
      c1: '2026-11',
      c2: null,
      townships: TOWNSHIPS,
      resolver,
    });
    const beishan = counts.find((c) => c.township === '330106002000')!;
    expect(beishan.c1).toBe(0);
    expect(beishan.enterprises).toBe((await enterprisesAt(t, '330106002000')).length);
    const sandun = counts.find((c) => c.township === '330106109000')!;
    expect(sandun.c1).toBe(sandun.enterprises);
  });
});

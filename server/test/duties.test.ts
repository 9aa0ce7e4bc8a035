import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodRange } from '@coordnet/shared/domain/period';
import { createMemoryStorage } from '../src/lib/storage';
import { statusListQuery, summaryQuery, type DutyTarget } from '../src/modules/duties/repository';
import type { SettingsResolver } from '../src/modules/settings/service';
import {
  contactBody,
  coordinatorOf,
  dutyStatus,
  enterpriseAt,
  enterpriseOf,
  enterprisesAt,
  requestAsUser,
  uploadPhotoAsUser,
  visitBody,
  dutyBookkeepingMismatches,
  NO_MISMATCHES,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

type Item = {
  id: string;
  name: string;
  status: string;
  lastLog: { kind: string; occurredAt: string } | null;
};

async function duties(query: string, as = '王海峰') {
  const res = await t.request({ method: 'GET', url: `/api/v1/duties?limit=200&${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: Item[];
    nextCursor: string | null;
    periodClosed: boolean;
    periodLabel: string;
  };
}

async function summary(query: string, as = '王海峰') {
  const res = await t.request({ method: 'GET', url: `/api/v1/duties/summary?${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * A scripted quarter in 双浦镇 (8 enterprises): a township coordinator contacts, visits, gets
 * rejected, corrects, gets approved and reopened; the clock follows the script.
 */
describe('the status of every enterprise after a scripted quarter (seed §二(三), 2026-Q4 in 双浦镇)', () => {
  let e: { id: string; name: string }[];
  let coordinator: { id: string; name: string };

  const as = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    requestAsUser(t, coordinator.id, { method, url, ...(payload ? { payload } : {}) });

  async function at<T>(instant: string, action: () => Promise<T>): Promise<T> {
    t.clock.set(new Date(new Date(instant).getTime() + 60 * 60 * 1000));
    return action();
  }
  async function contact(i: number, occurredAt: string) {
    const res = await at(occurredAt, () => as('POST', '/api/v1/contacts', contactBody(e[i]!.id, occurredAt)));
    expect(res.statusCode, res.body).toBe(201);
  }
  async function visit(i: number, occurredAt: string) {
    const res = await at(occurredAt, async () =>
      as(
        'POST',
        '/api/v1/visits',
        visitBody(e[i]!.id, occurredAt, [await uploadPhotoAsUser(t, coordinator.id)]),
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; visit: { photos: { id: string }[] } };
  }
  async function supervisor(instant: string, url: string, payload?: object) {
    const res = await at(instant, () =>
      t.request({ method: 'POST', url, as: '王海峰', ...(payload ? { payload } : {}) }),
    );
    expect(res.statusCode, res.body).toBe(200);
  }

  beforeAll(async () => {
    e = (await enterprisesAt(t, '330106110000')).map(({ id, name }) => ({ id, name }));
    expect(e).toHaveLength(8);
    coordinator = await coordinatorOf(t, '330106110000');

    await contact(0, '2026-10-08T02:00:00Z');
    const v1 = await visit(1, '2026-10-20T02:00:00Z');
    await supervisor('2026-10-21T02:00:00Z', `/api/v1/visits/${v1.id}/approve`);

    await contact(0, '2026-11-05T02:00:00Z');
    await contact(2, '2026-11-05T03:00:00Z');
    const v3 = await visit(3, '2026-11-10T02:00:00Z');
    await supervisor('2026-11-11T02:00:00Z', `/api/v1/visits/${v3.id}/reject`, { reason: '缺少整改意见' });
    const revised = await at('2026-11-12T02:00:00Z', () =>
      as('PUT', `/api/v1/visits/${v3.id}`, {
        revision: 1,
        photos: v3.visit.photos.map((p) => p.id),
        duties: ['standards_contracts'],
        findings: '补充整改意见：规范加班费计算',
      }),
    );
    expect(revised.statusCode).toBe(200);
    await supervisor('2026-11-13T02:00:00Z', `/api/v1/visits/${v3.id}/approve`);
    await visit(4, '2026-11-20T02:00:00Z');

    const v5 = await visit(5, '2026-12-02T02:00:00Z');
    await supervisor('2026-12-03T02:00:00Z', `/api/v1/visits/${v5.id}/reject`, { reason: '签到位置不符' });
    await contact(0, '2026-12-10T02:00:00Z');
    const v6 = await visit(6, '2026-12-10T03:00:00Z');
    await supervisor('2026-12-11T02:00:00Z', `/api/v1/visits/${v6.id}/approve`);
    await supervisor('2026-12-15T02:00:00Z', `/api/v1/visits/${v6.id}/reopen`, { reason: '需核实走访时间' });
    // 23:59:59 on 31 December in Shanghai is still December; one second later is January.
    await contact(7, '2026-12-31T15:59:59Z');
    await contact(1, '2026-12-31T16:00:00Z');

    t.clock.set('2027-01-05T02:00:00Z');
  });
  afterAll(() => t.clock.set('2026-11-16T02:00:00Z'));

  const statuses = async (rule: string, period: string) => {
    const page = await duties(`rule=${rule}&period=${period}&jurisdiction=330106110000`);
    return e.map((x) => page.items.find((i) => i.id === x.id)?.status);
  };

  it('C2 2026-Q4: approved visits done, submitted or reopened awaiting, rejected and missing overdue', async () => {
    expect(await statuses('C2', '2026-Q4')).toEqual([
      'overdue',
      'done',
      'overdue',
      'done',
      'awaiting_approval',
      'overdue',
      'awaiting_approval',
      'overdue',
    ]);
  });

  it('C1 2026-10, 2026-11, 2026-12: contacts and non-rejected visits count, in the month they happened', async () => {
    expect(await statuses('C1', '2026-10')).toEqual(['done', 'done', ...Array(6).fill('overdue')]);
    expect(await statuses('C1', '2026-11')).toEqual([
      'done',
      'overdue',
      'done',
      'done',
      'done',
      'overdue',
      'overdue',
      'overdue',
    ]);
    expect(await statuses('C1', '2026-12')).toEqual([
      'done',
      'overdue',
      'overdue',
      'overdue',
      'overdue',
      'overdue',
      'done',
      'done',
    ]);
  });

  it('C1 2027-01 is still open: due, except the contact made at 00:00 on 1 January (CST)', async () => {
    expect(await statuses('C1', '2027-01')).toEqual(['due', 'done', ...Array(6).fill('due')]);
  });

  it('sorted overdue first, then awaiting approval, then done; each with the last qualifying log and the responsible coordinators', async () => {
    const page = await duties('rule=C2&period=2026-Q4&jurisdiction=330106110000');
    expect(page.periodClosed).toBe(true);
    expect(page.periodLabel).toBe('2026年第四季度');
    expect(page.items.map((i) => i.status)).toEqual([
      'overdue',
      'overdue',
      'overdue',
      'overdue',
      'awaiting_approval',
      'awaiting_approval',
      'done',
      'done',
    ]);
    const overdueNames = page.items.slice(0, 4).map((i) => i.name);
    expect(overdueNames).toEqual([...overdueNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const done3 = page.items.find((i) => i.id === e[3]!.id) as Item & { responsible: { name: string }[] };
    expect(done3.lastLog).toMatchObject({ kind: 'visit', occurredAt: '2026-11-10T02:00:00.000Z' });
    expect(done3.responsible.map((r) => r.name)).toContain(coordinator.name);
    // A rejected visit is no qualifying log: the enterprise shows none.
    expect(page.items.find((i) => i.id === e[5]!.id)!.lastLog).toBeNull();
  });

  it('the summary counts each child in one query: 双浦镇 has 2 done, 2 awaiting, 4 overdue for 2026-Q4', async () => {
    const county = await summary('rule=C2&period=2026-Q4&jurisdiction=330106000000');
    const shuangpu = county.items.find((i: { code: string }) => i.code === '330106110000');
    expect(shuangpu).toMatchObject({
      name: '双浦镇',
      level: 'township',
      self: false,
      counts: { total: 8, done: 2, awaiting_approval: 2, due: 0, overdue: 4, coverageRate: 0.25 },
    });
    expect(county.total.total).toBe(76);
    expect(county.items.map((i: { code: string }) => i.code)).toEqual([
      '330106002000',
      '330106004000',
      '330106005000',
      '330106109000',
      '330106110000',
      '330106400000',
    ]);
    const own = await summary('rule=C2&period=2026-Q4&jurisdiction=330106110000');
    expect(own.items).toEqual([
      expect.objectContaining({ code: '330106110000', name: '双浦镇(本级)', self: true }),
    ]);
    expect(own.total).toMatchObject({ total: 8, done: 2, awaiting_approval: 2, overdue: 4 });
  });

  it('status filters and cursor paging', async () => {
    const overdue = await duties('rule=C2&period=2026-Q4&jurisdiction=330106110000&status=overdue');
    expect(overdue.items).toHaveLength(4);
    expect((await duties('rule=C2&period=2026-Q4&jurisdiction=330106110000&status=due')).items).toEqual([]);
    expect(
      (await duties('rule=C2&period=2026-Q4&jurisdiction=330106110000&status=awaiting_approval')).items,
    ).toHaveLength(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/duties?rule=C2&period=2026-Q4&jurisdiction=330106110000&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        as: '王海峰',
      });
      seen.push(...res.json().items.map((i: Item) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(
      (await duties('rule=C2&period=2026-Q4&jurisdiction=330106110000')).items.map((i) => i.id),
    );
  });
});

describe('overdue only after the period has closed (docs/domain.md §4, periods in Asia/Shanghai)', () => {
  it('C1 2026-11 is due until 2026-11-30T16:00:00Z (midnight CST) and overdue from then on', async () => {
    const e = await enterpriseAt(t, '330106002000', 0);
    t.clock.set('2026-11-30T15:59:59Z');
    expect(await dutyStatus(t, 'C1', '2026-11', e.id)).toBe('due');
    t.clock.set('2026-11-30T16:00:00Z');
    expect(await dutyStatus(t, 'C1', '2026-11', e.id)).toBe('overdue');
    t.clock.set('2026-11-16T02:00:00Z');
  });

  it('the period defaults to the current one of the rule', async () => {
    expect((await duties('rule=C1&jurisdiction=330106002000')).periodLabel).toBe('2026年11月');
    expect((await duties('rule=C2&jurisdiction=330106002000')).periodLabel).toBe('2026年第四季度');
    expect((await duties('rule=C3&jurisdiction=330106002000')).periodLabel).toBe('2026年');
  });
});

describe('scope (issue 5: a township coordinator cannot see another township’s status)', () => {
  it('a township coordinator sees their own township by default and gets 404 for another', async () => {
    const own = await duties('rule=C1&period=2026-11', '刘芳');
    expect(own.items).toHaveLength(22);
    for (const code of ['330106004000', '330106000000', '330105001000']) {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/duties?rule=C1&jurisdiction=${code}`,
        as: '刘芳',
      });
      expect(res.statusCode).toBe(404);
      const sum = await t.request({
        method: 'GET',
        url: `/api/v1/duties/summary?rule=C1&jurisdiction=${code}`,
        as: '刘芳',
      });
      expect(sum.statusCode).toBe(404);
    }
  });

  it('another county’s supervisor → 404; an enterprise coordinator has no jurisdiction to see → 403', async () => {
    expect(
      (
        await t.request({
          method: 'GET',
          url: '/api/v1/duties?rule=C1&jurisdiction=330106000000',
          as: '孙立新',
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/duties?rule=C1', as: '郑磊' })).statusCode).toBe(
      403,
    );
  });

  it('one enterprise’s status: for those who read the township, and for the enterprise’s own coordinator', async () => {
    const own = await enterpriseOf(t, '郑磊');
    const other = (await enterprisesAt(t, own.jurisdictionCode)).find((e) => e.id !== own.id)!;
    const forTownship = await duties(`rule=C1&period=2026-11&enterpriseId=${own.id}`, '刘芳');
    expect(forTownship.items.map((i) => i.id)).toEqual([own.id]);
    const forEnterprise = await duties(`rule=C2&enterpriseId=${own.id}`, '郑磊');
    expect(forEnterprise.items.map((i) => i.id)).toEqual([own.id]);
    expect(forEnterprise.items[0]!.status).toMatch(/^(due|done|awaiting_approval)$/);
    // Not another enterprise, nor his own under a jurisdiction he cannot read.
    const refused = [
      `rule=C1&enterpriseId=${other.id}`,
      `rule=C1&enterpriseId=${own.id}&jurisdiction=330106000000`,
    ];
    for (const query of refused) {
      const res = await t.request({ method: 'GET', url: `/api/v1/duties?${query}`, as: '郑磊' });
      expect(res.statusCode, query).toBe(404);
    }
    const outside = await t.request({
      method: 'GET',
      url: `/api/v1/duties?rule=C1&enterpriseId=${own.id}`,
      as: '孙立新',
    });
    expect(outside.statusCode).toBe(404);
  });

  it('the province and the city see their children', async () => {
    const province = await summary('rule=C1&period=2026-11&jurisdiction=330000000000', '陈建国');
    expect(province.items.map((i: { code: string }) => i.code)).toEqual(['330100000000']);
    expect(province.items[0].counts.total).toBe(82);
    const city = await summary('rule=C1&period=2026-11', '林晓燕');
    expect(
      city.items.map((i: { name: string; counts: { total: number } }) => [i.name, i.counts.total]),
    ).toEqual([
      ['拱墅区', 6],
      ['西湖区', 76],
    ]);
  });
});

describe('bad queries → 400', () => {
  it.each([
    ['rule=C1&period=2026-Q4', 'period_mismatch'],
    ['rule=C2&period=2026-11', 'period_mismatch'],
    ['rule=C3&period=2026-11', 'period_mismatch'],
    ['rule=C1&period=2026-13', 'validation_failed'],
    ['rule=C9', 'validation_failed'],
    ['period=2026-11', 'validation_failed'],
    ['rule=C1&jurisdiction=3301', 'validation_failed'],
    ['rule=C1&status=late', 'validation_failed'],
    ['rule=C1&cursor=bm90IGpzb24', 'bad_cursor'],
  ])('%s → %s', async (query, code) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/duties?${query}`, as: '王海峰' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a forged cursor of the right length but wrong types → 400', async () => {
    const forged = Buffer.from(JSON.stringify(['x', 1, 'not-a-uuid'])).toString('base64url');
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/duties?rule=C1&cursor=${forged}`,
      as: '王海峰',
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('which enterprises are in scope of C1/C2 is a county setting (docs/domain.md §4)', () => {
  it('key enterprises only, or at or above a size; the summary agrees with the list', async () => {
    const all = await enterprisesAt(t, '330106109000');
    try {
      await t.request({
        method: 'PUT',
        url: '/api/v1/settings/330106000000',
        as: '王海峰',
        payload: { c1Scope: { mode: 'key' } },
      });
      const keyOnly = await duties('rule=C1&period=2026-11&jurisdiction=330106109000');
      expect(keyOnly.items.map((i) => i.id).sort()).toEqual(
        all
          .filter((x) => x.isKey)
          .map((x) => x.id)
          .sort(),
      );
      const keySummary = await summary('rule=C1&period=2026-11&jurisdiction=330106000000');
      const sandun = keySummary.items.find((i: { code: string }) => i.code === '330106109000');
      expect(sandun.counts.total).toBe(all.filter((x) => x.isKey).length);
      // C2 keeps its own scope (all).
      expect((await duties('rule=C2&period=2026-Q4&jurisdiction=330106109000')).items).toHaveLength(
        all.length,
      );

      await t.request({
        method: 'PUT',
        url: '/api/v1/settings/330106000000',
        as: '王海峰',
        payload: { c1Scope: { mode: 'min_size', minSize: 'medium' } },
      });
      const medium = await duties('rule=C1&period=2026-11&jurisdiction=330106109000');
      const expected = all.filter((x) => x.size === null || x.size === 'medium' || x.size === 'large');
      expect(medium.items.map((i) => i.id).sort()).toEqual(expected.map((x) => x.id).sort());
      const mediumSummary = await summary('rule=C1&period=2026-11&jurisdiction=330106000000');
      expect(mediumSummary.items.find((i: { code: string }) => i.code === '330106109000').counts.total).toBe(
        expected.length,
      );
      // The neighbouring county keeps the province default.
      const city = await summary('rule=C1&period=2026-11', '林晓燕');
      expect(city.items.find((i: { name: string }) => i.name === '拱墅区').counts.total).toBe(6);
    } finally {
      await t.request({ method: 'PUT', url: '/api/v1/settings/330106000000', as: '王海峰', payload: {} });
    }
  });
});

describe('enterprise changes move the tallies (trigger on enterprises)', () => {
  it('suspending, moving and resizing an enterprise keeps the summary equal to the per-enterprise statuses', async () => {
    const [target] = await enterprisesAt(t, '330106004000');
    const coordinator = await coordinatorOf(t, '330106004000');
    const res = await requestAsUser(t, coordinator.id, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: contactBody(target!.id, '2026-11-10T02:00:00Z'),
    });
    expect(res.statusCode).toBe(201);
    const counts = async (code: string) =>
      (await summary('rule=C1&period=2026-11&jurisdiction=330106000000')).items.find(
        (i: { code: string }) => i.code === code,
      ).counts;
    expect(await counts('330106004000')).toMatchObject({ total: 10, done: 1 });

    const patch = (body: object) =>
      t.request({ method: 'PATCH', url: `/api/v1/enterprises/${target!.id}`, as: '王海峰', payload: body });
    expect((await patch({ status: 'suspended' })).statusCode).toBe(200);
    expect(await counts('330106004000')).toMatchObject({ total: 9, done: 0 });
    expect((await patch({ status: 'active' })).statusCode).toBe(200);
    expect(await counts('330106004000')).toMatchObject({ total: 10, done: 1 });

    expect((await patch({ jurisdictionCode: '330106002000' })).statusCode).toBe(200);
    expect(await counts('330106004000')).toMatchObject({ total: 9, done: 0 });
    expect(await counts('330106002000')).toMatchObject({ total: 9, done: 1 });
    expect(await dutyStatus(t, 'C1', '2026-11', target!.id, { jurisdiction: '330106002000' })).toBe('done');

    expect((await patch({ inScope: false })).statusCode).toBe(200);
    expect(await counts('330106002000')).toMatchObject({ total: 8, done: 0 });
    expect(
      (await patch({ inScope: true, jurisdictionCode: '330106004000', declaredSize: 'large' })).statusCode,
    ).toBe(200);
    expect(await counts('330106004000')).toMatchObject({ total: 10, done: 1 });

    // Out of the county and back: the city summary reads the county roll-ups.
    const city = async () =>
      (await summary('rule=C1&period=2026-11', '林晓燕')).items.map(
        (i: { name: string; counts: { total: number; done: number } }) => [
          i.name,
          i.counts.total,
          i.counts.done,
        ],
      );
    const [gongshu, xihu] = await city();
    expect(gongshu).toEqual(['拱墅区', 6, 0]);
    expect(xihu![1]).toBe(76);
    const byCity = (body: object) =>
      t.request({ method: 'PATCH', url: `/api/v1/enterprises/${target!.id}`, as: '林晓燕', payload: body });
    expect((await byCity({ jurisdictionCode: '330105001000' })).statusCode).toBe(200);
    expect(await city()).toEqual([
      ['拱墅区', 7, 1],
      ['西湖区', 75, xihu![2] - 1],
    ]);
    expect((await byCity({ jurisdictionCode: '330106004000' })).statusCode).toBe(200);
    expect(await city()).toEqual([gongshu, xihu]);
  });

  it('the county roll-ups always equal the per-jurisdiction tallies summed by county', async () => {
    const compare = async (rollup: string, exact: string, keys: string, values: string) => {
      const sums = values
        .split(', ')
        .map((v) => `sum(${v})::int`)
        .join(', ');
      const nonzero = values.split(', ').join(' + ');
      const diff = await t.database.db.execute<{ n: number }>(
        sql.raw(`
          select count(*)::int as n from (
            (select jurisdiction_code, ${keys}, ${values} from ${rollup} where ${nonzero} <> 0
             except
             select rpad(left(jurisdiction_code, 6), 12, '0'), ${keys}, ${sums}
               from ${exact} group by 1, ${keys} having sum(${nonzero}) <> 0)
            union all
            (select rpad(left(jurisdiction_code, 6), 12, '0'), ${keys}, ${sums}
               from ${exact} group by 1, ${keys} having sum(${nonzero}) <> 0
             except
             select jurisdiction_code, ${keys}, ${values} from ${rollup} where ${nonzero} <> 0)
          ) d`),
      );
      return diff.rows[0]!.n;
    };
    expect(
      await compare('enterprise_tallies_county', 'enterprise_tallies', 'size_rank, is_key', 'count'),
    ).toBe(0);
    expect(
      await compare(
        'duty_tallies_county',
        'duty_tallies',
        'rule, period, size_rank, is_key',
        'done, awaiting',
      ),
    ).toBe(0);
    const rows = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from duty_tallies_county`,
    );
    expect(rows.rows[0]!.n).toBeGreaterThan(0);
  });

  it('the tallies always equal a naive count over enterprises and logs (every rule and period used)', async () => {
    const naive = await t.database.db.execute<{
      rule: string;
      period: string;
      code: string;
      total: number;
      done: number;
      awaiting: number;
    }>(sql`
      with periods(rule, period, start_at, end_at) as (values
        ('C1', '2026-10', ${periodRange('2026-10').start.toISOString()}::timestamptz, ${periodRange('2026-10').end.toISOString()}::timestamptz),
        ('C1', '2026-11', ${periodRange('2026-11').start.toISOString()}::timestamptz, ${periodRange('2026-11').end.toISOString()}::timestamptz),
        ('C1', '2026-12', ${periodRange('2026-12').start.toISOString()}::timestamptz, ${periodRange('2026-12').end.toISOString()}::timestamptz),
        ('C2', '2026-Q4', ${periodRange('2026-Q4').start.toISOString()}::timestamptz, ${periodRange('2026-Q4').end.toISOString()}::timestamptz))
      select p.rule, p.period, e.jurisdiction_code as code, count(*)::int as total,
        count(*) filter (where exists (
          select 1 from duty_logs l where l.enterprise_id = e.id and l.occurred_at >= p.start_at and l.occurred_at < p.end_at
            and ((p.rule = 'C1' and (l.kind = 'contact' or (l.kind = 'visit' and l.status in ('submitted', 'approved'))))
              or (p.rule = 'C2' and l.kind = 'visit' and l.status = 'approved'))))::int as done,
        count(*) filter (where p.rule = 'C2'
          and exists (select 1 from duty_logs l where l.enterprise_id = e.id and l.occurred_at >= p.start_at and l.occurred_at < p.end_at and l.kind = 'visit' and l.status = 'submitted')
          and not exists (select 1 from duty_logs l where l.enterprise_id = e.id and l.occurred_at >= p.start_at and l.occurred_at < p.end_at and l.kind = 'visit' and l.status = 'approved'))::int as awaiting
      from periods p cross join enterprises e
      where e.status = 'active' and e.in_scope and e.jurisdiction_code like '330106%'
      group by 1, 2, 3`);
    for (const row of naive.rows) {
      const s = await summary(`rule=${row.rule}&period=${row.period}&jurisdiction=330106000000`);
      const item = s.items.find((i: { code: string }) => i.code === row.code);
      expect(item.counts, `${row.rule} ${row.period} ${row.code}`).toMatchObject({
        total: row.total,
        done: row.done,
        awaiting_approval: row.awaiting,
      });
    }
    expect(naive.rows.length).toBeGreaterThan(0);
  });
});

describe('query plans (EXPLAIN): index use of the status list and the summary', () => {
  const resolver: SettingsResolver = {
    effectiveFor: () => {
      throw new Error('unused');
    },
    caseOver: () => sql`true`,
  };
  const target: DutyTarget = {
    rule: 'C2',
    period: '2026-Q4',
    periodEnd: periodRange('2026-Q4').end,
    periodClosed: false,
    jurisdiction: { code: '330106109000', level: 'township' },
    resolver,
    today: '2026-11-16',
  };
  async function plan(query: ReturnType<typeof sql>) {
    return t.database.db.transaction(async (tx) => {
      // The demo tables are tiny; forbid sequential scans to see which indexes the plan can use.
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('the status list reads the township’s enterprises by the code index and their marks by primary key', async () => {
    const text = await plan(
      statusListQuery({
        ...target,
        scope: { userId: 'x', rootCodes: ['330106109000'], enterpriseIds: [], manageCodes: [] },
        limit: 50,
      }),
    );
    expect(text).toMatch(/enterprises_jurisdiction_idx/);
    expect(text).toMatch(/duty_marks_(pkey|period_jurisdiction_enterprise_idx)/);
    expect(text).toMatch(/duty_logs_enterprise_idx/);
    expect(text).not.toMatch(/Seq Scan on (enterprises|duty_marks|duty_logs)/);
  });

  it('the summary reads only the tallies, by their subtree indexes', async () => {
    const text = await plan(
      summaryQuery({ ...target, jurisdiction: { code: '330106000000', level: 'county' } }),
    );
    expect(text).toMatch(/enterprise_tallies_key/);
    expect(text).toMatch(/duty_tallies_key/);
    expect(text).not.toMatch(/on enterprises |on duty_logs |on duty_marks /);
  });

  it('a province or city summary reads only the county roll-ups', async () => {
    const text = await plan(
      summaryQuery({ ...target, jurisdiction: { code: '330000000000', level: 'province' } }),
    );
    expect(text).toMatch(/enterprise_tallies_county_key/);
    expect(text).toMatch(/duty_tallies_county_key/);
    expect(text).not.toMatch(/on (enterprises|duty_logs|duty_marks|enterprise_tallies|duty_tallies) /);
  });
});

describe('duty bookkeeping (docs/domain.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});

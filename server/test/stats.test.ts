import { eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoordinatorStats, SubsidyPage } from '@coordnet/shared/api/stats';
import { coordinatorRoles, users } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import { postCountsQuery, workCountsQuery } from '../src/modules/stats/queries';
import { contactBody, enterpriseAt, riskBody, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const XIHU = '330106000000';
const SANDUN = '330106109000';

async function stats(query: string, as = '王海峰'): Promise<CoordinatorStats> {
  const res = await t.request({ method: 'GET', url: `/api/v1/stats/coordinators?${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Current posts counted independently, straight from the tables, for one subtree prefix. */
async function postsUnder(prefix: string, extra: SQL = sql``) {
  const rows = await t.database.db.execute<{ n: number }>(sql`
    select count(*)::int as n from coordinator_roles cr join users u on u.id = cr.user_id
     where cr.jurisdiction_code like ${`${prefix}%`} and u.active
       and cr.valid_from <= '2026-11-16' and (cr.valid_to is null or cr.valid_to >= '2026-11-16') ${extra}`);
  return rows.rows[0]!.n;
}

describe('the coordinator database at county level (seed §二(三) 工作联络机制: 数量、结构、分布)', () => {
  it('counts the current posts of 西湖区 by kind, skill level and child jurisdiction', async () => {
    const body = await stats(`jurisdiction=${XIHU}`);
    expect(body.jurisdiction).toEqual({ code: XIHU, name: '西湖区', level: 'county' });
    const { coordinators } = body.total;
    expect(coordinators.posts).toBe(await postsUnder('330106'));
    expect(coordinators.byKind.enterprise).toBe(await postsUnder('330106', sql`and cr.kind = 'enterprise'`));
    // The demo's grassroots platform: 4 in 三墩镇, 2 each in three 街道, 1 in 双浦镇, 4 in the park, 2 communities.
    expect(coordinators.byKind).toMatchObject({ township: 11, park: 4, community: 2, union: 1, legal: 1 });
    const skills = Object.values(coordinators.bySkill).reduce((a, b) => a + b, 0);
    expect(skills).toBe(coordinators.posts);
    expect(coordinators.bySkill.none).toBe(await postsUnder('330106', sql`and cr.skill_level is null`));
    expect(coordinators.people).toBeLessThanOrEqual(coordinators.posts);
  });

  it('puts each post in the child whose code prefix it starts with; the organisations in 西湖区(本级)', async () => {
    const body = await stats(`jurisdiction=${XIHU}`);
    const codes = body.items.map((i) => i.code);
    expect(codes).toEqual([
      '330106002000',
      '330106004000',
      '330106005000',
      SANDUN,
      '330106110000',
      '330106400000',
      XIHU,
    ]);
    for (const row of body.items.filter((r) => !r.self)) {
      expect(row.coordinators.posts, row.name).toBe(await postsUnder(row.code.slice(0, 9)));
    }
    const sanDun = body.items.find((i) => i.code === SANDUN)!;
    expect(sanDun.coordinators.byKind).toMatchObject({ township: 4, community: 1 });
    const self = body.items.find((i) => i.self)!;
    expect(self.name).toBe('西湖区(本级)');
    expect(self.coordinators.posts).toBe(6);
    expect(self.coordinators.byKind.enterprise).toBe(0);
    const sum = body.items.reduce((n, i) => n + i.coordinators.posts, 0);
    expect(sum).toBe(body.total.coordinators.posts);
  });

  it('drills down from the province to the city and from a township to its communities', async () => {
    const province = await stats('jurisdiction=330000000000', '陈建国');
    expect(province.items.map((i) => i.code)).toEqual(['330100000000']);
    const city = await stats('jurisdiction=330100000000', '陈建国');
    expect(city.items.map((i) => i.code)).toEqual(['330105000000', XIHU]);
    expect(city.total.coordinators.posts).toBe(await postsUnder('3301'));
    const town = await stats(`jurisdiction=${SANDUN}`);
    expect(town.items.map((i) => [i.code, i.self])).toEqual([
      ['330106109001', false],
      [SANDUN, true],
    ]);
    expect(town.items[0]!.coordinators.byKind.community).toBe(1);
  });

  it('leaves out posts that have ended and people who are inactive', async () => {
    const before = (await stats(`jurisdiction=${SANDUN}`)).total.coordinators;
    const [user] = await t.database.db
      .insert(users)
      .values([
        { name: '离任协调员', dingtalkUserId: 'stats-ended', mobile: '13900000001' },
        { name: '停用协调员', dingtalkUserId: 'stats-inactive', mobile: '13900000002', active: false },
      ])
      .returning({ id: users.id });
    const inactive = await t.database.db
      .select()
      .from(users)
      .where(eq(users.dingtalkUserId, 'stats-inactive'));
    await t.database.db.insert(coordinatorRoles).values([
      {
        userId: user!.id,
        kind: 'township',
        jurisdictionCode: SANDUN,
        validFrom: '2024-01-01',
        validTo: '2026-06-30',
      },
      { userId: inactive[0]!.id, kind: 'township', jurisdictionCode: SANDUN, validFrom: '2024-01-01' },
      // Not yet started.
      { userId: user!.id, kind: 'township', jurisdictionCode: SANDUN, validFrom: '2027-01-01' },
    ]);
    expect((await stats(`jurisdiction=${SANDUN}`)).total.coordinators).toEqual(before);
  });
});

describe('work done in the period (seed §二(三) 岗位责任制)', () => {
  let visitId: string;
  beforeAll(async () => {
    const a = await enterpriseAt(t, SANDUN, 0);
    const b = await enterpriseAt(t, SANDUN, 1);
    const post = (url: string, payload: object, as = '刘芳') =>
      t.request({ method: 'POST', url, as, payload }).then((res) => {
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string };
      });
    await post('/api/v1/contacts', contactBody(a.id, '2026-11-03T02:00:00Z'));
    await post('/api/v1/contacts', contactBody(b.id, '2026-11-04T02:00:00Z'));
    await post('/api/v1/contacts', contactBody(a.id, '2026-10-20T02:00:00Z'));
    visitId = (
      await post('/api/v1/visits', visitBody(a.id, '2026-11-05T02:00:00Z', [await uploadPhoto(t, '刘芳')]))
    ).id;
    await post('/api/v1/visits', visitBody(b.id, '2026-11-06T02:00:00Z', [await uploadPhoto(t, '刘芳')]));
    await post('/api/v1/risk-reports', riskBody(a.id, '2026-11-07T02:00:00Z', { severity: 'major' }));
    const approve = await t.request({
      method: 'POST',
      url: `/api/v1/visits/${visitId}/approve`,
      as: '王海峰',
    });
    expect(approve.statusCode, approve.body).toBe(200);
  });

  it('counts contacts, visits by status and risk reports of the month, per child and in total', async () => {
    const body = await stats(`jurisdiction=${XIHU}&period=2026-11`);
    expect(body.periodLabel).toBe('2026年11月');
    expect(body.total.work).toEqual({
      contacts: 2,
      visits: { submitted: 1, approved: 1, rejected: 0, withdrawn: 0 },
      guidance: 0,
      riskReports: { total: 1, open: 1, closed: 0, major: 1 },
    });
    expect(body.items.find((i) => i.code === SANDUN)!.work).toEqual(body.total.work);
    expect(body.items.find((i) => i.code === '330106110000')!.work.contacts).toBe(0);
  });

  it('counts by when the work happened: October, the fourth quarter, the year', async () => {
    expect((await stats(`jurisdiction=${XIHU}&period=2026-10`)).total.work.contacts).toBe(1);
    expect((await stats(`jurisdiction=${XIHU}&period=2026-Q4`)).total.work.contacts).toBe(3);
    const year = await stats(`jurisdiction=${XIHU}&period=2026`);
    expect(year.periodLabel).toBe('2026年');
    expect(year.total.work.visits.approved + year.total.work.visits.submitted).toBe(2);
  });

  it('defaults to the current month', async () => {
    expect((await stats(`jurisdiction=${XIHU}`)).period).toBe('2026-11');
  });
});

describe('scope (docs/domain.md §6: a township sees its own, a county everything under it)', () => {
  it('shows a township coordinator only their township, by default and on request', async () => {
    const own = await stats('', '刘芳');
    expect(own.jurisdiction.code).toBe(SANDUN);
    const other = await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${XIHU}`,
      as: '刘芳',
    });
    expect(other.statusCode).toBe(404);
  });

  it('answers 404 to the 拱墅区 supervisor for 西湖区, the same as for a code that does not exist', async () => {
    const outside = await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${XIHU}`,
      as: '孙立新',
    });
    const missing = await t.request({
      method: 'GET',
      url: '/api/v1/stats/coordinators?jurisdiction=330105999000',
      as: '孙立新',
    });
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(missing.json());
    expect((await stats('jurisdiction=330105000000', '孙立新')).total.coordinators.byKind.township).toBe(1);
  });

  it('tells an enterprise coordinator (no jurisdiction of their own) 403 in Chinese', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/stats/coordinators', as: '郑磊' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'stats_scope_required',
      message: expect.stringMatching(/协调员/),
    });
  });

  it('rejects a malformed period or code with 400 and a Chinese message', async () => {
    for (const query of ['period=2026-13', 'period=2026Q4', 'jurisdiction=3301', 'foo=1']) {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/stats/coordinators?${query}`,
        as: '王海峰',
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('技能提升补贴 candidates (seed §二(四)2: 四级、三级证书)', () => {
  async function allPages(query: string, as: string) {
    const items: SubsidyPage['items'] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/stats/subsidy-candidates?limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        as,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as SubsidyPage;
      items.push(...page.items);
      total = page.total;
      cursor = page.nextCursor;
    } while (cursor);
    return { items, total };
  }

  it('lists the enterprise coordinators holding 四级 or 三级 only, every page once, mobiles masked', async () => {
    const { items, total } = await allPages(`jurisdiction=${XIHU}`, '王海峰');
    const expected = await postsUnder(
      '330106',
      sql`and cr.kind = 'enterprise' and cr.skill_level in ('level4', 'level3')`,
    );
    expect(items).toHaveLength(expected);
    expect(total).toBe(expected);
    expect(new Set(items.map((i) => i.roleId)).size).toBe(items.length);
    expect(items.every((i) => ['level4', 'level3'].includes(i.skillLevel))).toBe(true);
    expect(items.every((i) => i.mobile === null || /^\d{3}\*{4}\d{4}$/.test(i.mobile))).toBe(true);
    expect(items.find((i) => i.skillLevel === 'level4')!.skillLabel).toBe('四级/中级工');
  });

  it('gives a township coordinator the candidates of their township only', async () => {
    const { items } = await allPages('', '刘芳');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.jurisdictionCode.startsWith('330106109'))).toBe(true);
  });

  it('rejects a forged cursor (400)', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/stats/subsidy-candidates?cursor=abc',
      as: '王海峰',
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('query plans (EXPLAIN): one grouped statement, never one per child', () => {
  async function plan(query: SQL) {
    return t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  const params = {
    target: { prefix: '330106', childDigits: 9 },
    scope: { userId: 'x', rootCodes: [XIHU], enterpriseIds: [], manageCodes: [] },
  };

  it('counts posts with one grouping-sets aggregate over the subtree’s code index', async () => {
    const text = await plan(postCountsQuery({ ...params, asOf: '2026-11-16' }));
    expect(text).toMatch(/GroupAggregate|HashAggregate|MixedAggregate/);
    expect(text).toMatch(/coordinator_roles_jurisdiction_idx/);
    expect(text).not.toMatch(/SubPlan|jurisdictions/);
  });

  it('counts the work with one grouped scan of the logs by code and time', async () => {
    const text = await plan(
      workCountsQuery({
        ...params,
        start: new Date('2026-10-31T16:00:00Z'),
        end: new Date('2026-11-30T16:00:00Z'),
      }),
    );
    // Either the jurisdiction or the occurred-at index, whichever the planner prefers at this size.
    expect(text).toMatch(/Index Scan (using|on) duty_logs_(jurisdiction|occurred)_idx/);
    expect(text).not.toMatch(/SubPlan|Seq Scan/);
  });
});

import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_STATUSES, type Staffing, type StaffingEnterprise } from '@coordnet/shared/api/compliance';
import { coordinatorRoles, users } from '../src/db/schema/people';
import {
  communitySummaryQuery,
  enterpriseSummaryQuery,
  platformSummaryQuery,
} from '../src/modules/compliance/queries';
import type { SettingsResolver } from '../src/modules/settings/service';
import { registerEnterprise } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

const XIHU = '330106000000';
const SANDUN = '330106109000';
const BEISHAN = '330106002000';
const SHUANGPU = '330106110000';
const CUIYUAN = '330106005000';
const PARK = '330106400000';

/** `t` keeps the demo county as seeded; `m` is changed by the scenarios. */
let t: TestApp;
let m: TestApp;
beforeAll(async () => {
  [t, m] = await Promise.all([createTestApp(), createTestApp()]);
});
afterAll(async () => {
  await Promise.all([t.close(), m.close()]);
});

async function staffing(app: TestApp, query: string, as = '王海峰'): Promise<Staffing> {
  const res = await app.request({ method: 'GET', url: `/api/v1/compliance/staffing?${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function enterpriseRow(app: TestApp, code: string, id: string): Promise<StaffingEnterprise> {
  const body = await staffing(app, `jurisdiction=${code}&limit=200`);
  const row = body.enterprises!.items.find((e) => e.id === id);
  if (!row) throw new Error(`enterprise ${id} not listed under ${code}`);
  return row;
}

async function addCoordinator(
  app: TestApp,
  role: {
    kind: 'enterprise' | 'township' | 'park' | 'community';
    jurisdictionCode: string;
    enterpriseId?: string;
  },
) {
  const [user] = await app.database.db
    .insert(users)
    .values({ name: '测试协调员', dingtalkUserId: `test-${randomUUID()}`, mobile: '13912345678' })
    .returning({ id: users.id });
  await app.database.db
    .insert(coordinatorRoles)
    .values({ ...role, userId: user!.id, validFrom: '2024-01-01' });
}

/** Ends (yesterday) one current post of that kind at that jurisdiction. */
async function endOnePost(app: TestApp, code: string, kind: 'township' | 'park' | 'community') {
  const [role] = await app.database.db
    .select({ id: coordinatorRoles.id })
    .from(coordinatorRoles)
    .where(
      and(
        eq(coordinatorRoles.jurisdictionCode, code),
        eq(coordinatorRoles.kind, kind),
        sql`${coordinatorRoles.validTo} is null`,
      ),
    )
    .limit(1);
  await app.database.db
    .update(coordinatorRoles)
    .set({ validTo: '2026-11-15' })
    .where(eq(coordinatorRoles.id, role!.id));
}

describe('enterprise minimums (seed §二(一): 大中型企业至少2名，小微企业至少1名，微型企业可由基层平台覆盖)', () => {
  it('seed §二(一): a medium enterprise with one coordinator is below its minimum of 2, with two it complies', async () => {
    const e = await registerEnterprise(m, BEISHAN, { declaredSize: 'medium' });
    await addCoordinator(m, { kind: 'enterprise', jurisdictionCode: BEISHAN, enterpriseId: e.id });
    expect(await enterpriseRow(m, BEISHAN, e.id)).toMatchObject({
      size: 'medium',
      coordinators: 1,
      minimum: 2,
      status: 'below',
    });
    await addCoordinator(m, { kind: 'enterprise', jurisdictionCode: BEISHAN, enterpriseId: e.id });
    expect(await enterpriseRow(m, BEISHAN, e.id)).toMatchObject({ coordinators: 2, status: 'compliant' });
  });

  it('seed §二(一): a large enterprise with no coordinator is below 2 and counts in the large column', async () => {
    const before = (await staffing(m, `jurisdiction=${XIHU}`)).total.enterprises;
    const e = await registerEnterprise(m, BEISHAN, { declaredSize: 'large' });
    expect(await enterpriseRow(m, BEISHAN, e.id)).toMatchObject({ minimum: 2, status: 'below' });
    const after = (await staffing(m, `jurisdiction=${XIHU}`)).total.enterprises;
    expect(after.bySize.large).toEqual({
      total: before.bySize.large.total + 1,
      below: before.bySize.large.below + 1,
    });
    expect(after.required - before.required).toBe(2);
    expect(after.filled).toBe(before.filled);
  });

  it('seed §二(一): a small enterprise meets its minimum with one coordinator', async () => {
    const e = await registerEnterprise(m, BEISHAN, { declaredSize: 'small' });
    expect(await enterpriseRow(m, BEISHAN, e.id)).toMatchObject({ minimum: 1, status: 'below' });
    await addCoordinator(m, { kind: 'enterprise', jurisdictionCode: BEISHAN, enterpriseId: e.id });
    expect(await enterpriseRow(m, BEISHAN, e.id)).toMatchObject({ coordinators: 1, status: 'compliant' });
  });

  it('seed §二(一): a micro enterprise without a coordinator is covered while its township has a township coordinator, below once it has none', async () => {
    const e = await registerEnterprise(m, SHUANGPU, { declaredSize: 'micro' });
    expect(await enterpriseRow(m, SHUANGPU, e.id)).toMatchObject({
      coordinators: 0,
      minimum: 1,
      status: 'covered',
    });
    await endOnePost(m, SHUANGPU, 'township'); // 双浦镇 had one
    expect(await enterpriseRow(m, SHUANGPU, e.id)).toMatchObject({ status: 'below' });
    const town = await staffing(m, `jurisdiction=${SHUANGPU}`);
    expect(town.platform).toMatchObject({ coordinators: 0, minimum: 2, below: true });
    expect(town.total.enterprises.covered).toBe(0);
  });

  it('seed §二(一): a micro enterprise of a community is covered by the township above it; one registered at the county is not', async () => {
    const inCommunity = await registerEnterprise(m, '330106005055', { declaredSize: 'micro' });
    expect(await enterpriseRow(m, CUIYUAN, inCommunity.id)).toMatchObject({ status: 'covered' });
    const atCounty = await registerEnterprise(m, XIHU, { declaredSize: 'micro' });
    const county = await staffing(m, `jurisdiction=${XIHU}`);
    const self = county.items.find((i) => i.self)!;
    expect(self.name).toBe('西湖区(本级)');
    expect(self.enterprises).toMatchObject({ total: 1, below: 1, covered: 0 });
    expect(atCounty.jurisdictionCode).toBe(XIHU);
  });

  it('seed §二(一): an enterprise of unknown size is held to one coordinator and never counted as covered', async () => {
    const e = await registerEnterprise(m, SANDUN, { employees: null, revenue: null });
    expect(e.size).toBeNull();
    expect(await enterpriseRow(m, SANDUN, e.id)).toMatchObject({ size: null, minimum: 1, status: 'below' });
    expect((await staffing(m, `jurisdiction=${SANDUN}`)).total.enterprises.bySize.unknown).toEqual({
      total: 1,
      below: 1,
    });
  });
});

describe('platform and community minimums (seed §二(一): 企业数较多的…建议配备至少4名，企业数较少的…配备至少2名；每个社区(村)配备至少1名)', () => {
  async function setThreshold(value: number) {
    const res = await m.request({
      method: 'PUT',
      url: `/api/v1/settings/${XIHU}`,
      as: '王海峰',
      payload: { manyEnterprisesThreshold: value },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('seed §二(一): the "many enterprises" threshold is the county setting: 三墩镇 is advised 4 at a threshold of 15, 2 at the default 50; the minimum stays 2', async () => {
    expect((await staffing(m, `jurisdiction=${SANDUN}`)).platform).toMatchObject({
      threshold: 50,
      minimum: 2,
      advised: 2,
    });
    await setThreshold(15);
    const town = await staffing(m, `jurisdiction=${SANDUN}`);
    expect(town.platform).toMatchObject({
      level: 'township',
      threshold: 15,
      minimum: 2,
      advised: 4,
      coordinators: 4,
      below: false,
      status: 'compliant',
    });
    expect(town.platform!.enterprises).toBeGreaterThanOrEqual(22);
    expect((await staffing(m, `jurisdiction=${CUIYUAN}`)).platform).toMatchObject({ minimum: 2, advised: 2 });
    expect((await staffing(m, `jurisdiction=${PARK}`, '周强')).platform).toMatchObject({
      level: 'park',
      enterprises: 16,
      minimum: 2,
      advised: 4,
      below: false,
    });
  });

  it('seed §二(一) 建议配备至少4名: a township with many enterprises and three coordinators has met the minimum, advised to grow to 4 (not 未达标)', async () => {
    await setThreshold(15);
    await endOnePost(m, SANDUN, 'township');
    expect((await staffing(m, `jurisdiction=${SANDUN}`)).platform).toMatchObject({
      coordinators: 3,
      minimum: 2,
      advised: 4,
      below: false,
      status: 'advised',
    });
    expect(PLATFORM_STATUSES.advised).toBe('达到最低配备 · 建议增至 4 名');
    const county = await staffing(m, `jurisdiction=${XIHU}`);
    expect(county.items.find((i) => i.code === SANDUN)!.platforms).toMatchObject({
      total: 1,
      below: 0,
      belowAdvice: 1,
      coordinators: 3,
      required: 2,
      filled: 2,
    });
  });

  it('seed §二(一) 配备至少2名: a township with many enterprises and one coordinator is below the minimum of 2', async () => {
    await setThreshold(15);
    await endOnePost(m, SANDUN, 'township'); // 3 left by the scenario above, then 2, then 1
    await endOnePost(m, SANDUN, 'township');
    expect((await staffing(m, `jurisdiction=${SANDUN}`)).platform).toMatchObject({
      coordinators: 1,
      minimum: 2,
      below: true,
      status: 'below',
    });
  });

  it('seed §二(一): a community without a community coordinator is below its minimum of 1', async () => {
    const before = await staffing(m, `jurisdiction=${SANDUN}`);
    expect(before.items.find((i) => i.code === '330106109001')!.communities).toMatchObject({
      total: 1,
      below: 0,
    });
    await endOnePost(m, '330106109001', 'community');
    const after = await staffing(m, `jurisdiction=${SANDUN}`);
    expect(after.items.find((i) => i.code === '330106109001')!.communities).toEqual({
      total: 1,
      below: 1,
      belowAdvice: 0,
      coordinators: 0,
      required: 1,
      filled: 0,
    });
    expect(after.total.communities.below).toBe(1);
  });
});

describe('the demo county (西湖区), against the rules applied independently', () => {
  type Oracle = { total: number; below: number; covered: number; compliant: number; required: number };

  /** Reads the raw tables and applies seed §二(一) in plain TypeScript. */
  async function oracle(prefix: string): Promise<Map<string, Oracle>> {
    const enterprises = await t.database.db.execute<{ code: string; size: string | null; n: number }>(sql`
      select e.jurisdiction_code as code, e.size::text as size,
             (select count(*)::int from coordinator_roles cr join users u on u.id = cr.user_id
               where cr.enterprise_id = e.id and cr.kind = 'enterprise' and u.active
                 and cr.valid_from <= '2026-11-16' and (cr.valid_to is null or cr.valid_to >= '2026-11-16')) as n
        from enterprises e where e.status = 'active' and e.jurisdiction_code like ${`${prefix}%`}`);
    const platforms = await t.database.db.execute<{ code: string }>(sql`
      select distinct cr.jurisdiction_code as code from coordinator_roles cr join users u on u.id = cr.user_id
       where cr.kind in ('township', 'park') and u.active and cr.valid_to is null`);
    const covered = new Set(platforms.rows.map((r) => r.code));
    const result = new Map<string, Oracle>();
    for (const e of enterprises.rows) {
      const child = `${e.code.slice(0, 9)}000`;
      const row = result.get(child) ?? { total: 0, below: 0, covered: 0, compliant: 0, required: 0 };
      const minimum = e.size === 'large' || e.size === 'medium' ? 2 : 1;
      row.total++;
      if (e.n >= minimum) {
        row.compliant++;
        row.required += minimum;
      } else if (e.size === 'micro' && covered.has(child)) row.covered++;
      else {
        row.below++;
        row.required += minimum;
      }
      result.set(child, row);
    }
    return result;
  }

  it('counts enterprises by size and status per township/park exactly as the rules say', async () => {
    const body = await staffing(t, `jurisdiction=${XIHU}`);
    const expected = await oracle('330106');
    for (const row of body.items.filter((i) => !i.self)) {
      const o = expected.get(row.code)!;
      expect(row.enterprises, row.name).toMatchObject(o);
      expect(row.enterprises.complianceRate).toBeCloseTo((o.compliant + o.covered) / o.total, 4);
    }
    expect(body.total.enterprises.total).toBe(76);
    expect(body.total.enterprises.below).toBeGreaterThan(0);
    const sum = (pick: (r: Staffing['items'][number]) => number) =>
      body.items.reduce((n, r) => n + pick(r), 0);
    expect(sum((r) => r.enterprises.total)).toBe(body.total.enterprises.total);
    expect(sum((r) => r.enterprises.below)).toBe(body.total.enterprises.below);
    expect(sum((r) => r.platforms.total)).toBe(6);
    expect(body.total.communities).toMatchObject({ total: 2, below: 0 });
    // Default threshold 50: every township/park needs 2; 双浦镇 has 1.
    expect(body.total.platforms).toMatchObject({ total: 6, below: 1, required: 12 });
    expect(body.items.find((i) => i.code === SHUANGPU)!.platforms.below).toBe(1);
    expect(body.platform).toBeNull();
    expect(body.enterprises).toBeNull();
  });

  it('drills down into a township: every enterprise once, below first, then covered, then compliant', async () => {
    const seen: StaffingEnterprise[] = [];
    let cursor: string | null = null;
    do {
      const body = await staffing(t, `jurisdiction=${SANDUN}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.enterprises!.items);
      cursor = body.enterprises!.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(22);
    expect(new Set(seen.map((e) => e.id)).size).toBe(22);
    const rank = { below: 0, covered: 1, compliant: 2 };
    const order = seen.map((e) => rank[e.status]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const o = (await oracle('330106109')).get(SANDUN)!;
    expect(seen.filter((e) => e.status === 'below')).toHaveLength(o.below);
    expect(seen.filter((e) => e.status === 'covered').every((e) => e.size === 'micro')).toBe(true);
  });

  it('filters the drill-down by status', async () => {
    const body = await staffing(t, `jurisdiction=${SANDUN}&status=below`);
    expect(body.enterprises!.items.length).toBeGreaterThan(0);
    expect(body.enterprises!.items.every((e) => e.status === 'below' && e.coordinators < e.minimum)).toBe(
      true,
    );
  });
});

describe('scope and input', () => {
  it('gives a township coordinator their township with its enterprises, and 404 for the county', async () => {
    const own = await staffing(t, '', '刘芳');
    expect(own.jurisdiction.code).toBe(SANDUN);
    expect(own.enterprises!.items.length).toBeGreaterThan(0);
    const county = await t.request({
      method: 'GET',
      url: `/api/v1/compliance/staffing?jurisdiction=${XIHU}`,
      as: '刘芳',
    });
    expect(county.statusCode).toBe(404);
  });

  it('answers 404 to the 拱墅区 supervisor for 西湖区', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/compliance/staffing?jurisdiction=${XIHU}`,
      as: '孙立新',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', message: '未找到该记录' });
  });

  it('shows a community coordinator their community against its minimum, without a drill-down', async () => {
    const own = await staffing(t, '', '吴静');
    expect(own.jurisdiction).toMatchObject({ code: '330106005055', level: 'community' });
    expect(own.total.communities).toMatchObject({ total: 1, below: 0 });
    expect(own.enterprises).toBeNull();
  });

  it('rejects an unknown status (400, Chinese message)', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/compliance/staffing?status=bad',
      as: '王海峰',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('query plans (EXPLAIN): one grouped statement per level, never one per child', () => {
  const resolver: SettingsResolver = {
    effectiveFor: () => {
      throw new Error('unused');
    },
    caseOver: () => sql`50`,
  };
  const params = {
    prefix: '330106',
    scope: { userId: 'x', rootCodes: [XIHU], enterpriseIds: [], manageCodes: [] },
    asOf: '2026-11-16',
    resolver,
    groupDigits: 9,
  };
  async function plan(query: SQL) {
    return t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('enterprises: one aggregate over the subtree by the code index, no per-row subplans', async () => {
    const text = await plan(enterpriseSummaryQuery(params));
    expect(text).toMatch(/enterprises_jurisdiction_idx/);
    expect(text).not.toMatch(/SubPlan|on jurisdictions/);
    expect(text.match(/Aggregate/g)!.length).toBeLessThanOrEqual(2);
  });

  it('platforms and communities: the subtree’s jurisdictions once, joined to grouped counts', async () => {
    for (const query of [platformSummaryQuery(params), communitySummaryQuery(params)]) {
      const text = await plan(query);
      expect(text.match(/on jurisdictions j/g)).toHaveLength(1);
      expect(text).toMatch(/jurisdictions_code_pattern_idx/);
      expect(text).not.toMatch(/SubPlan/);
    }
  });
});

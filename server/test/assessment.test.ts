import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '@coordnet/shared/api/assessment';
import type { Staffing } from '@coordnet/shared/api/compliance';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { createMemoryStorage } from '../src/lib/storage';
import { coverageQuery } from '../src/modules/assessment/coverage';
import { periodsCounted } from '../src/modules/assessment/service';
import type { SettingsResolver } from '../src/modules/settings/service';
import {
  contactBody,
  coordinatorOf,
  enterprisesAt,
  requestAsUser,
  uploadPhotoAsUser,
  visitBody,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

const HANGZHOU = '330100000000';
const XIHU = '330106000000';
const GONGSHU = '330105000000';
const SHUANGPU = '330106110000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

async function assessment(query: string, as = '林晓燕'): Promise<Assessment> {
  const res = await t.request({ method: 'GET', url: `/api/v1/assessment/regions?${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function staffingOf(code: string): Promise<Staffing> {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/compliance/staffing?jurisdiction=${code}`,
    as: '陈建国',
  });
  return res.json();
}

describe('yearly target assessment by enterprise counts (seed §三(一): 按企业数量比例对各地进行年度目标考核)', () => {
  it('seed §三(一): the city assesses each of its counties: coordinators required by its enterprises vs in post', async () => {
    const body = await assessment(`jurisdiction=${HANGZHOU}&year=2026`);
    expect(body.jurisdiction).toEqual({ code: HANGZHOU, name: '杭州市', level: 'city' });
    expect(body.items.map((i) => i.code).sort()).toEqual([GONGSHU, XIHU]);
    for (const row of body.items) {
      const s = await staffingOf(row.code);
      expect(row.enterprises).toBe(s.total.enterprises.total);
      expect(row.required).toEqual({
        enterprise: s.total.enterprises.required,
        platform: s.total.platforms.required,
        community: s.total.communities.required,
        total: s.total.enterprises.required + s.total.platforms.required + s.total.communities.required,
      });
      expect(row.inPost.platform).toBe(s.total.platforms.coordinators);
      expect(row.staffingRate).toBeCloseTo(row.filled.total / row.required.total, 4);
      expect(row.compliantEnterprises).toBe(s.total.enterprises.compliant + s.total.enterprises.covered);
      expect(row.compliantRate).toBe(s.total.enterprises.complianceRate);
    }
    const xihu = body.items.find((i) => i.code === XIHU)!;
    // 6 townships/parks × 2 at the default threshold, 2 communities × 1.
    expect(xihu.required).toMatchObject({ platform: 12, community: 2 });
    expect(xihu.enterprises).toBe(76);
  });

  it('seed §三(一): ranks by staffing rate first; a bigger enterprise base with the same people ranks lower', async () => {
    const before = await assessment(`jurisdiction=${HANGZHOU}&year=2026`);
    expect(before.rankedBy).toEqual(['staffingRate', 'compliantRate', 'c1Coverage', 'c2Coverage']);
    const rates = before.items.map((i) => i.staffingRate ?? -1);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(before.items.map((i) => i.rank)).toEqual([1, 2]);

    // 拱墅区 registers a large enterprise: two more coordinators required, none more in post.
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/enterprises',
      as: '孙立新',
      payload: {
        uscc: makeUscc('91330105MA2K99990'),
        name: '杭州拱墅考核测试有限公司',
        jurisdictionCode: '330105001000',
        declaredSize: 'large',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = await assessment(`jurisdiction=${HANGZHOU}&year=2026`);
    const was = before.items.find((i) => i.code === GONGSHU)!;
    const now = after.items.find((i) => i.code === GONGSHU)!;
    expect(now.enterprises).toBe(was.enterprises + 1);
    expect(now.required.enterprise).toBe(was.required.enterprise + 2);
    expect(now.inPost).toEqual(was.inPost);
    expect(now.staffingRate!).toBeLessThan(was.staffingRate!);
  });

  it('seed §三(一) counts the minimum of seed §二(一) (配备至少2名); the advised 4 (建议配备至少4名) is shown apart', async () => {
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/settings/${XIHU}`,
      as: '王海峰',
      payload: { manyEnterprisesThreshold: 15 },
    });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const xihu = (await assessment(`jurisdiction=${HANGZHOU}&year=2026`)).items.find(
        (i) => i.code === XIHU,
      )!;
      // Still 6 townships/parks × 2: the advice raises no requirement.
      expect(xihu.required.platform).toBe(12);
      const s = await staffingOf(XIHU);
      expect(xihu.platformsBelowAdvice).toBe(s.total.platforms.belowAdvice);
    } finally {
      await t.request({
        method: 'PUT',
        url: `/api/v1/settings/${XIHU}`,
        as: '王海峰',
        payload: { manyEnterprisesThreshold: 50 },
      });
    }
  });

  it('seed §三(一): a county supervisor sees their county assessed on its own', async () => {
    const body = await assessment('', '王海峰');
    expect(body.jurisdiction.code).toBe(XIHU);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ code: XIHU, rank: 1, enterprises: 76 });
  });

  it('seed §三(一): posts are counted as of the year’s end; none were held in 2023 in the demo', async () => {
    const y2023 = await assessment(`jurisdiction=${XIHU}&year=2023`, '王海峰');
    expect(y2023.asOf).toBe('2023-12-31');
    expect(y2023.items[0]!.inPost.total).toBe(0);
    expect(y2023.items[0]!.staffingRate).toBe(0);
    expect(y2023.items[0]!.compliantRate).toBe(0);
    const y2025 = await assessment(`jurisdiction=${XIHU}&year=2025`, '王海峰');
    const y2026 = await assessment(`jurisdiction=${XIHU}&year=2026`, '王海峰');
    expect(y2025.items[0]!.inPost).toEqual(y2026.items[0]!.inPost);
    expect(y2026.asOf).toBe('2026-11-16');
  });
});

describe('C1/C2 coverage over the year (seed §二(三): 每月至少联络一次，每季度实地指导服务一次)', () => {
  beforeAll(async () => {
    const coordinator = await coordinatorOf(t, SHUANGPU);
    const e = await enterprisesAt(t, SHUANGPU);
    const as = (url: string, payload: object) =>
      requestAsUser(t, coordinator.id, { method: 'POST', url, payload }).then((res) => {
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string };
      });
    // A September site visit, approved: C2 for 2026-Q3 and C1 for 2026-09.
    t.clock.set('2026-09-20T02:00:00Z');
    const visit = await as(
      '/api/v1/visits',
      visitBody(e[0]!.id, '2026-09-18T02:00:00Z', [await uploadPhotoAsUser(t, coordinator.id)]),
    );
    const approved = await t.request({
      method: 'POST',
      url: `/api/v1/visits/${visit.id}/approve`,
      as: '王海峰',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    t.clock.set('2026-11-16T02:00:00Z');
    // Three October contacts (a closed month) and one in November (still open: not averaged yet).
    for (const [i, day] of [
      [0, '05'],
      [1, '06'],
      [2, '07'],
    ] as const)
      await as('/api/v1/contacts', contactBody(e[i]!.id, `2026-10-${day}T02:00:00Z`));
    await as('/api/v1/contacts', contactBody(e[3]!.id, '2026-11-10T02:00:00Z'));
  });

  it('averages C1 over the closed months and C2 over the closed quarters of the year', async () => {
    const body = await assessment(`jurisdiction=${XIHU}&year=2026`, '王海峰');
    expect(body.months).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(body.quarters).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    const row = body.items[0]!;
    // 76 enterprises in scope: (1 in September + 3 in October) / (76 × 10 months); 1 / (76 × 3 quarters).
    expect(row.c1Coverage).toBeCloseTo(4 / 760, 4);
    expect(row.c2Coverage).toBeCloseTo(1 / 228, 4);
  });

  it('follows the county’s C1 scope setting: key enterprises only', async () => {
    // One of the contacted enterprises becomes a key enterprise (重点企业); the tallies follow it.
    const [first] = await enterprisesAt(t, SHUANGPU);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/enterprises/${first!.id}`,
      as: '王海峰',
      payload: { isKey: true },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const keys = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from enterprises where jurisdiction_code like '330106%' and is_key and status = 'active'`);
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/settings/${XIHU}`,
      as: '王海峰',
      payload: { c1Scope: { mode: 'key' } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const doneOnKey = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from duty_marks m join enterprises e on e.id = m.enterprise_id
       where m.rule = 'C1' and m.state = 'done' and e.is_key
         and m.period in ('2026-01','2026-02','2026-03','2026-04','2026-05','2026-06','2026-07','2026-08','2026-09','2026-10')`);
    expect(doneOnKey.rows[0]!.n).toBeGreaterThanOrEqual(2);
    const body = await assessment(`jurisdiction=${XIHU}&year=2026`, '王海峰');
    expect(body.items[0]!.c1Coverage).toBeCloseTo(doneOnKey.rows[0]!.n / (keys.rows[0]!.n * 10), 4);
    await t.request({ method: 'PUT', url: `/api/v1/settings/${XIHU}`, as: '王海峰', payload: {} });
  });

  it('averages only the current month and quarter early in a year, and nothing for a year not begun', () => {
    expect(periodsCounted(2026, new Date('2026-01-10T00:00:00Z'))).toMatchObject({
      months: ['2026-01'],
      quarters: ['2026-Q1'],
    });
    expect(periodsCounted(2027, new Date('2026-11-16T02:00:00Z'))).toMatchObject({
      months: [],
      quarters: [],
    });
  });

  it('has no coverage for a year with nothing to average', async () => {
    const body = await assessment(`jurisdiction=${XIHU}&year=2027`, '王海峰');
    expect(body.items[0]).toMatchObject({ c1Coverage: null, c2Coverage: null });
  });
});

describe('scope and input', () => {
  it('answers 404 to the 拱墅区 supervisor for 西湖区 and assesses 拱墅区 for him', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/assessment/regions?jurisdiction=${XIHU}`,
      as: '孙立新',
    });
    expect(res.statusCode).toBe(404);
    expect((await assessment('', '孙立新')).items.map((i) => i.code)).toEqual([GONGSHU]);
  });

  it('refuses a township (400): assessment is of cities and counties', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/assessment/regions', as: '刘芳' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'assessment_level_invalid',
      message: expect.stringMatching(/县/),
    });
  });

  it('refuses years before 2023 with a Chinese message', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/assessment/regions?year=2022', as: '王海峰' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/2023/);
  });
});

describe('query plan (EXPLAIN): coverage reads the tallies only', () => {
  it('uses the tally indexes and never the enterprises or the logs', async () => {
    const resolver: SettingsResolver = {
      effectiveFor: () => {
        throw new Error('unused');
      },
      caseOver: () => sql`true`,
    };
    const query = coverageQuery({
      prefix: '3301',
      scope: { userId: 'x', rootCodes: [HANGZHOU], enterpriseIds: [], manageCodes: [] },
      groupDigits: 6,
      resolver,
      months: ['2026-09', '2026-10'],
      quarters: ['2026-Q3'],
    });
    const text = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(text).toMatch(/enterprise_tallies_key/);
    expect(text).toMatch(/duty_tallies_key/);
    expect(text).not.toMatch(/on enterprises |on duty_logs |on duty_marks |SubPlan/);
  });
});

describe('yearly targets (seed §三(一) 年度目标考核): the province sets cities’, a city its counties’', () => {
  const put = (code: string, as: string, payload: object) =>
    t.request({ method: 'PUT', url: `/api/v1/assessment/targets/${code}`, as, payload });

  it('seed §三(一): a city sets a county’s targets; the assessment shows actual against target', async () => {
    const res = await put(XIHU, '林晓燕', { year: 2026, staffingRate: 0.5, c1Coverage: 0.99 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      jurisdictionCode: XIHU,
      year: 2026,
      staffingRate: 0.5,
      c1Coverage: 0.99,
    });
    const xihu = (await assessment(`jurisdiction=${HANGZHOU}&year=2026`)).items.find((i) => i.code === XIHU)!;
    expect(xihu.target).toEqual({
      staffingRate: 0.5,
      compliantRate: null,
      c1Coverage: 0.99,
      c2Coverage: null,
    });
    expect(xihu.onTarget).toBe((xihu.staffingRate ?? -1) >= 0.5 && (xihu.c1Coverage ?? -1) >= 0.99);
    const gongshu = (await assessment(`jurisdiction=${HANGZHOU}&year=2026`)).items.find(
      (i) => i.code === GONGSHU,
    )!;
    expect(gongshu).toMatchObject({ target: null, onTarget: null });
    // Omitted keys stay, null clears one.
    await put(XIHU, '林晓燕', { year: 2026, c1Coverage: null });
    const again = (await assessment(`jurisdiction=${HANGZHOU}&year=2026`)).items.find(
      (i) => i.code === XIHU,
    )!;
    expect(again.target).toMatchObject({ staffingRate: 0.5, c1Coverage: null });
  });

  it('seed §三(一): the province sets a city’s targets; a county cannot set its own (403); bad input is a clear 400', async () => {
    expect((await put(HANGZHOU, '陈建国', { year: 2026, compliantRate: 0.8 })).statusCode).toBe(200);
    expect((await put(HANGZHOU, '林晓燕', { year: 2026, compliantRate: 0.8 })).statusCode).toBe(403);
    const own = await put(XIHU, '王海峰', { year: 2026, staffingRate: 0.9 });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('地市人力社保局');
    for (const payload of [
      { year: 2026, staffingRate: 1.5 },
      { year: 2026 },
      { year: 2022, staffingRate: 0.5 },
    ]) {
      const bad = await put(XIHU, '林晓燕', payload);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await put('330106109000', '林晓燕', { year: 2026, staffingRate: 0.5 })).statusCode).toBe(400);
  });

  it('seed §四 (自2023年6月30日起施行): 2023 counts July and Q3 onwards only', () => {
    const p = periodsCounted(2023, new Date('2024-03-01T00:00:00Z'));
    expect(p.months[0]).toBe('2023-07');
    expect(p.months).toHaveLength(6);
    expect(p.quarters).toEqual(['2023-Q3', '2023-Q4']);
    expect(periodsCounted(2024, new Date('2025-03-01T00:00:00Z')).months).toHaveLength(12);
  });
});

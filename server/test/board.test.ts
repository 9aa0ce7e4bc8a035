import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutySummary } from '@coordnet/shared/api/duties';
import type { Board } from '@coordnet/shared/api/stats';
import { DUTY_KEYS } from '@coordnet/shared/domain/duties';
import { createMemoryStorage } from '../src/lib/storage';
import { boardDutiesQuery, boardRisksQuery, boardTrendQuery, twelveMonths } from '../src/modules/stats/board';
import {
  contactBody,
  coordinatorOf,
  dutyBookkeepingMismatches,
  enterpriseAt,
  enterprisesWithCoordinator,
  guidanceFor,
  NO_MISMATCHES,
  requestAsUser,
  riskBody,
  uploadPhoto,
  visitBody,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(async () => {
  expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  await t.close();
});

const XIHU = '330106000000';
const SANDUN = '330106109000';
const SHUANGPU = '330106110000';

async function board(query: string, as = '王海峰'): Promise<Board> {
  const res = await t.request({ method: 'GET', url: `/api/v1/stats/board?${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function summary(query: string): Promise<DutySummary> {
  const res = await t.request({ method: 'GET', url: `/api/v1/duties/summary?${query}`, as: '王海峰' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const post = async (url: string, payload: object, as = '刘芳') => {
  const res = await t.request({ method: 'POST', url, as, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};

beforeAll(async () => {
  const a = await enterpriseAt(t, SANDUN, 0);
  const b = await enterpriseAt(t, SANDUN, 1);
  const c = await enterpriseAt(t, SANDUN, 2);
  // a: two contacts, the second naming 法律法规政策宣传 again: still one enterprise for that duty.
  await post(
    '/api/v1/contacts',
    contactBody(a.id, '2026-11-03T02:00:00Z', { duties: ['law_publicity', 'risk_reporting'] }),
  );
  await post('/api/v1/contacts', contactBody(a.id, '2026-11-09T02:00:00Z', { duties: ['law_publicity'] }));
  // b: a visit (submitted counts for C1, so its duties count too).
  await post('/api/v1/visits', visitBody(b.id, '2026-11-05T02:00:00Z', [await uploadPhoto(t, '刘芳')]));
  // c: a visit rejected by the approver counts for nothing, so neither do its duties.
  const rejected = await post(
    '/api/v1/visits',
    visitBody(c.id, '2026-11-06T02:00:00Z', [await uploadPhoto(t, '刘芳')], { duties: ['harmony_creation'] }),
  );
  const reject = await t.request({
    method: 'POST',
    url: `/api/v1/visits/${rejected.id}/reject`,
    as: '王海峰',
    payload: { reason: '照片与企业不符，请重新走访' },
  });
  expect(reject.statusCode, reject.body).toBe(200);
  // October: another month.
  await post(
    '/api/v1/contacts',
    contactBody(c.id, '2026-10-20T02:00:00Z', { duties: ['checkup_registration'] }),
  );
  // Guidance (C3) names the guidance's own topics, never the seven duties.
  const [guided] = await enterprisesWithCoordinator(t, SANDUN);
  await post('/api/v1/guidance', await guidanceFor(t, guided!.id, '2026-11-10T02:00:00Z'), '王海峰');
  // Risk reports: 三墩镇 a major and a general one in November, one in October; 双浦镇 a serious one.
  await post('/api/v1/risk-reports', riskBody(a.id, '2026-11-07T02:00:00Z', { severity: 'major' }));
  await post('/api/v1/risk-reports', riskBody(b.id, '2026-11-08T02:00:00Z'));
  await post('/api/v1/risk-reports', riskBody(a.id, '2026-10-05T02:00:00Z'));
  const shuangpu = await coordinatorOf(t, SHUANGPU);
  const d = await enterpriseAt(t, SHUANGPU, 0);
  const risk = await requestAsUser(t, shuangpu.id, {
    method: 'POST',
    url: '/api/v1/risk-reports',
    payload: riskBody(d.id, '2026-11-11T02:00:00Z', { severity: 'serious' }),
  });
  expect(risk.statusCode, risk.body).toBe(201);
});

describe('the seven duties of seed §二(二) the month’s logs covered', () => {
  it('counts distinct enterprises per duty, all seven in the guidance’s order, from contacts and counting visits', async () => {
    const body = await board(`jurisdiction=${XIHU}&period=2026-11`);
    expect(body.periodLabel).toBe('2026年11月');
    expect(body.duties.items.map((d) => d.key)).toEqual(DUTY_KEYS);
    expect(body.duties.items.find((d) => d.key === 'law_publicity')!.label).toBe('宣传劳动保障法律法规政策');
    const n = Object.fromEntries(body.duties.items.map((d) => [d.key, d.enterprises]));
    expect(n).toEqual({
      law_publicity: 1,
      standards_contracts: 1,
      democratic_bargaining: 0,
      dispute_mediation: 1,
      risk_reporting: 1,
      // Only the rejected visit named it.
      harmony_creation: 0,
      // Only October's contact named it.
      checkup_registration: 0,
    });
    // a and b: the rejected visit's enterprise is not among them.
    expect(body.duties.enterprises).toBe(2);
  });

  it('keeps C3’s own topics (seed §二(三) 岗位责任制) out of the seven duties, and counts October apart', async () => {
    const october = await board(`jurisdiction=${XIHU}&period=2026-10`);
    expect(october.duties.items.find((d) => d.key === 'checkup_registration')!.enterprises).toBe(1);
    expect(october.duties.enterprises).toBe(1);
    // The guidance log of November names topics such as collective_bargaining, not democratic_bargaining.
    const november = await board(`jurisdiction=${XIHU}&period=2026-11`);
    expect(november.duties.items.every((d) => (DUTY_KEYS as string[]).includes(d.key))).toBe(true);
    expect(november.duties.items.find((d) => d.key === 'democratic_bargaining')!.enterprises).toBe(0);
  });

  it('counts a township’s own logs only when asked for the township', async () => {
    const town = await board(`jurisdiction=${SHUANGPU}&period=2026-11`);
    expect(town.duties.enterprises).toBe(0);
  });
});

describe('seed §二(三) C1/C2/C3 side by side', () => {
  it('gives C1 of the month, C2 of its quarter and C3 of its year, as the duty engine counts them', async () => {
    const body = await board(`jurisdiction=${XIHU}&period=2026-11`);
    expect(body.rules.map((r) => [r.rule, r.period, r.periodLabel])).toEqual([
      ['C1', '2026-11', '2026年11月'],
      ['C2', '2026-Q4', '2026年第四季度'],
      ['C3', '2026', '2026年'],
    ]);
    for (const [rule, period] of [
      ['C1', '2026-11'],
      ['C2', '2026-Q4'],
      ['C3', '2026'],
    ] as const) {
      const s = await summary(`rule=${rule}&period=${period}&jurisdiction=${XIHU}`);
      const r = body.rules.find((x) => x.rule === rule)!;
      expect({ total: r.total, done: r.done, awaiting: r.awaiting, rate: r.coverageRate }, rule).toEqual({
        total: s.total.total,
        done: s.total.done,
        awaiting: s.total.awaiting_approval,
        rate: s.total.coverageRate,
      });
    }
    expect(body.rules.find((r) => r.rule === 'C1')!.done).toBe(2);
    expect(body.rules.find((r) => r.rule === 'C2')!.awaiting).toBe(1);
    expect(body.rules.find((r) => r.rule === 'C3')!.done).toBeGreaterThanOrEqual(1);
  });
});

describe('risk and coverage heat by child jurisdiction', () => {
  it('ranks the children by high, then open risk reports, then lowest C1 coverage; 本级 last', async () => {
    const body = await board(`jurisdiction=${XIHU}&period=2026-11`);
    const c1 = await summary(`rule=C1&period=2026-11&jurisdiction=${XIHU}`);
    const rows = body.heat.filter((r) => !r.self);
    expect(rows.map((r) => r.code).sort()).toEqual(
      c1.items
        .filter((r) => !r.self)
        .map((r) => r.code)
        .sort(),
    );
    // 三墩镇 (a major one) and 双浦镇 (a serious one) both have one high report; 三墩镇 has two open.
    expect(rows.slice(0, 2).map((r) => [r.code, r.risks])).toEqual([
      [SANDUN, { total: 2, open: 2, high: 1 }],
      [SHUANGPU, { total: 1, open: 1, high: 1 }],
    ]);
    for (const row of rows.slice(2)) expect(row.risks).toEqual({ total: 0, open: 0, high: 0 });
    const rates = rows.slice(2).map((r) => r.c1.coverageRate ?? 2);
    expect(rates).toEqual([...rates].sort((x, y) => x - y));
    const sanDun = rows[0]!;
    expect(sanDun.c1).toEqual({
      total: c1.items.find((r) => r.code === SANDUN)!.counts.total,
      done: 2,
      coverageRate: c1.items.find((r) => r.code === SANDUN)!.counts.coverageRate,
    });
    expect(sanDun.c2.done).toBe(0);
    const self = body.heat.findIndex((r) => r.self);
    expect(self === -1 || self === body.heat.length - 1).toBe(true);
  });

  it('drills into a township: its communities', async () => {
    const town = await board(`jurisdiction=${SANDUN}&period=2026-11`);
    expect(town.heat.filter((r) => !r.self).map((r) => r.level)).toEqual(['community']);
  });
});

describe('the last 12 months', () => {
  it('gives twelve months ending with the month shown, C1 and C2 coverage and risk reports', async () => {
    const body = await board(`jurisdiction=${XIHU}&period=2026-11`);
    expect(body.trend.map((p) => p.period)).toEqual(twelveMonths('2026-11'));
    expect(body.trend[0]!.period).toBe('2025-12');
    const november = body.trend.at(-1)!;
    expect(november.c1Rate).toBe(body.rules.find((r) => r.rule === 'C1')!.coverageRate);
    expect(november.risks).toEqual({ total: 3, high: 2 });
    const october = body.trend.find((p) => p.period === '2026-10')!;
    expect(october.c1Rate).toBeGreaterThan(0);
    expect(october.c2Rate).toBe(november.c2Rate);
    expect(october.risks).toEqual({ total: 1, high: 0 });
    expect(body.trend.find((p) => p.period === '2026-01')!).toMatchObject({ c1Rate: 0, risks: { total: 0 } });
  });

  it('defaults to this month (the injected clock: 2026-11)', async () => {
    expect((await board(`jurisdiction=${XIHU}`)).period).toBe('2026-11');
  });
});

describe('scope and bad input', () => {
  it('shows a township coordinator their township by default, 404 for the county', async () => {
    expect((await board('', '刘芳')).jurisdiction.code).toBe(SANDUN);
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/stats/board?jurisdiction=${XIHU}`,
      as: '刘芳',
    });
    expect(res.statusCode).toBe(404);
  });

  it('answers 404 to the 拱墅区 supervisor for 西湖区, and 403 to an enterprise coordinator', async () => {
    const outside = await t.request({
      method: 'GET',
      url: `/api/v1/stats/board?jurisdiction=${XIHU}`,
      as: '孙立新',
    });
    expect(outside.statusCode).toBe(404);
    const gongshu = await board('jurisdiction=330105000000', '孙立新');
    expect(gongshu.duties.enterprises).toBe(0);
    expect(gongshu.heat.every((r) => r.risks.total === 0)).toBe(true);
    const enterprise = await t.request({ method: 'GET', url: '/api/v1/stats/board', as: '郑磊' });
    expect(enterprise.statusCode).toBe(403);
  });

  it.each([
    ['2026-13', '月份格式应为 2026-11'],
    ['2026-Q4', '月份格式应为 2026-11'],
    ['2026', '月份格式应为 2026-11'],
    ['2026-1', '月份格式应为 2026-11'],
  ])('rejects period=%s with 400 in Chinese', async (period, message) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/stats/board?period=${period}`, as: '王海峰' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain(message);
  });

  it('rejects a month after this one, an invalid code and an unknown parameter', async () => {
    const future = await t.request({
      method: 'GET',
      url: '/api/v1/stats/board?period=2026-12',
      as: '王海峰',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      code: 'board_month_in_future',
      message: '看板只能查看本月及以前的月份',
    });
    const code = await t.request({
      method: 'GET',
      url: '/api/v1/stats/board?jurisdiction=3301',
      as: '王海峰',
    });
    expect(code.statusCode).toBe(400);
    const extra = await t.request({ method: 'GET', url: '/api/v1/stats/board?rule=C1', as: '王海峰' });
    expect(extra.statusCode).toBe(400);
  });
});

describe('query plans (EXPLAIN): one statement per part, whatever the number of children', () => {
  async function plan(query: SQL) {
    return t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${query}`);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  const params = {
    target: { code: XIHU, level: 'county' as const, prefix: '330106', childDigits: 9 },
    scope: { userId: 'x', rootCodes: [XIHU], enterpriseIds: [], manageCodes: [] },
  };
  const month = { start: new Date('2026-10-31T16:00:00Z'), end: new Date('2026-11-30T16:00:00Z') };

  it('counts the duties and the risk reports with one grouped scan of the logs by code and time', async () => {
    for (const query of [
      boardDutiesQuery({ ...params, ...month }),
      boardRisksQuery({ ...params, start: new Date('2025-11-30T16:00:00Z'), end: month.end }),
    ]) {
      const text = await plan(query);
      expect(text).toMatch(/Aggregate/);
      expect(text).toMatch(/duty_logs_(jurisdiction|occurred)_idx/);
      expect(text).not.toMatch(/SubPlan|Seq Scan/);
    }
  });

  it('reads the trend from the tallies, never the enterprises or the logs', async () => {
    const settings = await import('../src/modules/settings/service');
    const resolver = await settings
      .createSettingsService({
        db: t.database.db,
        clock: { now: () => new Date() },
        jurisdictions: null as never,
      })
      .resolver([XIHU]);
    const text = await plan(
      boardTrendQuery({ ...params, resolver, months: twelveMonths('2026-11'), quarters: ['2026-Q4'] }),
    );
    expect(text).toMatch(/duty_tallies/);
    expect(text).toMatch(/enterprise_tallies/);
    expect(text).not.toMatch(/duty_logs|enterprises_|SubPlan/);
  });
});

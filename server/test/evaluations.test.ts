import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation, EvaluationList } from '@coordnet/shared/api/evaluations';
import { createMemoryStorage } from '../src/lib/storage';
import {
  contactBody,
  dutyBookkeepingMismatches,
  enterprisesAt,
  NO_MISMATCHES,
  riskBody,
  uploadPhoto,
  visitBody,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

const XIHU = '330106000000';
const SANDUN = '330106109000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage(), now: '2025-01-20T02:00:00Z' });
});
afterAll(() => t.close());

const pad = (n: number) => String(n).padStart(2, '0');
const ok = (res: { statusCode: number; body: string }, status = 201) => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body);
};

/**
 * 刘芳's 2025 in 三墩镇 (22 enterprises), logged through the API month by month:
 * - every month she contacts the first 11 enterprises (132 contacts; the first one each month of
 *   January–October about a dispute, 矛盾纠纷排查和协商调解: 10 worker services);
 * - in the middle month of each quarter she visits the same 11 (44 visits, all approved by 王海峰),
 *   and one more visit in February is rejected;
 * - three risk reports come from 三墩镇 enterprises during the year.
 */
async function scriptYear() {
  const enterprises = (await enterprisesAt(t, SANDUN)).slice(0, 11);
  for (let month = 1; month <= 12; month++) {
    t.clock.set(`2025-${pad(month)}-20T02:00:00Z`);
    for (const [i, e] of enterprises.entries()) {
      const duties = i === 0 && month <= 10 ? ['dispute_mediation'] : ['law_publicity'];
      ok(
        await t.request({
          method: 'POST',
          url: '/api/v1/contacts',
          as: '刘芳',
          payload: contactBody(e.id, `2025-${pad(month)}-10T02:00:00Z`, { duties }),
        }),
      );
    }
    if (month % 3 === 2) {
      const ids: string[] = [];
      for (const e of enterprises) {
        const photo = await uploadPhoto(t, '刘芳');
        const visit = ok(
          await t.request({
            method: 'POST',
            url: '/api/v1/visits',
            as: '刘芳',
            payload: visitBody(e.id, `2025-${pad(month)}-12T02:00:00Z`, [photo], {
              duties: ['standards_contracts', 'harmony_creation'],
            }),
          }),
        );
        ids.push(visit.id);
      }
      ok(
        await t.request({
          method: 'POST',
          url: '/api/v1/visits/bulk-approve',
          as: '王海峰',
          payload: { ids },
        }),
        200,
      );
    }
    if (month === 2) {
      const photo = await uploadPhoto(t, '刘芳');
      const extra = ok(
        await t.request({
          method: 'POST',
          url: '/api/v1/visits',
          as: '刘芳',
          payload: visitBody(enterprises[0]!.id, '2025-02-14T02:00:00Z', [photo]),
        }),
      );
      ok(
        await t.request({
          method: 'POST',
          url: `/api/v1/visits/${extra.id}/reject`,
          as: '王海峰',
          payload: { reason: '照片与企业不符' },
        }),
        200,
      );
    }
    if ([3, 6, 9].includes(month))
      ok(
        await t.request({
          method: 'POST',
          url: '/api/v1/risk-reports',
          as: '刘芳',
          payload: riskBody(enterprises[month / 3]!.id, `2025-${pad(month)}-18T02:00:00Z`),
        }),
      );
  }
  t.clock.set('2026-03-02T02:00:00Z');
}

/** Enterprises, large/medium and key enterprises under a prefix, counted straight from the table. */
async function burden(prefix: string) {
  const rows = await t.database.db.execute<{ n: number; lm: number; key: number }>(sql`
    select count(*)::int as n, (count(*) filter (where size in ('large', 'medium')))::int as lm,
           (count(*) filter (where is_key))::int as key
      from enterprises where jurisdiction_code like ${`${prefix}%`} and status = 'active' and in_scope`);
  return rows.rows[0]!;
}

const compute = async (as = '王海峰', year = 2025): Promise<EvaluationList> =>
  ok(
    await t.request({
      method: 'POST',
      url: '/api/v1/evaluations/compute',
      as,
      payload: { jurisdiction: XIHU, year },
    }),
    200,
  );
const find = (list: EvaluationList, name: string) => list.items.find((e) => e.name === name)!;

describe('yearly evaluation of grassroots coordinators (seed §二(三) 技能比武和评价机制, C5)', () => {
  let liu: Evaluation;
  // About 270 requests: generous on a shared two-core machine.
  beforeAll(scriptYear, 240_000);

  it('computes coverage, frequency, quality and difficulty from a scripted year, as worked out by hand', async () => {
    const list = await compute();
    // Every township, park and community post of 西湖区: 4 + 2 + 2 + 2 + 1 township, 4 park, 2 community.
    expect(list.items).toHaveLength(17);
    expect(list.weights).toEqual({ coverage: 40, frequency: 20, quality: 25, difficulty: 15 });
    liu = find(list, '刘芳');
    expect(liu.metrics).toMatchObject({
      enterprises: 22,
      months: 12,
      quarters: 4,
      contactedMonths: 132, // 11 enterprises × 12 months; the visits fell on months already contacted
      visitedQuarters: 44, // 11 × 4
      monthlyCoverage: 0.5, // 132 / (22 × 12)
      quarterlyCoverage: 0.5, // 44 / (22 × 4)
      contacts: 132,
      visits: 44, // the rejected one does not count
      workerServices: 10,
      approved: 44,
      rejections: 1,
      approvalRate: 0.9778, // 44 / 45
      dutiesCovered: 4, // law_publicity, dispute_mediation, standards_contracts, harmony_creation
      riskReports: 3,
    });
    const sanDun = await burden('330106109');
    expect(liu.metrics.difficultyIndex).toBe(22 + sanDun.lm + sanDun.key + 2 * 3);
    expect(liu.scores).toEqual({
      coverage: 50, // 100 × (0.5 + 0.5) / 2
      frequency: 52.84, // 100 × (132 + 44 + 10) / (22 × (12 + 4)) = 100 × 186 / 352
      quality: 77.46, // 50 × 0.9778 + 50 × 4/7 = 48.89 + 28.57
      difficulty: 100, // the highest index of the county
    });
    // (40 × 50 + 20 × 52.84 + 25 × 77.46 + 15 × 100) / 100 = 64.933
    expect(liu.computedScore).toBe(64.93);
    expect(liu.finalScore).toBe(64.93);
    expect(liu.rank).toBe(1);
    expect(liu.status).toBe('draft');

    // 周强 logged nothing: only difficulty, the park's index against 三墩镇's.
    const zhou = find(list, '周强');
    const park = await burden('330106400');
    const parkIndex = 16 + park.lm + park.key;
    expect(zhou.metrics).toMatchObject({ enterprises: 16, contacts: 0, approvalRate: null, riskReports: 0 });
    expect(zhou.scores.coverage! + zhou.scores.frequency! + zhou.scores.quality!).toBe(0);
    expect(zhou.scores.difficulty!).toBe(
      Math.round((10_000 * parkIndex) / liu.metrics.difficultyIndex) / 100,
    );
    expect(zhou.computedScore).toBe(Math.round(15 * zhou.scores.difficulty!) / 100);
    // seed §二(三) C5: a community with no enterprises of its own has nothing to be scored on: every
    // part is 不适用 (null), not 0, and it ranks after those with a score.
    const wu = find(list, '吴静');
    expect(wu.metrics.enterprises).toBe(0);
    expect(wu.scores).toEqual({ coverage: null, frequency: null, quality: null, difficulty: null });
    expect(wu.computedScore).toBeNull();
    expect(wu.finalScore).toBeNull();
    expect(wu.rank).toBe(list.items.at(-1)!.rank);
  });

  it('uses the weights the county sets (a policy setting)', async () => {
    const bad = await t.request({
      method: 'PUT',
      url: `/api/v1/settings/${XIHU}`,
      as: '王海峰',
      payload: { evaluationWeights: { coverage: 30, frequency: 30, quality: 20, difficulty: 30 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('四项评价权重之和应为 100');
    ok(
      await t.request({
        method: 'PUT',
        url: `/api/v1/settings/${XIHU}`,
        as: '王海峰',
        payload: { evaluationWeights: { coverage: 30, frequency: 30, quality: 20, difficulty: 20 } },
      }),
      200,
    );
    liu = find(await compute(), '刘芳');
    // (30 × 50 + 30 × 52.84 + 20 × 77.46 + 20 × 100) / 100 = 66.344
    expect(liu.computedScore).toBe(66.34);
    expect(liu.weights).toEqual({ coverage: 30, frequency: 30, quality: 20, difficulty: 20 });
  });

  it('a supervisor adjusts with a reason; a filter by township keeps the county rank', async () => {
    const noReason = await t.request({
      method: 'PATCH',
      url: `/api/v1/evaluations/${liu.id}`,
      as: '王海峰',
      payload: { adjustment: 3 },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('调整说明');
    const tooMuch = await t.request({
      method: 'PATCH',
      url: `/api/v1/evaluations/${liu.id}`,
      as: '王海峰',
      payload: { adjustment: 25, comment: '表现突出' },
    });
    expect(tooMuch.statusCode).toBe(400);
    const adjusted: Evaluation = ok(
      await t.request({
        method: 'PATCH',
        url: `/api/v1/evaluations/${liu.id}`,
        as: '王海峰',
        payload: { adjustment: 3, comment: '妥善调处一起群体性欠薪纠纷' },
      }),
      200,
    );
    expect(adjusted).toMatchObject({
      adjustment: 3,
      finalScore: 69.34,
      adjustmentComment: '妥善调处一起群体性欠薪纠纷',
    });
    // Recomputing keeps the adjustment.
    expect(find(await compute(), '刘芳')).toMatchObject({ adjustment: 3, finalScore: 69.34 });
    const township: EvaluationList = ok(
      await t.request({
        method: 'GET',
        url: `/api/v1/evaluations?jurisdiction=${SANDUN}&year=2025`,
        as: '赵敏',
      }),
      200,
    );
    // 三墩镇's four township coordinators and the coordinator of 庙前街社区 under it.
    expect(township.items.map((e) => e.jurisdictionCode).sort()).toEqual([
      ...Array(4).fill(SANDUN),
      '330106109001',
    ]);
    expect(township.items[0]).toMatchObject({ name: '刘芳', rank: 1 });
    expect(township.editable).toBe(false);
  });

  it('final locks: no adjustment, recomputation leaves it as it was', async () => {
    const final: Evaluation = ok(
      await t.request({ method: 'POST', url: `/api/v1/evaluations/${liu.id}/finalize`, as: '王海峰' }),
      200,
    );
    expect(final).toMatchObject({ status: 'final', statusLabel: '已定稿', finalScore: 69.34 });
    const again = await t.request({
      method: 'PATCH',
      url: `/api/v1/evaluations/${liu.id}`,
      as: '王海峰',
      payload: { adjustment: 0 },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该评价已定稿，不能再修改');
    ok(
      await t.request({
        method: 'PUT',
        url: `/api/v1/settings/${XIHU}`,
        as: '王海峰',
        payload: {},
      }),
      200,
    );
    const recomputed = find(await compute(), '刘芳');
    expect(recomputed).toMatchObject({ computedScore: 66.34, status: 'final' });
    const all: EvaluationList = ok(
      await t.request({
        method: 'POST',
        url: '/api/v1/evaluations/finalize',
        as: '王海峰',
        payload: { jurisdiction: XIHU, year: 2025 },
      }),
      200,
    );
    expect(all.items.every((e) => e.status === 'final')).toBe(true);
  });

  it('refuses a future year, a city, coordinators, viewers and another county', async () => {
    const future = await t.request({
      method: 'POST',
      url: '/api/v1/evaluations/compute',
      as: '王海峰',
      payload: { jurisdiction: XIHU, year: 2027 },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toBe('该年度尚未开始，不能评价');
    const city = await t.request({
      method: 'GET',
      url: '/api/v1/evaluations?jurisdiction=330100000000',
      as: '林晓燕',
    });
    expect(city.statusCode).toBe(400);
    expect(city.json().code).toBe('evaluation_level_invalid');
    const coordinator = await t.request({ method: 'GET', url: '/api/v1/evaluations', as: '刘芳' });
    expect(coordinator.statusCode).toBe(403);
    const viewer = await t.request({
      method: 'POST',
      url: '/api/v1/evaluations/compute',
      as: '赵敏',
      payload: { jurisdiction: XIHU, year: 2025 },
    });
    expect(viewer.statusCode).toBe(403);
    const other = await t.request({
      method: 'GET',
      url: `/api/v1/evaluations?jurisdiction=${XIHU}`,
      as: '孙立新',
    });
    expect(other.statusCode).toBe(404);
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/evaluations/${liu.id}`,
      as: '孙立新',
      payload: { adjustment: 1, comment: '越权调整' },
    });
    expect(patch.statusCode).toBe(404);
  });

  it('city and province supervisors find every county of their area (the county picker) and open any of them', async () => {
    for (const who of ['林晓燕', '陈建国']) {
      const tree = ok(
        await t.request({ method: 'GET', url: '/api/v1/jurisdictions?depth=2', as: who }),
        200,
      ) as {
        items: { code: string; level: string }[];
      };
      const counties = tree.items.filter((j) => j.level === 'county').map((j) => j.code);
      expect(counties).toEqual(expect.arrayContaining([XIHU, '330105000000']));
      const list: EvaluationList = ok(
        await t.request({
          method: 'GET',
          url: `/api/v1/evaluations?jurisdiction=${XIHU}&year=2025`,
          as: who,
        }),
        200,
      );
      expect(list.county).toEqual({ code: XIHU, name: '西湖区' });
      expect(list.editable).toBe(true);
      expect(list.items.length).toBe(17);
      const other = await t.request({
        method: 'GET',
        url: '/api/v1/evaluations?jurisdiction=330105000000&year=2025',
        as: who,
      });
      expect(other.statusCode).toBe(200);
      expect(other.json().county.code).toBe('330105000000');
    }
  });

  it('exports the evaluation sheet (.xlsx) with the adjustment reason guarded against formulas, audited', async () => {
    const list: EvaluationList = ok(
      await t.request({
        method: 'GET',
        url: `/api/v1/evaluations?jurisdiction=${XIHU}&year=2025`,
        as: '王海峰',
      }),
      200,
    );
    expect(list.items.length).toBe(17);
    await t.database.db.execute(
      sql`update coordinator_evaluations set adjustment_comment = '=HYPERLINK("http://x")' where id = ${find(list, '周强').id}`,
    );
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/exports/evaluations.xlsx?jurisdiction=${XIHU}&year=2025`,
      as: '王海峰',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(decodeURIComponent(res.headers['content-disposition'] as string)).toContain(
      '西湖区基层协调员年度评价表_2025年.xlsx',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('2025年度评价');
    expect(sheet.getRow(1).getCell(1).value).toBe('排名');
    expect(sheet.rowCount).toBe(18);
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe('刘芳');
    expect(first.getCell(23).value).toBe('妥善调处一起群体性欠薪纠纷');
    expect(first.getCell(24).value).toBe(69.34);
    const cells = sheet.getColumn(23).values.filter((v) => typeof v === 'string') as string[];
    expect(cells).toContain(`'=HYPERLINK("http://x")`);
    const audit = await t.database.db.execute<{ details: { rowCount: number; ledger: string } }>(
      sql`select details from audit_log where action = 'ledger.export' and entity_id = 'evaluations'`,
    );
    expect(audit.rows[0]!.details).toMatchObject({ ledger: 'evaluations', rowCount: 17 });
  });

  it('keeps the duty bookkeeping consistent', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});

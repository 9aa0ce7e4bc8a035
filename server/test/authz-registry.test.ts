import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../src/db/schema/cases';
import { incentiveClaims } from '../src/db/schema/development';
import { coordinatorEvaluations } from '../src/db/schema/evaluations';
import { coordinatorRoles } from '../src/db/schema/people';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * The coordinator database's routes (training, awards, profiles), the yearly evaluation (C5) and
 * the case library × every kind of person, in and out of scope (docs/domain.md §6). Requests aim at
 * 三墩镇 (330106109000), its coordinator 刘芳 or 西湖区. authz-matrix.test.ts checks that every API
 * route is listed here or in one of the other matrices.
 */
const PEOPLE = {
  province: '陈建国',
  city: '林晓燕',
  countyManager: '王海峰',
  countyViewer: '赵敏',
  otherCounty: '孙立新',
  township: '刘芳',
  park: '周强',
  community: '吴静',
  enterprise: '郑磊',
  anonymous: null,
} as const;
type Person = keyof typeof PEOPLE;
type Expectation = Record<Person, number>;

interface Fixture {
  liuFang: string;
  zhengLei: string;
  session: string;
  evaluation: string;
  sanDunCase: string;
}

interface RegistryCase {
  route: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => object;
  /** Runs before each person's request (e.g. puts the evaluations back to draft). */
  prepare?: 'draftEvaluations' | 'publishedCase' | 'hiddenCase' | 'pendingIncentives';
  expect: Expectation;
}

const readers = (ok: number, out: number): Expectation => ({
  province: ok,
  city: ok,
  countyManager: ok,
  countyViewer: ok,
  otherCounty: out,
  township: ok,
  park: out,
  community: out,
  enterprise: out,
  anonymous: 401,
});
/** Written by manager supervisors of the level or above; everyone else is refused. */
const managers = (ok: number, others: Partial<Expectation> = {}): Expectation => ({
  ...readers(403, 403),
  province: ok,
  city: ok,
  countyManager: ok,
  ...others,
});
/** Supervisors only: coordinators get 403, another county's supervisor 404. */
const supervisors = (ok: number, others: Partial<Expectation> = {}): Expectation => ({
  ...readers(ok, 403),
  township: 403,
  otherCounty: 404,
  ...others,
});

export const REGISTRY_CASES: RegistryCase[] = [
  {
    route: 'GET /api/v1/training-sessions',
    method: 'GET',
    url: () => '/api/v1/training-sessions?jurisdiction=330106109000',
    expect: readers(200, 404),
  },
  {
    route: 'POST /api/v1/training-sessions',
    method: 'POST',
    url: () => '/api/v1/training-sessions',
    body: (f) => ({
      jurisdictionCode: '330106109000',
      heldOn: '2026-11-10',
      topic: '矩阵测试培训',
      hours: 2,
      trainer: '矩阵讲师',
      attendeeUserIds: [f.liuFang],
    }),
    expect: managers(201),
  },
  {
    route: 'POST /api/v1/training-sessions/{id}/attendance',
    method: 'POST',
    url: (f) => `/api/v1/training-sessions/${f.session}/attendance`,
    body: (f) => ({ userIds: [f.liuFang] }),
    expect: managers(200, { otherCounty: 404, park: 404, community: 404, enterprise: 404 }),
  },
  {
    route: 'GET /api/v1/training-sessions/{id}/attendees',
    method: 'GET',
    url: (f) => `/api/v1/training-sessions/${f.session}/attendees`,
    expect: readers(200, 404),
  },
  {
    // Checked before the upload is read: managers get as far as "no file" (400).
    route: 'POST /api/v1/training-sessions/{id}/sign-in-sheet',
    method: 'POST',
    url: (f) => `/api/v1/training-sessions/${f.session}/sign-in-sheet`,
    expect: managers(400, { otherCounty: 404, park: 404, community: 404, enterprise: 404 }),
  },
  {
    route: 'GET /api/v1/incentives/mine',
    method: 'GET',
    url: () => '/api/v1/incentives/mine',
    expect: readers(200, 200),
  },
  {
    route: 'GET /api/v1/incentives/{kind}',
    method: 'GET',
    url: () => '/api/v1/incentives/subsidy?jurisdiction=330106109000',
    expect: readers(200, 404),
  },
  {
    // 郑磊 (四级, an enterprise in 三墩镇) moved 待申领 → 已申领 by the managers above it.
    route: 'POST /api/v1/incentives/{kind}/advance',
    method: 'POST',
    url: () => '/api/v1/incentives/subsidy/advance',
    body: (f) => ({ userId: f.zhengLei, skillLevel: 'level4', to: 'claimed' }),
    prepare: 'pendingIncentives',
    expect: managers(200, { otherCounty: 404, park: 404, community: 404, enterprise: 404 }),
  },
  {
    route: 'GET /api/v1/awards',
    method: 'GET',
    url: () => '/api/v1/awards?jurisdiction=330106109000',
    expect: readers(200, 404),
  },
  {
    route: 'POST /api/v1/awards',
    method: 'POST',
    url: () => '/api/v1/awards',
    body: (f) => ({
      userId: f.liuFang,
      kind: 'honour',
      title: '金牌劳动关系协调员',
      awardedOn: '2026-10-01',
      issuer: '矩阵测试单位',
      jurisdictionCode: '330106109000',
    }),
    expect: managers(201),
  },
  {
    route: 'GET /api/v1/coordinators/{userId}/profile',
    method: 'GET',
    url: (f) => `/api/v1/coordinators/${f.liuFang}/profile`,
    expect: readers(200, 404),
  },
  {
    route: 'GET /api/v1/evaluations',
    method: 'GET',
    url: () => '/api/v1/evaluations?jurisdiction=330106109000&year=2026',
    expect: supervisors(200),
  },
  {
    route: 'POST /api/v1/evaluations/compute',
    method: 'POST',
    url: () => '/api/v1/evaluations/compute',
    body: () => ({ jurisdiction: '330106000000', year: 2026 }),
    expect: managers(200, { otherCounty: 404 }),
  },
  {
    route: 'POST /api/v1/evaluations/finalize',
    method: 'POST',
    url: () => '/api/v1/evaluations/finalize',
    body: () => ({ jurisdiction: '330106000000', year: 2026 }),
    prepare: 'draftEvaluations',
    expect: managers(200, { otherCounty: 404 }),
  },
  {
    route: 'PATCH /api/v1/evaluations/{id}',
    method: 'PATCH',
    url: (f) => `/api/v1/evaluations/${f.evaluation}`,
    body: () => ({ adjustment: 1, comment: '矩阵测试调整' }),
    prepare: 'draftEvaluations',
    expect: managers(200, { otherCounty: 404 }),
  },
  {
    route: 'POST /api/v1/evaluations/{id}/finalize',
    method: 'POST',
    url: (f) => `/api/v1/evaluations/${f.evaluation}/finalize`,
    prepare: 'draftEvaluations',
    expect: managers(200, { otherCounty: 404 }),
  },
  {
    // Everyone with a post reads the library; what they see depends on where they work (cases.test.ts).
    route: 'GET /api/v1/cases',
    method: 'GET',
    url: () => '/api/v1/cases',
    expect: { ...readers(200, 200) },
  },
  {
    // 刘芳's case shared with 三墩镇: its readers and those working under it (郑磊's enterprise is there).
    route: 'GET /api/v1/cases/{id}',
    method: 'GET',
    url: (f) => `/api/v1/cases/${f.sanDunCase}`,
    expect: { ...readers(200, 404), enterprise: 200 },
  },
  {
    route: 'POST /api/v1/cases',
    method: 'POST',
    url: () => '/api/v1/cases',
    body: () => ({
      title: '矩阵测试案例',
      duty: 'law_publicity',
      body: '矩阵测试案例正文，介绍一次劳动保障法律法规宣传活动的做法与效果。',
      visibility: 'province',
    }),
    expect: { ...readers(201, 201) },
  },
  {
    route: 'POST /api/v1/cases/{id}/hide',
    method: 'POST',
    url: (f) => `/api/v1/cases/${f.sanDunCase}/hide`,
    body: () => ({ reason: '矩阵测试屏蔽' }),
    prepare: 'publishedCase',
    expect: { ...managers(200, { otherCounty: 404, park: 404, community: 404 }), enterprise: 403 },
  },
  {
    route: 'POST /api/v1/cases/{id}/restore',
    method: 'POST',
    url: (f) => `/api/v1/cases/${f.sanDunCase}/restore`,
    prepare: 'hiddenCase',
    // A hidden case is visible only to its author (刘芳, 403) and its moderators.
    expect: {
      ...managers(200, { otherCounty: 404, park: 404, community: 404, enterprise: 404 }),
      countyViewer: 404,
    },
  },
  {
    // The ledger resolves the jurisdiction first (404 outside my scope), then the evaluation (supervisors).
    route: 'GET /api/v1/exports/evaluations.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/evaluations.xlsx?jurisdiction=330106109000&year=2026',
    expect: supervisors(200, { park: 404, community: 404, enterprise: 404 }),
  },
  {
    // Its download link is issued only to those who could export it (checked as the export is).
    route: 'POST /api/v1/exports/evaluations/link',
    method: 'POST',
    url: () => '/api/v1/exports/evaluations/link?jurisdiction=330106109000&year=2026',
    expect: supervisors(201, { park: 404, community: 404, enterprise: 404 }),
  },
];

let t: TestApp;
const fixture = {} as Fixture;
const tokens = new Map<Person, string>();

async function call(person: Person, method: RegistryCase['method'], url: string, body?: object) {
  const token = tokens.get(person);
  return t.app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body } : {}),
  });
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-16T02:00:00Z' });
  for (const [person, name] of Object.entries(PEOPLE) as [Person, string | null][]) {
    if (name) tokens.set(person, await t.tokenFor(name));
  }
  fixture.liuFang = await t.userId('刘芳');
  fixture.zhengLei = await t.userId('郑磊');
  await t.database.db
    .update(coordinatorRoles)
    .set({ skillLevel: 'level4' })
    .where(and(eq(coordinatorRoles.userId, fixture.zhengLei), eq(coordinatorRoles.kind, 'enterprise')));
  const session = await call('countyManager', 'POST', '/api/v1/training-sessions', {
    jurisdictionCode: '330106109000',
    heldOn: '2026-11-01',
    topic: '矩阵测试培训',
    hours: 2,
    trainer: '矩阵讲师',
  });
  fixture.session = session.json().id;
  const computed = await call('countyManager', 'POST', '/api/v1/evaluations/compute', {
    jurisdiction: '330106000000',
    year: 2026,
  });
  const shared = await call('township', 'POST', '/api/v1/cases', {
    title: '三墩镇矩阵测试案例',
    duty: 'dispute_mediation',
    body: '三墩镇矩阵测试案例正文，记录一次劳动争议协商调解的经过和经验。',
    visibility: 'jurisdiction',
  });
  fixture.sanDunCase = shared.json().id;
  fixture.evaluation = computed.json().items.find((e: { name: string }) => e.name === '刘芳').id;
});
afterAll(() => t.close());

describe('authorisation matrix: coordinator database, evaluation and case library', () => {
  for (const c of REGISTRY_CASES) {
    for (const person of Object.keys(PEOPLE) as Person[]) {
      it(`${c.route} as ${person} → ${c.expect[person]}`, async () => {
        if (c.prepare === 'draftEvaluations')
          await t.database.db
            .update(coordinatorEvaluations)
            .set({ status: 'draft' })
            .where(eq(coordinatorEvaluations.countyCode, '330106000000'));
        if (c.prepare === 'publishedCase' || c.prepare === 'hiddenCase')
          await t.database.db
            .update(cases)
            .set({ status: c.prepare === 'hiddenCase' ? 'hidden' : 'published' })
            .where(eq(cases.id, fixture.sanDunCase));
        if (c.prepare === 'pendingIncentives') await t.database.db.delete(incentiveClaims);
        const res = await call(person, c.method, c.url(fixture), c.body?.(fixture));
        expect(res.statusCode, res.body.slice(0, 200)).toBe(c.expect[person]);
        if (res.statusCode >= 400)
          expect(res.json()).toEqual(
            expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          );
      });
    }
  }

  it('leaves no evaluation of another county touched', async () => {
    const rows = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from coordinator_evaluations where county_code <> '330106000000'`,
    );
    expect(rows.rows[0]!.n).toBe(0);
  });
});

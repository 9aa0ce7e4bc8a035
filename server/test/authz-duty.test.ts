import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PERSONS,
  only,
  sanDunEnterprises,
  sanDunReaders as readers,
  signInEveryone,
  type Expectation,
  type Person,
} from './helpers/authz';
import { createTestApp, type TestApp } from './helpers/test-app';
import { enterpriseCoordinatorIds } from './helpers/duty-fixtures';

/**
 * The duty-loop routes × every kind of person, in and out of scope (docs/domain.md §6). Every request
 * aims at 三墩镇 (330106109000) or one of its enterprises; stateful routes get a fresh visit each.
 * authz-matrix.test.ts checks that every API route is listed here or there.
 */
interface Fixture {
  enterprise: string;
  /** One of that enterprise's own coordinators. */
  enterpriseCoordinator: string;
  visit: string;
  upload: string;
  riskReport: string;
}

interface DutyCase {
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** Fresh state for each person (e.g. a new submitted visit), merged into the fixture. */
  prepare?: 'submittedVisit' | 'approvedVisit' | 'openRiskReport' | 'acceptedRiskReport' | 'ownPhoto';
  expect: Expectation;
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const now = '2026-11-16T01:00:00Z';
const checkIn = { latitude: 30.3243, longitude: 120.0975, accuracy: 20, isFromMock: false };

export const DUTY_CASES: DutyCase[] = [
  {
    route: 'GET /api/v1/duties',
    method: 'GET',
    url: () => '/api/v1/duties?rule=C1&period=2026-11&jurisdiction=330106109000',
    expect: readers(200, 404),
  },
  {
    // The same route about one enterprise: 郑磊 may ask about his own, not this one.
    route: 'GET /api/v1/duties',
    method: 'GET',
    url: (f) => `/api/v1/duties?rule=C2&enterpriseId=${f.enterprise}`,
    expect: readers(200, 404),
  },
  {
    route: 'GET /api/v1/duties/summary',
    method: 'GET',
    url: () => '/api/v1/duties/summary?rule=C2&period=2026-Q4&jurisdiction=330106109000',
    expect: readers(200, 404),
  },
  {
    route: 'GET /api/v1/logs',
    method: 'GET',
    url: (f) => `/api/v1/logs?enterpriseId=${f.enterprise}`,
    expect: readers(200, 200, 200),
  },
  {
    route: 'GET /api/v1/logs/{id}',
    method: 'GET',
    url: (f) => `/api/v1/logs/${f.visit}`,
    expect: readers(200, 404),
  },
  {
    route: 'POST /api/v1/contacts',
    method: 'POST',
    url: () => '/api/v1/contacts',
    body: (f) => ({
      clientId: randomUUID(),
      enterpriseId: f.enterprise,
      occurredAt: now,
      channel: 'phone',
      duties: ['law_publicity'],
    }),
    expect: only(readers(403, 404), { township: 201 }),
  },
  {
    route: 'POST /api/v1/visits',
    method: 'POST',
    url: () => '/api/v1/visits',
    prepare: 'ownPhoto',
    body: (f) => ({
      clientId: randomUUID(),
      enterpriseId: f.enterprise,
      occurredAt: now,
      checkIn,
      photos: [f.upload],
      duties: ['law_publicity'],
      findings: '用工情况正常',
    }),
    expect: only(readers(403, 404), { township: 201 }),
  },
  {
    route: 'PUT /api/v1/visits/{id}',
    method: 'PUT',
    prepare: 'submittedVisit',
    url: (f) => `/api/v1/visits/${f.visit}`,
    body: (f) => ({
      revision: 1,
      photos: [f.upload],
      duties: ['law_publicity'],
      findings: '补充：合同已规范',
    }),
    expect: only(readers(403, 404), { township: 200 }),
  },
  {
    route: 'DELETE /api/v1/visits/{id}',
    method: 'DELETE',
    prepare: 'submittedVisit',
    url: (f) => `/api/v1/visits/${f.visit}`,
    expect: only(readers(403, 404), { township: 200 }),
  },
  {
    route: 'POST /api/v1/guidance',
    method: 'POST',
    url: () => '/api/v1/guidance',
    body: (f) => ({
      clientId: randomUUID(),
      enterpriseId: f.enterprise,
      occurredAt: now,
      method: 'onsite',
      topics: ['law_policy_publicity'],
      coordinatorUserIds: [f.enterpriseCoordinator],
    }),
    expect: only(readers(403, 404), { province: 201, city: 201, countyManager: 201 }),
  },
  {
    route: 'POST /api/v1/risk-reports',
    method: 'POST',
    url: () => '/api/v1/risk-reports',
    body: (f) => ({
      clientId: randomUUID(),
      enterpriseId: f.enterprise,
      occurredAt: now,
      riskKind: 'wage_arrears',
      severity: 'general',
      peopleAffected: 3,
      description: '三名员工反映工资迟发',
    }),
    expect: readers(201, 404),
  },
  {
    route: 'POST /api/v1/risk-reports/{id}/close',
    method: 'POST',
    prepare: 'openRiskReport',
    url: (f) => `/api/v1/risk-reports/${f.riskReport}/close`,
    body: () => ({ outcome: '已协调企业补发工资' }),
    // The township answering for the case may close it too (风险与纠纷).
    expect: only(readers(403, 404), { province: 200, city: 200, countyManager: 200, township: 200 }),
  },
  {
    route: 'GET /api/v1/risk-cases',
    method: 'GET',
    url: () => '/api/v1/risk-cases?jurisdiction=330106109000',
    expect: readers(200, 404),
  },
  {
    route: 'GET /api/v1/risk-cases/{id}',
    method: 'GET',
    url: (f) => `/api/v1/risk-cases/${f.riskReport}`,
    expect: readers(200, 404),
  },
  {
    route: 'POST /api/v1/risk-cases/{id}/accept',
    method: 'POST',
    prepare: 'openRiskReport',
    url: (f) => `/api/v1/risk-cases/${f.riskReport}/accept`,
    expect: only(readers(403, 404), { province: 200, city: 200, countyManager: 200, township: 200 }),
  },
  {
    route: 'POST /api/v1/risk-cases/{id}/start',
    method: 'POST',
    prepare: 'acceptedRiskReport',
    url: (f) => `/api/v1/risk-cases/${f.riskReport}/start`,
    expect: only(readers(403, 404), { province: 200, city: 200, countyManager: 200, township: 200 }),
  },
  {
    route: 'GET /api/v1/approvals',
    method: 'GET',
    url: () => '/api/v1/approvals',
    expect: readers(200, 200, 200),
  },
  {
    route: 'POST /api/v1/visits/{id}/approve',
    method: 'POST',
    prepare: 'submittedVisit',
    url: (f) => `/api/v1/visits/${f.visit}/approve`,
    body: () => ({}),
    expect: only(readers(403, 404), { countyManager: 200 }),
  },
  {
    route: 'POST /api/v1/visits/{id}/reject',
    method: 'POST',
    prepare: 'submittedVisit',
    url: (f) => `/api/v1/visits/${f.visit}/reject`,
    body: () => ({ reason: '照片不清晰，请补拍' }),
    expect: only(readers(403, 404), { countyManager: 200 }),
  },
  {
    route: 'POST /api/v1/visits/{id}/reopen',
    method: 'POST',
    prepare: 'approvedVisit',
    url: (f) => `/api/v1/visits/${f.visit}/reopen`,
    body: () => ({ reason: '企业反映走访时间有误' }),
    // Any manager above the visit may reopen it; only the configured level approves.
    expect: only(readers(403, 404), { province: 200, city: 200, countyManager: 200 }),
  },
  {
    route: 'POST /api/v1/visits/bulk-approve',
    method: 'POST',
    prepare: 'submittedVisit',
    url: () => '/api/v1/visits/bulk-approve',
    body: (f) => ({ ids: [f.visit] }),
    expect: only(readers(403, 404), { countyManager: 200 }),
  },
  {
    route: 'GET /api/v1/settings/{jurisdictionCode}',
    method: 'GET',
    url: () => '/api/v1/settings/330106109000',
    expect: readers(200, 404),
  },
  {
    route: 'PUT /api/v1/settings/{jurisdictionCode}',
    method: 'PUT',
    url: () => '/api/v1/settings/330106000000',
    body: () => ({ backfillDays: 40 }),
    // Grassroots coordinators know their county exists: 403, not 404.
    expect: only(readers(403, 404), {
      province: 200,
      city: 200,
      countyManager: 200,
      township: 403,
      park: 403,
      community: 403,
    }),
  },
  {
    route: 'POST /api/v1/uploads',
    method: 'POST',
    url: () => '/api/v1/uploads',
    body: () => PNG,
    expect: readers(201, 201, 201),
  },
  {
    // Anyone signed in may store their own photo; a host outside DingTalk's is refused before any fetch.
    route: 'POST /api/v1/uploads/from-url',
    method: 'POST',
    url: () => '/api/v1/uploads/from-url',
    body: () => ({ clientId: randomUUID(), url: 'https://example.com/photo.jpg' }),
    expect: readers(400, 400, 400),
  },
  {
    route: 'GET /api/v1/uploads/{id}',
    method: 'GET',
    url: (f) => `/api/v1/uploads/${f.upload}`,
    expect: readers(200, 404),
  },
];

let t: TestApp;
const fixture = {} as Fixture;
let tokens = new Map<Person, string>();

function multipart(file: Buffer) {
  const boundary = `----coordnet${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function call(person: Person, method: DutyCase['method'], url: string, body?: unknown) {
  const token = tokens.get(person);
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (Buffer.isBuffer(body)) {
    const form = multipart(body);
    return t.app.inject({ method, url, payload: form.payload, headers: { ...auth, ...form.headers } });
  }
  return t.app.inject({
    method,
    url,
    headers: auth,
    ...(body !== undefined ? { payload: body as object } : {}),
  });
}

async function upload(person: Person): Promise<string> {
  const res = await call(person, 'POST', '/api/v1/uploads', PNG);
  return res.json().id;
}

async function submittedVisit(): Promise<{ visit: string; upload: string }> {
  const photo = await upload('township');
  const body = DUTY_CASES.find((c) => c.route === 'POST /api/v1/visits')!.body!({
    ...fixture,
    upload: photo,
  });
  const res = await call('township', 'POST', '/api/v1/visits', body);
  expect(res.statusCode, res.body).toBe(201);
  return { visit: res.json().id, upload: photo };
}

async function prepared(kind: DutyCase['prepare'], person: Person = 'township'): Promise<Partial<Fixture>> {
  if (kind === 'ownPhoto') return person === 'anonymous' ? {} : { upload: await upload(person) };
  if (kind === 'submittedVisit') return submittedVisit();
  if (kind === 'approvedVisit') {
    const submitted = await submittedVisit();
    expect(
      (await call('countyManager', 'POST', `/api/v1/visits/${submitted.visit}/approve`, {})).statusCode,
    ).toBe(200);
    return submitted;
  }
  if (kind === 'openRiskReport') {
    const body = DUTY_CASES.find((c) => c.route === 'POST /api/v1/risk-reports')!.body!(fixture);
    const res = await call('township', 'POST', '/api/v1/risk-reports', body);
    return { riskReport: res.json().id };
  }
  if (kind === 'acceptedRiskReport') {
    const { riskReport } = await prepared('openRiskReport');
    const res = await call('countyManager', 'POST', `/api/v1/risk-cases/${riskReport}/accept`);
    expect(res.statusCode, res.body).toBe(200);
    return { riskReport };
  }
  return {};
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-16T02:00:00Z' });
  tokens = await signInEveryone(t);
  fixture.enterprise = (await sanDunEnterprises(t)).other;
  fixture.enterpriseCoordinator = (await enterpriseCoordinatorIds(t, fixture.enterprise))[0]!;
  Object.assign(fixture, await submittedVisit());
  Object.assign(fixture, await prepared('openRiskReport'));
});
afterAll(() => t.close());

describe('authorisation matrix: the duty loop', () => {
  for (const c of DUTY_CASES) {
    for (const person of PERSONS) {
      it(`${c.route} as ${person} → ${c.expect[person]}`, async () => {
        const f = { ...fixture, ...(await prepared(c.prepare, person)) };
        const res = await call(person, c.method, c.url(f), c.body?.(f));
        if (process.env.AUTHZ_RECORD) console.log(`RECORD ${c.route} ${person} ${res.statusCode}`);
        expect(res.statusCode, res.body.slice(0, 200)).toBe(c.expect[person]);
        if (res.statusCode >= 400)
          expect(res.json()).toEqual(
            expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          );
      });
    }
  }
});

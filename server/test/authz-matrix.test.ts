import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { coordinatorRoles } from '../src/db/schema/people';
import { DUTY_CASES } from './authz-duty.test';
import {
  AUTHZ_PEOPLE as PEOPLE,
  PERSONS,
  everyone,
  sanDunEnterprises,
  sanDunReaders,
  signInEveryone,
  type Expectation,
  type Person,
} from './helpers/authz';
import { multipart } from './helpers/duty-fixtures';
import { settled } from './helpers/imports';
import { REGISTRY_CASES } from './authz-registry.test';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Every API route × every kind of person, inside and outside their scope (docs/domain.md §6: access
 * follows the hierarchy). A route added without a row here fails the completeness check below.
 */
interface Ids {
  sanDunEnterprise: string;
  ownEnterprise: string;
  /** An enterprise coordinator's post at sanDunEnterprise. */
  sanDunCoordinatorRole: string;
  /** The person holding it. */
  sanDunCoordinatorUser: string;
}

interface Case {
  route: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: (ids: Ids) => string;
  body?: (ids: Ids, person: Person) => object;
  expect: Expectation;
  /** For list routes that answer 200 to everyone: whether the person sees rows. */
  seesRows?: Record<Person, boolean>;
}

const sanDunRows: Record<Person, boolean> = {
  province: true,
  city: true,
  countyManager: true,
  countyViewer: true,
  otherCounty: false,
  township: true,
  park: false,
  community: false,
  // 郑磊's own enterprise is in 三墩镇; registry.test.ts checks it is the only one he sees.
  enterprise: true,
  anonymous: false,
};

let serial = 0;
/** Work groups are for supervisors: coordinators get 403, another county's supervisor 404. */
const supervisorsOnly = (status: number): Expectation => ({
  province: status,
  city: status,
  countyManager: status,
  countyViewer: status,
  otherCounty: 404,
  township: 403,
  park: 403,
  community: 403,
  enterprise: 403,
  anonymous: 401,
});
let groupSerial = 0;
/** An inactive 三墩镇 work group (made below), for the routes that act on one. */
let sanDunWorkGroup = '';
/** An import uploaded by the county manager (王海峰): only its owner sees it. */
let managerImport = '';
const onlyTheOwner = (status: number): Expectation => ({
  ...everyone(404),
  countyManager: status,
  anonymous: 401,
});
/** Bulk import: county or higher supervisors with manager access (the body here has no file → 400). */
const managers = (status: number): Expectation => ({
  ...everyone(403),
  province: status,
  city: status,
  countyManager: status,
  otherCounty: status,
  anonymous: 401,
});
const CASES: Case[] = [
  { route: 'GET /api/v1/me', method: 'GET', url: () => '/api/v1/me', expect: everyone(200) },
  // Signed-in people only; this test app has no DingTalk corp, hence 503 (dingtalk-jsapi.test.ts signs).
  {
    route: 'GET /api/v1/dingtalk/jsapi-config',
    method: 'GET',
    url: () => `/api/v1/dingtalk/jsapi-config?url=${encodeURIComponent('http://localhost/home')}`,
    expect: everyone(503),
  },
  {
    route: 'GET /api/v1/backups/status',
    method: 'GET',
    url: () => '/api/v1/backups/status',
    expect: { ...everyone(403), province: 200, anonymous: 401 },
  },
  {
    route: 'GET /api/v1/jurisdictions',
    method: 'GET',
    url: () => '/api/v1/jurisdictions?parent=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/enterprises',
    method: 'GET',
    url: () => '/api/v1/enterprises?jurisdiction=330106109000',
    expect: everyone(200),
    seesRows: sanDunRows,
  },
  {
    route: 'GET /api/v1/enterprises/{id}',
    method: 'GET',
    url: (ids) => `/api/v1/enterprises/${ids.sanDunEnterprise}`,
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'POST /api/v1/enterprises',
    method: 'POST',
    url: () => '/api/v1/enterprises',
    body: () => ({
      uscc: makeUscc(`91330106MA2K${String(++serial).padStart(5, '0')}`),
      name: `杭州矩阵测试${serial}有限公司`,
      jurisdictionCode: '330106109000',
    }),
    expect: { ...sanDunReaders(403, 403), province: 201, city: 201, countyManager: 201 },
  },
  {
    route: 'PATCH /api/v1/enterprises/{id}',
    method: 'PATCH',
    url: (ids) => `/api/v1/enterprises/${ids.sanDunEnterprise}`,
    body: () => ({ isKey: true }),
    expect: { ...sanDunReaders(403, 404), province: 200, city: 200, countyManager: 200 },
  },
  // 责任人 (seed §二(三) 岗位责任制): 三墩镇's coordinators and the managers of 西湖区 or above name it.
  {
    route: 'GET /api/v1/enterprises/responsible-candidates',
    method: 'GET',
    url: () => '/api/v1/enterprises/responsible-candidates?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/enterprises/mine/summary',
    method: 'GET',
    url: () => '/api/v1/enterprises/mine/summary',
    expect: everyone(200),
  },
  {
    route: 'PUT /api/v1/enterprises/{id}/responsible',
    method: 'PUT',
    url: (ids) => `/api/v1/enterprises/${ids.sanDunEnterprise}/responsible`,
    body: () => ({ roleId: null }),
    expect: { ...sanDunReaders(200, 404), countyViewer: 403 },
  },
  {
    route: 'POST /api/v1/enterprises/responsible',
    method: 'POST',
    url: () => '/api/v1/enterprises/responsible',
    body: (ids) => ({ enterpriseIds: [ids.sanDunEnterprise], roleId: null }),
    expect: { ...sanDunReaders(200, 404), countyViewer: 403 },
  },
  {
    route: 'GET /api/v1/coordinators',
    method: 'GET',
    url: () => '/api/v1/coordinators?jurisdiction=330106109000',
    expect: everyone(200),
    seesRows: sanDunRows,
  },
  {
    // Tap-to-call: the responsible township coordinator and manager supervisors; viewers 403.
    route: 'POST /api/v1/coordinators/{id}/reveal-mobile',
    method: 'POST',
    url: (ids) => `/api/v1/coordinators/${ids.sanDunCoordinatorRole}/reveal-mobile`,
    expect: { ...sanDunReaders(200, 404), countyViewer: 403 },
  },
  {
    // Skill level and certificate: supervisors managing 三墩镇; other readers 403, outsiders 404.
    route: 'PATCH /api/v1/coordinators/{id}',
    method: 'PATCH',
    url: (ids) => `/api/v1/coordinators/${ids.sanDunCoordinatorRole}`,
    body: () => ({ skillLevel: 'level3' }),
    expect: { ...sanDunReaders(403, 404), province: 200, city: 200, countyManager: 200 },
  },
  {
    route: 'GET /api/v1/audit-log',
    method: 'GET',
    url: () => '/api/v1/audit-log?limit=5',
    expect: {
      ...everyone(403),
      province: 200,
      city: 200,
      countyManager: 200,
      otherCounty: 200,
      anonymous: 401,
    },
  },
  {
    // A future date: managers get past scope and permission to the date check (400), so the
    // shared post is not ended here; post-end.test.ts ends posts.
    route: 'POST /api/v1/coordinators/{id}/end',
    method: 'POST',
    url: (ids) => `/api/v1/coordinators/${ids.sanDunCoordinatorRole}/end`,
    body: () => ({ endedOn: '2099-01-01', reason: 'departed' }),
    expect: { ...sanDunReaders(403, 404), province: 400, city: 400, countyManager: 400 },
  },
  {
    // A future date again: nobody is deactivated here; person-deactivate.test.ts does that.
    route: 'POST /api/v1/people/{id}/deactivate',
    method: 'POST',
    url: (ids) => `/api/v1/people/${ids.sanDunCoordinatorUser}/deactivate`,
    body: () => ({ endedOn: '2099-01-01' }),
    expect: { ...sanDunReaders(403, 404), province: 400, city: 400, countyManager: 400 },
  },
  {
    route: 'GET /api/v1/stats/coordinators',
    method: 'GET',
    url: () => '/api/v1/stats/coordinators?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/stats/board',
    method: 'GET',
    url: () => '/api/v1/stats/board?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/stats/subsidy-candidates',
    method: 'GET',
    url: () => '/api/v1/stats/subsidy-candidates?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/compliance/staffing',
    method: 'GET',
    url: () => '/api/v1/compliance/staffing?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    // Assessed regions are counties and above: aimed at 西湖区, which the township cannot read.
    route: 'GET /api/v1/assessment/regions',
    method: 'GET',
    url: () => '/api/v1/assessment/regions?jurisdiction=330106000000',
    expect: { ...sanDunReaders(200, 404), township: 404 },
  },
  {
    // 西湖区's targets are set by 杭州市's (or the province's) managers, not by the county itself.
    route: 'PUT /api/v1/assessment/targets/{code}',
    method: 'PUT',
    url: () => '/api/v1/assessment/targets/330106000000',
    body: () => ({ year: 2026, staffingRate: 0.9 }),
    expect: {
      ...sanDunReaders(404, 404),
      province: 200,
      city: 200,
      countyManager: 403,
      countyViewer: 403,
    },
  },
  {
    route: 'GET /api/v1/exports/enterprises.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/enterprises.xlsx?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/coordinators.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/coordinators.xlsx?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/contacts.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/contacts.xlsx?jurisdiction=330106109000&period=2026-11',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/visits.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/visits.xlsx?jurisdiction=330106109000&period=2026-Q4',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/risk-reports.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/risk-reports.xlsx?jurisdiction=330106109000&period=2026',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/guidance.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/guidance.xlsx?jurisdiction=330106109000&period=2026',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/staffing.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/staffing.xlsx?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/assessment.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/assessment.xlsx?jurisdiction=330106000000&year=2026',
    expect: { ...sanDunReaders(200, 404), township: 404 },
  },
  {
    route: 'GET /api/v1/exports/audit-log.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/audit-log.xlsx?group=sensitive',
    expect: {
      ...everyone(403),
      province: 200,
      city: 200,
      countyManager: 200,
      otherCounty: 200,
      anonymous: 401,
    },
  },
  {
    route: 'GET /api/v1/exports/training.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/training.xlsx?jurisdiction=330106109000&year=2026',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/subsidies.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/subsidies.xlsx?jurisdiction=330106109000',
    expect: sanDunReaders(200, 404),
  },
  {
    route: 'GET /api/v1/exports/gold-coordinators.xlsx',
    method: 'GET',
    url: () => '/api/v1/exports/gold-coordinators.xlsx?jurisdiction=330106109000&status=pending',
    expect: sanDunReaders(200, 404),
  },
  // Work groups and reminders (issue 6): supervisors of the level or above manage the groups.
  {
    route: 'GET /api/v1/work-groups',
    method: 'GET',
    url: () => '/api/v1/work-groups?jurisdiction=330106109000',
    expect: supervisorsOnly(200),
  },
  {
    route: 'POST /api/v1/work-groups',
    method: 'POST',
    url: () => '/api/v1/work-groups',
    body: () => ({
      jurisdictionCode: '330106109000',
      name: '三墩镇劳动关系协调员工作群',
      accessToken: `${'7'.repeat(40)}${String(++groupSerial).padStart(4, '0')}`,
    }),
    expect: { ...supervisorsOnly(403), otherCounty: 403, province: 201, city: 201, countyManager: 201 },
  },
  {
    route: 'PATCH /api/v1/work-groups/{id}',
    method: 'PATCH',
    url: () => `/api/v1/work-groups/${sanDunWorkGroup}`,
    body: () => ({ name: '三墩镇协调员工作群' }),
    expect: { ...supervisorsOnly(403), province: 200, city: 200, countyManager: 200 },
  },
  {
    // The group is inactive, so managers pass the access checks and get 409: nothing is sent.
    route: 'POST /api/v1/work-groups/{id}/test',
    method: 'POST',
    url: () => `/api/v1/work-groups/${sanDunWorkGroup}/test`,
    expect: { ...supervisorsOnly(403), province: 409, city: 409, countyManager: 409 },
  },
  {
    route: 'POST /api/v1/work-groups/{id}/deactivate',
    method: 'POST',
    url: () => `/api/v1/work-groups/${sanDunWorkGroup}/deactivate`,
    expect: { ...supervisorsOnly(403), province: 200, city: 200, countyManager: 200 },
  },
  {
    route: 'GET /api/v1/reminders',
    method: 'GET',
    url: () => '/api/v1/reminders?jurisdiction=330106109000',
    expect: everyone(200),
  },
  {
    // Everyone in the province is bound by its work-day calendar; an enterprise coordinator has no jurisdiction.
    route: 'GET /api/v1/reminders/workday-overrides',
    method: 'GET',
    url: () => '/api/v1/reminders/workday-overrides?province=330000000000',
    expect: { ...everyone(200), enterprise: 404 },
  },
  {
    route: 'PUT /api/v1/reminders/workday-overrides',
    method: 'PUT',
    url: () => '/api/v1/reminders/workday-overrides',
    body: () => ({ province: '330000000000', overrides: [{ date: '2027-02-06', workday: true }] }),
    expect: { ...everyone(403), enterprise: 404, province: 200 },
  },
  ...(['enterprises', 'coordinators', 'jurisdictions'] as const).map((kind): Case => ({
    route: `GET /api/v1/imports/templates/${kind}.xlsx`,
    method: 'GET',
    url: () => `/api/v1/imports/templates/${kind}.xlsx`,
    expect: everyone(200),
  })),
  {
    route: 'POST /api/v1/imports',
    method: 'POST',
    url: () => '/api/v1/imports?kind=enterprises',
    body: () => ({}),
    expect: managers(400),
  },
  { route: 'GET /api/v1/imports', method: 'GET', url: () => '/api/v1/imports', expect: everyone(200) },
  {
    route: 'GET /api/v1/imports/{id}',
    method: 'GET',
    url: () => `/api/v1/imports/${managerImport}`,
    expect: onlyTheOwner(200),
  },
  {
    route: 'POST /api/v1/imports/{id}/commit',
    method: 'POST',
    url: () => `/api/v1/imports/${managerImport}/commit`,
    // The file has an error, so even its owner cannot commit it.
    expect: onlyTheOwner(409),
  },
  {
    route: 'GET /api/v1/imports/{id}/errors.xlsx',
    method: 'GET',
    url: () => `/api/v1/imports/${managerImport}/errors.xlsx`,
    expect: onlyTheOwner(200),
  },
];

/** Routes anyone may call, signed in or not. */
/**
 * Each ledger's download link (台账下载) is issued to exactly those who may export it, checked as the
 * export is: the same URL's query, 201 where the export is 200.
 */
const LINK_CASES: Case[] = CASES.filter((c) => /^GET \/api\/v1\/exports\/[\w-]+\.xlsx$/.test(c.route)).map(
  (c) => ({
    ...c,
    route: c.route.replace(/^GET (.*)\.xlsx$/, 'POST $1/link'),
    method: 'POST',
    url: (ids: Ids) => c.url(ids).replace(/\.xlsx\?/, '/link?'),
    expect: Object.fromEntries(
      Object.entries(c.expect).map(([person, status]) => [person, status === 200 ? 201 : status]),
    ) as Expectation,
  }),
);
CASES.push(...LINK_CASES);

/** Opened without a header by its signed single-use token (export-links.test.ts). */
const PUBLIC_ROUTES = [
  'GET /api/v1/exports/download/{token}',
  'GET /api/v1/client-config',
  'POST /api/v1/auth/dingtalk',
  'GET /api/v1/auth/dev-users',
  'POST /api/v1/auth/dev-login',
];

let t: TestApp;
const ids = {} as Ids;
let tokens = new Map<Person, string>();

beforeAll(async () => {
  t = await createTestApp();
  const sanDun = await sanDunEnterprises(t);
  ids.ownEnterprise = sanDun.own;
  ids.sanDunEnterprise = sanDun.other;
  const [role] = await t.database.db
    .select({ id: coordinatorRoles.id, userId: coordinatorRoles.userId })
    .from(coordinatorRoles)
    .where(eq(coordinatorRoles.enterpriseId, sanDun.other))
    .limit(1);
  ids.sanDunCoordinatorRole = role!.id;
  ids.sanDunCoordinatorUser = role!.userId;
  tokens = await signInEveryone(t);
});
afterAll(() => t.close());
beforeAll(async () => {
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/work-groups',
    as: PEOPLE.countyManager,
    payload: { jurisdictionCode: '330106109000', name: '矩阵测试群', accessToken: '8'.repeat(48) },
  });
  sanDunWorkGroup = created.json().id;
  const uploaded = await t.request({
    method: 'POST',
    url: '/api/v1/imports?kind=enterprises',
    as: PEOPLE.countyManager,
    ...multipart(Buffer.from('统一社会信用代码,企业名称,所属区划代码\r\n123,矩阵测试,330106109000\r\n'), {
      filename: 'matrix.csv',
      contentType: 'text/csv',
    }),
  });
  managerImport = uploaded.json().id;
  await settled(t, managerImport, PEOPLE.countyManager);
  await t.request({
    method: 'POST',
    url: `/api/v1/work-groups/${sanDunWorkGroup}/deactivate`,
    as: PEOPLE.countyManager,
  });
});

describe('authorisation matrix', () => {
  for (const c of CASES) {
    for (const person of PERSONS) {
      it(`${c.route} as ${person} → ${c.expect[person]}`, async () => {
        const token = tokens.get(person);
        const res = await t.app.inject({
          method: c.method,
          url: c.url(ids),
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(c.body ? { payload: c.body(ids, person) } : {}),
        });
        expect(res.statusCode).toBe(c.expect[person]);
        if (res.statusCode >= 400)
          expect(Object.keys(res.json()).sort()).toEqual(expect.arrayContaining(['code', 'message']));
        if (c.seesRows && res.statusCode === 200)
          expect(res.json().items.length > 0).toBe(c.seesRows[person]);
      });
    }
  }

  it('covers every API route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/'))
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set([
      ...CASES.map((c) => c.route),
      ...DUTY_CASES.map((c) => c.route),
      ...REGISTRY_CASES.map((c) => c.route),
      ...PUBLIC_ROUTES,
    ]);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });
});

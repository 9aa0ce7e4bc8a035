import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorRoles, users } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import {
  contactBody,
  coordinatorOf,
  countRows,
  enterpriseAt,
  enterpriseOf,
  registerEnterprise,
  requestAsUser,
  dutyBookkeepingMismatches,
  NO_MISMATCHES,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

// The fixed clock is 2026-11-16T02:00:00Z = 2026-11-16 10:00 in Shanghai.
let t: TestApp;
let sandun: Awaited<ReturnType<typeof enterpriseAt>>;
let xixi: Awaited<ReturnType<typeof enterpriseAt>>;

beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  sandun = await enterpriseAt(t, '330106109000', 1);
  xixi = await enterpriseAt(t, '330106004000');
});
afterAll(() => t.close());

const post = (as: string, payload: unknown) =>
  t.request({ method: 'POST', url: '/api/v1/contacts', as, payload: payload as object });

async function c1Status(enterpriseId: string, period: string, as = '王海峰') {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/duties?rule=C1&period=${period}&jurisdiction=330106000000&limit=200`,
    as,
  });
  expect(res.statusCode).toBe(200);
  return res.json().items.find((i: { id: string }) => i.id === enterpriseId)?.status;
}

describe('POST /api/v1/contacts (C1)', () => {
  it('seed §二(三) C1: a contact in November makes the enterprise done for 2026-11', async () => {
    expect(await c1Status(sandun.id, '2026-11')).toBe('due');
    const res = await post('刘芳', contactBody(sandun.id, '2026-11-10T02:00:00Z', { channel: 'dingtalk' }));
    expect(res.statusCode).toBe(201);
    const log = res.json();
    expect(log).toMatchObject({
      kind: 'contact',
      status: 'recorded',
      enterprise: { id: sandun.id, jurisdictionCode: '330106109000', jurisdictionName: '三墩镇' },
      author: { name: '刘芳' },
      contact: { channel: 'dingtalk', contacted: null, riskFlags: [] },
      flags: [],
    });
    expect(await c1Status(sandun.id, '2026-11')).toBe('done');
    expect(await c1Status(sandun.id, '2026-10')).toBe('overdue');
  });

  it('seed §二(三) C1: park coordinators log contacts for the enterprises of their park', async () => {
    const park = await enterpriseAt(t, '330106400000');
    const res = await post('周强', contactBody(park.id, '2026-11-12T03:00:00Z'));
    expect(res.statusCode).toBe(201);
    expect(await c1Status(park.id, '2026-11')).toBe('done');
  });

  it('seed §二(一) the contacted enterprise coordinator must be one of that enterprise', async () => {
    const own = await t.database.db
      .select({ userId: coordinatorRoles.userId })
      .from(coordinatorRoles)
      .where(and(eq(coordinatorRoles.enterpriseId, sandun.id), eq(coordinatorRoles.kind, 'enterprise')));
    const coordinator = own[0]!.userId;
    const ok = await post(
      '刘芳',
      contactBody(sandun.id, '2026-11-13T02:00:00Z', { contactedUserId: coordinator }),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json().contact.contacted.userId).toBe(coordinator);

    const [stranger] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.name, '吴静'));
    const before = await countRows(t, 'duty_logs');
    const bad = await post(
      '刘芳',
      contactBody(sandun.id, '2026-11-13T03:00:00Z', { contactedUserId: stranger!.id }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('person_invalid');
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('records risk flags seen while in contact', async () => {
    const res = await post(
      '刘芳',
      contactBody(sandun.id, '2026-11-14T02:00:00Z', { riskFlags: ['wage_arrears', 'mass_departure'] }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().contact.riskFlags).toEqual(['wage_arrears', 'mass_departure']);
  });
});

describe('who may log C1 (seed §二(三): township/park coordinators for their jurisdiction)', () => {
  it('a township coordinator cannot log for another township’s enterprise → 404, nothing written', async () => {
    const before = await countRows(t, 'duty_logs');
    const res = await post('刘芳', contactBody(xixi.id, '2026-11-10T02:00:00Z'));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', message: '未找到该记录' });
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('seed §二(三) C5 (服务企业频次): an enterprise in a community is the township coordinators’ to contact (C1), and its community coordinator may log contacts too', async () => {
    const community = await registerEnterprise(t, '330106005055');
    const wu = await post('吴静', contactBody(community.id, '2026-11-09T02:00:00Z'));
    expect(wu.statusCode, wu.body).toBe(201);
    const cuiyuan = await coordinatorOf(t, '330106005000');
    const res = await requestAsUser(t, cuiyuan.id, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: contactBody(community.id, '2026-11-10T02:00:00Z'),
    });
    expect(res.statusCode).toBe(201);
    expect(await c1Status(community.id, '2026-11')).toBe('done');
  });

  it('a county supervisor is not a township coordinator → 403 not_responsible', async () => {
    const res = await post('王海峰', contactBody(sandun.id, '2026-11-10T02:00:00Z'));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('not_responsible');
    expect(res.json().message).toMatch(/乡镇\(街道\)、工业园区或所在社区\(村\)劳动关系协调员/);
  });

  it('an enterprise coordinator cannot log C1 for their own enterprise → 403', async () => {
    const own = await enterpriseOf(t, '郑磊');
    const res = await post('郑磊', contactBody(own.id, '2026-11-10T02:00:00Z'));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('not_responsible');
  });

  it('a supervisor of another county cannot see the enterprise → 404', async () => {
    const res = await post('孙立新', contactBody(sandun.id, '2026-11-10T02:00:00Z'));
    expect(res.statusCode).toBe(404);
  });
});

describe('idempotency (issue 5: clientId made on the phone)', () => {
  it('the same clientId again returns the stored log (200, same id) and writes nothing', async () => {
    const body = contactBody(sandun.id, '2026-11-15T01:00:00Z');
    const first = await post('刘芳', body);
    expect(first.statusCode).toBe(201);
    const logs = await countRows(t, 'duty_logs');
    const audits = await countRows(t, 'audit_log');
    const marks = await countRows(t, 'duty_marks');
    // The same instant written with an offset is the same request.
    const again = await post('刘芳', { ...body, occurredAt: '2026-11-15T09:00:00+08:00' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await countRows(t, 'duty_logs')).toBe(logs);
    expect(await countRows(t, 'audit_log')).toBe(audits);
    expect(await countRows(t, 'duty_marks')).toBe(marks);
  });

  it('the same clientId with a different body → 409 idempotency_conflict', async () => {
    const body = contactBody(sandun.id, '2026-11-15T02:00:00Z');
    expect((await post('刘芳', body)).statusCode).toBe(201);
    const res = await post('刘芳', { ...body, notes: '另一条记录' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('idempotency_conflict');
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('the same clientId by another person is their own log', async () => {
    const park = await enterpriseAt(t, '330106400000', 1);
    const body = contactBody(park.id, '2026-11-15T03:00:00Z');
    const zhou = await post('周强', body);
    expect(zhou.statusCode).toBe(201);
    const liu = await post('刘芳', { ...body, enterpriseId: sandun.id });
    expect(liu.statusCode).toBe(201);
    expect(liu.json().id).not.toBe(zhou.json().id);
  });

  it('two clientIds for the same enterprise and minute by the same person: accepted, flagged probable duplicate', async () => {
    const other = await enterpriseAt(t, '330106109000', 5);
    const first = await post('刘芳', contactBody(other.id, '2026-11-09T06:30:05Z'));
    const second = await post('刘芳', contactBody(other.id, '2026-11-09T06:30:50Z'));
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(first.json().flags).toEqual([]);
    expect(second.json().flags).toEqual(['probable_duplicate']);
    expect(second.json().duplicateOfId).toBe(first.json().id);
    const nextMinute = await post('刘芳', contactBody(other.id, '2026-11-09T06:31:00Z'));
    expect(nextMinute.json().flags).toEqual([]);
  });
});

describe('occurredAt (docs/domain.md §4: a log belongs to the period it happened in)', () => {
  it('later than now + 5 minutes → 400', async () => {
    const ok = await post('刘芳', contactBody(sandun.id, '2026-11-16T02:05:00Z'));
    expect(ok.statusCode).toBe(201);
    const res = await post('刘芳', contactBody(sandun.id, '2026-11-16T02:05:01Z'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'occurred_at_future', message: '发生时间不能晚于当前时间' });
  });

  it('earlier than the county’s back-fill window (45 days) → 400 with the window in the message', async () => {
    // 2026-11-16 minus 45 days is 2026-10-02, 00:00 in Shanghai = 2026-10-01T16:00:00Z.
    const ok = await post('刘芳', contactBody(sandun.id, '2026-10-01T16:00:00Z'));
    expect(ok.statusCode).toBe(201);
    const before = await countRows(t, 'duty_logs');
    const res = await post('刘芳', contactBody(sandun.id, '2026-10-01T15:59:59Z'));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('occurred_at_too_early');
    expect(res.json().message).toContain('45 天');
    expect(res.json().message).toContain('2026-10-02');
    expect(res.json().details).toMatchObject({ backfillDays: 45, earliest: '2026-10-01T16:00:00.000Z' });
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('the back-fill window is the county’s setting', async () => {
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { backfillDays: 10 },
    });
    expect(put.statusCode).toBe(200);
    const res = await post('刘芳', contactBody(sandun.id, '2026-11-05T02:00:00Z'));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('10 天');
    await t.request({ method: 'PUT', url: '/api/v1/settings/330106000000', as: '王海峰', payload: {} });
  });

  it('DOMAIN §4 CST edges: 2026-03-31T16:00:00Z is April; 2026-03-31T15:59:59Z is March', async () => {
    t.clock.set('2026-04-02T02:00:00Z');
    try {
      const april = await enterpriseAt(t, '330106109000', 7);
      const march = await enterpriseAt(t, '330106109000', 8);
      expect((await post('刘芳', contactBody(april.id, '2026-03-31T16:00:00Z'))).statusCode).toBe(201);
      expect((await post('刘芳', contactBody(march.id, '2026-03-31T15:59:59Z'))).statusCode).toBe(201);
      expect(await c1Status(april.id, '2026-04')).toBe('done');
      expect(await c1Status(april.id, '2026-03')).toBe('overdue');
      expect(await c1Status(march.id, '2026-03')).toBe('done');
      expect(await c1Status(march.id, '2026-04')).toBe('due');
    } finally {
      t.clock.set('2026-11-16T02:00:00Z');
    }
  });
});

describe('bad input → 400 with a Chinese message, never a 500, nothing written', () => {
  const cases: [string, (id: string) => unknown][] = [
    ['no duties', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), duties: [] })],
    ['unknown duty key', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), duties: ['sing'] })],
    [
      'repeated duty',
      (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), duties: ['law_publicity', 'law_publicity'] }),
    ],
    ['unknown channel', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), channel: 'pigeon' })],
    ['clientId not a UUID', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), clientId: 'abc' })],
    ['enterpriseId not a UUID', () => contactBody('not-a-uuid', '2026-11-10T02:00:00Z')],
    ['occurredAt not an instant', (id) => contactBody(id, '2026-11-10 10:00')],
    ['occurredAt without offset', (id) => contactBody(id, '2026-11-10T10:00:00')],
    ['unknown field', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), extra: 1 })],
    ['notes too long', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), notes: '长'.repeat(2001) })],
    ['riskFlags unknown', (id) => ({ ...contactBody(id, '2026-11-10T02:00:00Z'), riskFlags: ['ufo'] })],
    ['body is an array', () => []],
  ];
  it.each(cases)('%s', async (_name, make) => {
    const before = await countRows(t, 'duty_logs');
    const res = await post('刘芳', make(sandun.id));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('malformed JSON → 400 invalid_json', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/contacts',
      as: '刘芳',
      headers: { 'content-type': 'application/json' },
      payload: '{"clientId":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_json');
  });

  it('an unknown enterprise id → 404', async () => {
    const res = await post(
      '刘芳',
      contactBody('00000000-0000-4000-8000-000000000000', '2026-11-10T02:00:00Z'),
    );
    expect(res.statusCode).toBe(404);
  });

  it('without a token → 401', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/contacts',
      payload: contactBody(sandun.id, '2026-11-10T02:00:00Z'),
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('audit (issue 5: every write plus its audit row in one transaction)', () => {
  it('a contact writes one audit row with the log', async () => {
    const before = await countRows(t, 'audit_log');
    const res = await post('刘芳', contactBody(sandun.id, '2026-11-11T08:00:00Z'));
    expect(res.statusCode).toBe(201);
    expect(await countRows(t, 'audit_log')).toBe(before + 1);
    const rows = await t.database.db.execute<{ action: string; entity_id: string }>(
      sql`select action, entity_id from audit_log order by id desc limit 1`,
    );
    expect(rows.rows[0]).toEqual({ action: 'contact.create', entity_id: res.json().id });
  });
});

describe('duty bookkeeping (docs/domain.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});

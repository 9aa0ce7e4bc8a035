import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorRoles } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import {
  coordinatorOf,
  countRows,
  dutyStatus,
  enterpriseAt,
  enterprisesAt,
  requestAsUser,
  uploadPhoto,
  uploadPhotoAsUser,
  visitBody,
  dutyBookkeepingMismatches,
  NO_MISMATCHES,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
let sandun: Awaited<ReturnType<typeof enterprisesAt>>;
let next = 0;

beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  sandun = await enterprisesAt(t, '330106109000');
});
afterAll(() => t.close());

/** A new submitted visit by 刘芳 at the next 三墩镇 enterprise (at its registered location). */
async function submitted(extra: Record<string, unknown> = {}, as = '刘芳') {
  const e = sandun[next++ % sandun.length]!;
  const photo = await uploadPhoto(t, as);
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/visits',
    as,
    payload: visitBody(e.id, `2026-11-1${next % 6}T0${next % 9}:00:00Z`, [photo], {
      checkIn: { latitude: e.latitude, longitude: e.longitude, accuracy: 10, isFromMock: false },
      ...extra,
    }),
  });
  if (res.statusCode !== 201) throw new Error(`visit failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().id as string, enterprise: e };
}

const approve = (id: string, as = '王海峰', payload?: object) =>
  t.request({ method: 'POST', url: `/api/v1/visits/${id}/approve`, as, ...(payload ? { payload } : {}) });
const reject = (id: string, reason: unknown, as = '王海峰') =>
  t.request({ method: 'POST', url: `/api/v1/visits/${id}/reject`, as, payload: { reason } as object });
const reopen = (id: string, reason: unknown, as = '王海峰') =>
  t.request({ method: 'POST', url: `/api/v1/visits/${id}/reopen`, as, payload: { reason } as object });
const queue = async (as = '王海峰', query = '') => {
  const res = await t.request({ method: 'GET', url: `/api/v1/approvals?limit=200${query}`, as });
  expect(res.statusCode).toBe(200);
  return res.json().items as { id: string; flags: string[]; author: { name: string } }[];
};

describe('GET /api/v1/approvals (seed §二(三): the county HRSS staff manage township/park coordinators)', () => {
  it('the county supervisor sees the visits submitted under the county, oldest first', async () => {
    const a = await submitted();
    const b = await submitted({
      checkIn: { latitude: 30.0, longitude: 120.0, accuracy: 10, isFromMock: true },
    });
    const items = await queue();
    const ids = items.map((i) => i.id);
    expect(ids).toContain(a.id);
    expect(ids).toContain(b.id);
    // Mock-location and far check-ins are shown plainly.
    expect(items.find((i) => i.id === b.id)!.flags).toEqual(['mock_location', 'far_from_enterprise']);
    const flagged = (await queue('王海峰', '&flagged=true')).map((i) => i.id);
    expect(flagged).toContain(b.id);
    expect(flagged).not.toContain(a.id);
  });

  it('pages with a cursor', async () => {
    const first = await t.request({ method: 'GET', url: '/api/v1/approvals?limit=1', as: '王海峰' });
    const page1 = first.json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeTruthy();
    const second = await t.request({
      method: 'GET',
      url: `/api/v1/approvals?limit=1&cursor=${page1.nextCursor}`,
      as: '王海峰',
    });
    expect(second.json().items[0].id).not.toBe(page1.items[0].id);
    const bad = await t.request({ method: 'GET', url: '/api/v1/approvals?cursor=garbage', as: '王海峰' });
    expect(bad.statusCode).toBe(400);
  });

  it('counts the whole queue for the 待审批 badge, not just the page', async () => {
    await submitted();
    await submitted();
    const all = await queue();
    const first = await t.request({ method: 'GET', url: '/api/v1/approvals?limit=1', as: '王海峰' });
    expect(first.json().items).toHaveLength(1);
    expect(first.json().total).toBe(all.length);
    const flagged = await t.request({ method: 'GET', url: '/api/v1/approvals?flagged=true', as: '王海峰' });
    expect(flagged.json().total).toBe(flagged.json().items.length);
    const none = await t.request({ method: 'GET', url: '/api/v1/approvals', as: '刘芳' });
    expect(none.json()).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('another county’s supervisor, a viewer, the city and a coordinator see nothing to approve', async () => {
    expect(await queue('孙立新')).toEqual([]);
    expect(await queue('赵敏')).toEqual([]);
    expect(await queue('林晓燕')).toEqual([]);
    expect(await queue('刘芳')).toEqual([]);
  });
});

describe('approve and reject', () => {
  it('seed §二(三) C2: an approved visit makes the enterprise done for the quarter and is locked', async () => {
    const v = await submitted();
    expect(await dutyStatus(t, 'C2', '2026-Q4', v.enterprise.id)).toBe('awaiting_approval');
    const audits = await countRows(t, 'audit_log');
    const res = await approve(v.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'approved',
      visit: { decision: { by: { name: '王海峰' }, reason: null } },
    });
    expect(await dutyStatus(t, 'C2', '2026-Q4', v.enterprise.id)).toBe('done');
    expect(await countRows(t, 'audit_log')).toBe(audits + 1);
    expect((await queue()).map((i) => i.id)).not.toContain(v.id);
    const twice = await approve(v.id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('log_state_invalid');
  });

  it('approving a revision other than the one looked at → 409', async () => {
    const v = await submitted();
    const res = await approve(v.id, '王海峰', { revision: 2 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
    expect((await approve(v.id, '王海峰', { revision: 1 })).statusCode).toBe(200);
  });

  it('reject needs a reason (400); a rejected visit counts for nothing, not even as the month’s contact', async () => {
    const v = await submitted();
    expect((await reject(v.id, '')).statusCode).toBe(400);
    expect((await reject(v.id, ' ')).statusCode).toBe(400);
    const missing = await t.request({
      method: 'POST',
      url: `/api/v1/visits/${v.id}/reject`,
      as: '王海峰',
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await dutyStatus(t, 'C1', '2026-11', v.enterprise.id)).toBe('done');
    const res = await reject(v.id, '未见现场照片');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', visit: { decision: { reason: '未见现场照片' } } });
    expect(await dutyStatus(t, 'C2', '2026-Q4', v.enterprise.id)).not.toBe('awaiting_approval');
    const c1 = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from duty_logs
       where enterprise_id = ${v.enterprise.id} and status in ('recorded', 'submitted', 'approved')
         and kind in ('contact', 'visit') and occurred_at >= '2026-10-31T16:00:00Z'`);
    if (c1.rows[0]!.n === 0) expect(await dutyStatus(t, 'C1', '2026-11', v.enterprise.id)).toBe('due');
  });

  it('a viewer supervisor may not approve → 403 not_approver', async () => {
    const v = await submitted();
    const res = await approve(v.id, '赵敏');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('not_approver');
  });

  it('another county’s supervisor cannot see the visit → 404', async () => {
    const v = await submitted();
    expect((await approve(v.id, '孙立新')).statusCode).toBe(404);
    expect((await reject(v.id, '越权', '孙立新')).statusCode).toBe(404);
  });

  it('a colleague township coordinator may not approve → 403', async () => {
    const v = await submitted();
    const colleague = await coordinatorOf(t, '330106109000');
    const res = await requestAsUser(t, colleague.id, {
      method: 'POST',
      url: `/api/v1/visits/${v.id}/approve`,
    });
    expect(res.statusCode).toBe(403);
  });

  it('approving your own visit → 403 self_approval (even as the county supervisor)', async () => {
    // 王海峰 also takes a post as 三墩镇 coordinator, so he may log visits there.
    const wang = await t.userId('王海峰');
    await t.database.db
      .insert(coordinatorRoles)
      .values({ userId: wang, kind: 'township', jurisdictionCode: '330106109000', validFrom: '2024-01-01' });
    try {
      const own = await submitted({}, '王海峰');
      const res = await approve(own.id);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'self_approval', message: '不能审核自己提交的记录' });
      expect((await reject(own.id, '自己退回')).statusCode).toBe(403);
      expect((await queue()).map((i) => i.id)).not.toContain(own.id);
      expect(
        (await t.request({ method: 'DELETE', url: `/api/v1/visits/${own.id}`, as: '王海峰' })).statusCode,
      ).toBe(200);
    } finally {
      await t.database.db.execute(
        sql`delete from coordinator_roles where user_id = ${wang} and kind = 'township'`,
      );
    }
  });

  it('who approves is a setting: with approverLevel = city the city supervisor approves, the county may not', async () => {
    const v = await submitted();
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { approverLevel: 'city' },
    });
    expect(put.statusCode).toBe(200);
    try {
      expect((await queue()).map((i) => i.id)).not.toContain(v.id);
      expect((await queue('林晓燕')).map((i) => i.id)).toContain(v.id);
      expect((await approve(v.id)).statusCode).toBe(403);
      expect((await approve(v.id, '林晓燕')).statusCode).toBe(200);
    } finally {
      await t.request({ method: 'PUT', url: '/api/v1/settings/330106000000', as: '王海峰', payload: {} });
    }
  });
});

describe('reopen (issue 5: a supervisor may reopen an approved visit with a reason, audited)', () => {
  it('reopening an approved visit makes it wait for approval again; the reason is in history and audit', async () => {
    const v = await submitted();
    expect((await approve(v.id)).statusCode).toBe(200);
    expect((await reopen(v.id, '')).statusCode).toBe(400);
    const res = await reopen(v.id, '企业反映当日未见走访人员，需核实');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', visit: { decision: null } });
    expect(await dutyStatus(t, 'C2', '2026-Q4', v.enterprise.id)).toBe('awaiting_approval');
    const detail = await t.request({ method: 'GET', url: `/api/v1/logs/${v.id}`, as: '王海峰' });
    expect(detail.json().history.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'approved',
      'reopened',
    ]);
    expect(detail.json().history[2].reason).toBe('企业反映当日未见走访人员，需核实');
    const audit = await t.database.db.execute<{ action: string; details: unknown }>(
      sql`select action, details from audit_log where entity_id = ${v.id} order by id desc limit 1`,
    );
    expect(audit.rows[0]).toEqual({
      action: 'visit.reopen',
      details: { reason: '企业反映当日未见走访人员，需核实' },
    });
    // Now the author may correct it.
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${v.id}`,
      as: '刘芳',
      payload: {
        revision: 1,
        photos: res.json().visit.photos.map((p: { id: string }) => p.id),
        duties: ['law_publicity'],
        findings: '补充说明走访时间',
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().revision).toBe(2);
  });

  it('only an approved visit can be reopened (409), only by a manager supervisor (403), not by its author', async () => {
    const v = await submitted();
    expect((await reopen(v.id, '还没审核')).statusCode).toBe(409);
    expect((await approve(v.id)).statusCode).toBe(200);
    expect((await reopen(v.id, '我要改', '刘芳')).statusCode).toBe(403);
    expect((await reopen(v.id, '查看人员无权', '赵敏')).statusCode).toBe(403);
    expect((await reopen(v.id, '城市督查', '林晓燕')).statusCode).toBe(200);
  });
});

describe('POST /api/v1/visits/bulk-approve (all-or-nothing, each checked for scope)', () => {
  it('one visit out of scope fails the lot with 404 and approves nothing', async () => {
    const a = await submitted();
    const b = await submitted();
    const gongshuCoordinator = await coordinatorOf(t, '330105001000');
    const [gongshu] = await enterprisesAt(t, '330105001000');
    const photo = await uploadPhotoAsUser(t, gongshuCoordinator.id);
    const other = await requestAsUser(t, gongshuCoordinator.id, {
      method: 'POST',
      url: '/api/v1/visits',
      payload: visitBody(gongshu!.id, '2026-11-12T02:00:00Z', [photo]),
    });
    expect(other.statusCode).toBe(201);
    const outsider = other.json().id as string;
    const events = await countRows(t, 'duty_log_events');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits/bulk-approve',
      as: '王海峰',
      payload: { ids: [a.id, outsider, b.id] },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().details.failures).toEqual([
      expect.objectContaining({ id: outsider, code: 'not_found' }),
    ]);
    expect(res.json().message).toContain('本次未做任何更改');
    expect(await countRows(t, 'duty_log_events')).toBe(events);
    expect(await dutyStatus(t, 'C2', '2026-Q4', a.enterprise.id)).toBe('awaiting_approval');
  });

  it('an already approved visit in the batch → 409, nothing approved; then the good ones all at once', async () => {
    const a = await submitted();
    const b = await submitted();
    const done = await submitted();
    expect((await approve(done.id)).statusCode).toBe(200);
    const fail = await t.request({
      method: 'POST',
      url: '/api/v1/visits/bulk-approve',
      as: '王海峰',
      payload: { ids: [a.id, b.id, done.id] },
    });
    expect(fail.statusCode).toBe(409);
    expect(fail.json().details.failures.map((f: { id: string }) => f.id)).toEqual([done.id]);
    expect(await dutyStatus(t, 'C2', '2026-Q4', a.enterprise.id)).toBe('awaiting_approval');

    const audits = await countRows(t, 'audit_log');
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/visits/bulk-approve',
      as: '王海峰',
      payload: { ids: [a.id, b.id] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().approved.sort()).toEqual([a.id, b.id].sort());
    expect(await countRows(t, 'audit_log')).toBe(audits + 2);
    expect(await dutyStatus(t, 'C2', '2026-Q4', a.enterprise.id)).toBe('done');
    expect(await dutyStatus(t, 'C2', '2026-Q4', b.enterprise.id)).toBe('done');
  });

  it('bad input → 400: no ids, repeated ids, not UUIDs, more than 100', async () => {
    const id = crypto.randomUUID();
    for (const ids of [[], [id, id], ['x'], Array.from({ length: 101 }, () => crypto.randomUUID())]) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/visits/bulk-approve',
        as: '王海峰',
        payload: { ids },
      });
      expect(res.statusCode).toBe(400);
    }
  });

  it('a viewer’s bulk approval → 403 with every id listed', async () => {
    const a = await submitted();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits/bulk-approve',
      as: '赵敏',
      payload: { ids: [a.id] },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('only visits are approved', () => {
  it('approving a contact log → 404', async () => {
    const e = await enterpriseAt(t, '330106109000', 0);
    const contact = await t.request({
      method: 'POST',
      url: '/api/v1/contacts',
      as: '刘芳',
      payload: {
        clientId: crypto.randomUUID(),
        enterpriseId: e.id,
        occurredAt: '2026-11-10T02:00:00Z',
        channel: 'phone',
        duties: ['law_publicity'],
      },
    });
    expect((await approve(contact.json().id)).statusCode).toBe(404);
  });
});

describe('duty bookkeeping (docs/domain.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});

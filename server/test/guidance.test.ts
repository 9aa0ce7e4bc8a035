import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorRoles } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import {
  countRows,
  dutyStatus,
  enterpriseAt,
  enterpriseOf,
  guidanceBody,
  dutyBookkeepingMismatches,
  NO_MISMATCHES,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const post = (as: string, payload: object) =>
  t.request({ method: 'POST', url: '/api/v1/guidance', as, payload });

describe('POST /api/v1/guidance (C3, seed §二(三): county staff guide each enterprise coordinator yearly)', () => {
  it('seed §二(三) C3: guidance in 2026 makes the enterprise done for 2026', async () => {
    const own = await enterpriseOf(t, '郑磊');
    const coordinators = await t.database.db
      .select({ userId: coordinatorRoles.userId })
      .from(coordinatorRoles)
      .where(and(eq(coordinatorRoles.enterpriseId, own.id), eq(coordinatorRoles.kind, 'enterprise')));
    expect(await dutyStatus(t, 'C3', '2026', own.id)).toBe('due');
    const res = await post(
      '王海峰',
      guidanceBody(own.id, '2026-11-03T02:00:00Z', { coordinatorUserIds: coordinators.map((c) => c.userId) }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'guidance',
      status: 'recorded',
      guidance: { method: 'onsite' },
    });
    expect(res.json().guidance.coordinators.map((c: { name: string }) => c.name)).toContain('郑磊');
    expect(await dutyStatus(t, 'C3', '2026', own.id)).toBe('done');
    expect(await dutyStatus(t, 'C3', '2025', own.id)).toBe('overdue');
    // Guidance is not a township contact or visit.
    expect(await dutyStatus(t, 'C1', '2026-11', own.id)).toBe('due');
  });

  it('the guided people must be that enterprise’s coordinators → otherwise 400', async () => {
    const e = await enterpriseAt(t, '330106109000', 3);
    const liu = await t.userId('刘芳');
    const res = await post(
      '王海峰',
      guidanceBody(e.id, '2026-11-03T03:00:00Z', { coordinatorUserIds: [liu] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('person_invalid');
  });

  it('the city’s manager supervisors may also log guidance', async () => {
    const e = await enterpriseAt(t, '330106400000', 1);
    expect((await post('林晓燕', guidanceBody(e.id, '2026-11-04T02:00:00Z'))).statusCode).toBe(201);
  });

  it('a township coordinator or a viewer supervisor → 403; another county’s supervisor → 404', async () => {
    const e = await enterpriseAt(t, '330106109000', 4);
    const before = await countRows(t, 'duty_logs');
    const liu = await post('刘芳', guidanceBody(e.id, '2026-11-03T02:00:00Z'));
    expect(liu.statusCode).toBe(403);
    expect(liu.json().message).toContain('人力社保局');
    expect((await post('赵敏', guidanceBody(e.id, '2026-11-03T02:00:00Z'))).statusCode).toBe(403);
    expect((await post('孙立新', guidanceBody(e.id, '2026-11-03T02:00:00Z'))).statusCode).toBe(404);
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('DOMAIN §4 CST edges: 2026-12-31T16:00:00Z is already 2027; 15:59:59Z is 2026', async () => {
    t.clock.set('2027-01-02T02:00:00Z');
    try {
      const y2027 = await enterpriseAt(t, '330106004000', 0);
      const y2026 = await enterpriseAt(t, '330106004000', 1);
      expect((await post('王海峰', guidanceBody(y2027.id, '2026-12-31T16:00:00Z'))).statusCode).toBe(201);
      expect((await post('王海峰', guidanceBody(y2026.id, '2026-12-31T15:59:59Z'))).statusCode).toBe(201);
      expect(await dutyStatus(t, 'C3', '2027', y2027.id)).toBe('done');
      expect(await dutyStatus(t, 'C3', '2026', y2027.id)).toBe('overdue');
      expect(await dutyStatus(t, 'C3', '2026', y2026.id)).toBe('done');
      expect(await dutyStatus(t, 'C3', '2027', y2026.id)).toBe('due');
    } finally {
      t.clock.set('2026-11-16T02:00:00Z');
    }
  });

  it('idempotent replay and conflict', async () => {
    const e = await enterpriseAt(t, '330106002000', 0);
    const body = guidanceBody(e.id, '2026-11-05T02:00:00Z');
    const first = await post('王海峰', body);
    const again = await post('王海峰', body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await post('王海峰', { ...body, method: 'training' })).statusCode).toBe(409);
  });

  it('bad input → 400', async () => {
    const e = await enterpriseAt(t, '330106002000', 0);
    for (const payload of [
      { ...guidanceBody(e.id, '2026-11-05T02:00:00Z'), method: 'telepathy' },
      { ...guidanceBody(e.id, '2026-11-05T02:00:00Z'), coordinatorUserIds: ['nope'] },
      { ...guidanceBody(e.id, '2026-11-05T02:00:00Z'), duties: [] },
    ]) {
      const res = await post('王海峰', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });
});

describe('duty bookkeeping (docs/domain.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});

import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDANCE_TOPICS, TOPICS_OF_LEGACY_DUTY } from '@coordnet/shared/domain/guidance-topics';
import { coordinatorRoles } from '../src/db/schema/people';
import { createMemoryStorage } from '../src/lib/storage';
import {
  countRows,
  dutyStatus,
  enterpriseAt,
  enterpriseOf,
  guidanceBody,
  guidanceFor,
  enterprisesWithCoordinator,
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
    const [e] = await enterprisesWithCoordinator(t, '330106400000');
    expect((await post('林晓燕', await guidanceFor(t, e!.id, '2026-11-04T02:00:00Z'))).statusCode).toBe(201);
  });

  it('seed §二(三) 岗位责任制 (每年至少对企业劳动关系协调员工作进行一次指导服务): a record must name at least one of the enterprise’s coordinators', async () => {
    const [e] = await enterprisesWithCoordinator(t, '330106109000');
    const before = await countRows(t, 'duty_logs');
    const res = await post('王海峰', guidanceBody(e!.id, '2026-11-03T04:00:00Z', { coordinatorUserIds: [] }));
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('请至少选择一名该企业的劳动关系协调员');
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('seed §二(三) C3 is guidance of enterprise coordinators: an enterprise without one of its own is not due, and cannot be recorded', async () => {
    const [without] = await enterprisesWithCoordinator(t, '330106109000', false);
    const [withOne] = await enterprisesWithCoordinator(t, '330106109000');
    expect(await dutyStatus(t, 'C3', '2026', without!.id)).toBeUndefined();
    expect(await dutyStatus(t, 'C3', '2026', withOne!.id)).toBeDefined();
    const res = await post(
      '王海峰',
      guidanceBody(without!.id, '2026-11-03T05:00:00Z', { coordinatorUserIds: [await t.userId('郑磊')] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'enterprise_without_coordinator' });
    expect(res.json().message).toContain('没有在岗的企业劳动关系协调员');
    // The county's C3 count leaves it out: total = enterprises with their own coordinator.
    const sum = await t.request({
      method: 'GET',
      url: '/api/v1/duties/summary?rule=C3&period=2026&jurisdiction=330106109000',
      as: '王海峰',
    });
    expect(sum.statusCode, sum.body).toBe(200);
    const withCoordinator = await enterprisesWithCoordinator(t, '330106109000');
    expect(sum.json().total.total).toBe(withCoordinator.length);
  });

  it('seed §二(三) C3 topics are the seven the text lists (劳动保障法律法规政策宣传 … 劳动争议调解), not the duties of §二(二)', async () => {
    expect(Object.values(GUIDANCE_TOPICS)).toEqual([
      '劳动保障法律法规政策宣传',
      '本企业劳动合同管理制度设计',
      '用工形式选择',
      '组织参与集体协商',
      '劳动规章制度制定实施',
      '民主管理',
      '劳动争议调解',
    ]);
    const [, e] = await enterprisesWithCoordinator(t, '330106109000');
    const ok = await post(
      '王海峰',
      await guidanceFor(t, e!.id, '2026-11-06T02:00:00Z', { topics: ['employment_form', 'work_rules'] }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().guidance.topics).toEqual(['employment_form', 'work_rules']);
    expect(ok.json().duties).toEqual([]);
    const duty = await post(
      '王海峰',
      await guidanceFor(t, e!.id, '2026-11-06T03:00:00Z', { topics: ['harmony_creation'] }),
    );
    expect(duty.statusCode).toBe(400);
    const old = await post('王海峰', {
      ...(await guidanceFor(t, e!.id, '2026-11-06T04:00:00Z')),
      duties: ['law_publicity'],
    });
    expect(old.statusCode).toBe(400);
  });

  it('a township coordinator or a viewer supervisor → 403; another county’s supervisor → 404', async () => {
    const [e] = await enterprisesWithCoordinator(t, '330106109000');
    const body = await guidanceFor(t, e!.id, '2026-11-03T02:00:00Z');
    const before = await countRows(t, 'duty_logs');
    const liu = await post('刘芳', body);
    expect(liu.statusCode).toBe(403);
    expect(liu.json().message).toContain('人力社保局');
    expect((await post('赵敏', body)).statusCode).toBe(403);
    expect((await post('孙立新', body)).statusCode).toBe(404);
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });

  it('DOMAIN §4 CST edges: 2026-12-31T16:00:00Z is already 2027; 15:59:59Z is 2026', async () => {
    t.clock.set('2027-01-02T02:00:00Z');
    try {
      const [y2027, y2026] = await enterprisesWithCoordinator(t, '330106004000');
      expect((await post('王海峰', await guidanceFor(t, y2027!.id, '2026-12-31T16:00:00Z'))).statusCode).toBe(
        201,
      );
      expect((await post('王海峰', await guidanceFor(t, y2026!.id, '2026-12-31T15:59:59Z'))).statusCode).toBe(
        201,
      );
      expect(await dutyStatus(t, 'C3', '2027', y2027!.id)).toBe('done');
      expect(await dutyStatus(t, 'C3', '2026', y2027!.id)).toBe('overdue');
      expect(await dutyStatus(t, 'C3', '2026', y2026!.id)).toBe('done');
      expect(await dutyStatus(t, 'C3', '2027', y2026!.id)).toBe('due');
    } finally {
      t.clock.set('2026-11-16T02:00:00Z');
    }
  });

  it('idempotent replay and conflict', async () => {
    const [e] = await enterprisesWithCoordinator(t, '330106002000');
    const body = await guidanceFor(t, e!.id, '2026-11-05T02:00:00Z');
    const first = await post('王海峰', body);
    const again = await post('王海峰', body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await post('王海峰', { ...body, method: 'training' })).statusCode).toBe(409);
  });

  it('bad input → 400', async () => {
    const [e] = await enterprisesWithCoordinator(t, '330106002000');
    const body = await guidanceFor(t, e!.id, '2026-11-05T02:00:00Z');
    for (const payload of [
      { ...body, method: 'telepathy' },
      { ...body, coordinatorUserIds: ['nope'] },
      { ...body, topics: [] },
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

describe('guidance logs written before the C3 topics (migration 0024)', () => {
  it('seed §二(三) C3 topics: an old log’s §二(二) duties are read as the topics they cover, by the migration’s own statement', async () => {
    const migration = readFileSync(
      new URL('../../migrations/0024_guidance_topics_targets_links.sql', import.meta.url),
      'utf8',
    );
    const statement = migration.slice(migration.indexOf('UPDATE "duty_logs"'));
    const [log] = (
      await t.database.db.execute<{ id: string }>(
        sql`select id from duty_logs where kind = 'guidance' limit 1`,
      )
    ).rows;
    await t.database.db.execute(
      sql`update duty_logs set duties = '{standards_contracts,risk_reporting}', topics = '{}' where id = ${log!.id}`,
    );
    await t.database.db.execute(sql.raw(statement));
    const [row] = (
      await t.database.db.execute<{ duties: string[]; topics: string[] }>(
        sql`select duties, topics from duty_logs where id = ${log!.id}`,
      )
    ).rows;
    expect(row).toEqual({ duties: [], topics: ['contract_system_design', 'work_rules'] });
    expect(TOPICS_OF_LEGACY_DUTY.standards_contracts).toEqual(['contract_system_design', 'work_rules']);
  });
});

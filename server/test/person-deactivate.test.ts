import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staffing } from '@coordnet/shared/api/compliance';
import { townshipCoordinators } from '../src/modules/reminders/recipients';
import { createTestApp, type TestApp } from './helpers/test-app';

const SANDUN = '330106109000';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-16T02:00:00Z' });
});
afterAll(() => t.close());

interface Post {
  roleId: string;
  userId: string;
  name: string;
  kind: string;
}
const posts = async (as = '王海峰'): Promise<Post[]> =>
  (
    await t.request({ method: 'GET', url: `/api/v1/coordinators?jurisdiction=${SANDUN}&limit=200`, as })
  ).json().items;
const deactivate = (userId: string, payload: object, as = '王海峰') =>
  t.request({ method: 'POST', url: `/api/v1/people/${userId}/deactivate`, as, payload });
const postCount = async () =>
  (
    await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${SANDUN}&period=2026`,
      as: '王海峰',
    })
  ).json().total.coordinators.posts as number;
const platform = async () => {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/compliance/staffing?jurisdiction=${SANDUN}`,
    as: '王海峰',
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as Staffing).platform!.coordinators;
};
const reminded = async () =>
  (await townshipCoordinators(t.database.db, { townships: [SANDUN], today: '2026-11-16' })).map(
    (p) => p.user_id,
  );
const state = async (userId: string) =>
  (
    await t.database.db.execute<{ active: boolean; open: number }>(
      sql`select u.active, (select count(*)::int from coordinator_roles r
                             where r.user_id = u.id and r.valid_to is null) as open
            from users u where u.id = ${userId}`,
    )
  ).rows[0]!;

describe('停用人员: deactivating a person ends all his posts and drops him at once', () => {
  it('bad input, a viewer, a coordinator, another county or oneself change nothing', async () => {
    const person = (await posts()).find((p) => p.kind === 'township' && p.name !== '刘芳')!;
    for (const payload of [
      { endedOn: '2026-11-17' },
      { endedOn: '16/11/2026' },
      {},
      { endedOn: '2026-11-16', x: 1 },
    ]) {
      const res = await deactivate(person.userId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const ok = { endedOn: '2026-11-16' };
    expect((await deactivate(person.userId, ok, '赵敏')).statusCode).toBe(403);
    expect((await deactivate(person.userId, ok, '刘芳')).statusCode).toBe(403);
    expect((await deactivate(person.userId, ok, '孙立新')).statusCode).toBe(404);
    expect((await deactivate('00000000-0000-4000-8000-000000000000', ok)).statusCode).toBe(404);
    // A supervisor is not deactivated here.
    expect((await deactivate(await t.userId('赵敏'), ok)).statusCode).toBe(404);
    expect(await state(person.userId)).toEqual({ active: true, open: 1 });
  });

  it('a county manager deactivates a township coordinator: counts, compliance, reminders and sign-in drop him, audited', async () => {
    const person = (await posts()).find((p) => p.kind === 'township' && p.name !== '刘芳')!;
    const [countBefore, platformBefore, remindedBefore] = [
      await postCount(),
      await platform(),
      await reminded(),
    ];
    expect(remindedBefore).toContain(person.userId);
    const token = await t.tokenFor(person.name);

    const res = await deactivate(person.userId, { endedOn: '2026-11-16', note: '退休' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ userId: person.userId, active: false, endedRoleIds: [person.roleId] });
    expect(await state(person.userId)).toEqual({ active: false, open: 0 });

    expect((await posts()).map((p) => p.userId)).not.toContain(person.userId);
    expect(await postCount()).toBe(countBefore - 1);
    expect(await platform()).toBe(platformBefore - 1);
    expect(await reminded()).not.toContain(person.userId);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(401);

    const audit = await t.database.db.execute<{ action: string; actor: string; after: { active: boolean } }>(
      sql`select action, actor_user_id as actor, after from audit_log
           where entity_id = ${person.userId} order by id desc limit 1`,
    );
    expect(audit.rows[0]).toMatchObject({
      action: 'person.deactivate',
      actor: await t.userId('王海峰'),
      after: { active: false },
    });
    const log = await t.request({ method: 'GET', url: '/api/v1/audit-log?group=registry', as: '王海峰' });
    expect(log.json().items[0]).toMatchObject({ action: 'person.deactivate', actionLabel: '停用人员' });

    // Gone: a second deactivation finds no one.
    expect((await deactivate(person.userId, { endedOn: '2026-11-16' })).statusCode).toBe(404);
  });
});

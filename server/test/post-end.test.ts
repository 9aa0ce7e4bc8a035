import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  validFrom: string;
}
const posts = async (as = '王海峰'): Promise<Post[]> =>
  (
    await t.request({ method: 'GET', url: `/api/v1/coordinators?jurisdiction=${SANDUN}&limit=200`, as })
  ).json().items;
const townshipPost = async () => (await posts()).find((p) => p.kind === 'township')!;
const end = (roleId: string, payload: object, as = '王海峰') =>
  t.request({ method: 'POST', url: `/api/v1/coordinators/${roleId}/end`, as, payload });
const staffing = async () =>
  (
    await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${SANDUN}&period=2026`,
      as: '王海峰',
    })
  ).json().total.coordinators.posts as number;
const validTo = async (roleId: string) =>
  (
    await t.database.db.execute<{ valid_to: string | null; end_reason: string | null }>(
      sql`select valid_to::text, end_reason from coordinator_roles where id = ${roleId}`,
    )
  ).rows[0]!;

describe('结束任职: ending a post with a date and a reason (seed §二(一) staffing, §二(三) 信息库)', () => {
  it('bad input, the wrong person or another county change nothing', async () => {
    const post = await townshipPost();
    for (const payload of [
      { endedOn: '2026-11-17', reason: 'departed' },
      { endedOn: post.validFrom, reason: 'departed' },
      { endedOn: '2026-11-16', reason: 'retired' },
      { endedOn: '16/11/2026', reason: 'departed' },
      { reason: 'departed' },
    ]) {
      const res = await end(post.roleId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await end(post.roleId, { endedOn: '2026-11-16', reason: 'departed' }, '赵敏')).statusCode).toBe(
      403,
    );
    expect((await end(post.roleId, { endedOn: '2026-11-16', reason: 'departed' }, '刘芳')).statusCode).toBe(
      403,
    );
    expect((await end(post.roleId, { endedOn: '2026-11-16', reason: 'departed' }, '孙立新')).statusCode).toBe(
      404,
    );
    expect(await validTo(post.roleId)).toEqual({ valid_to: null, end_reason: null });
  });

  it('a county manager ends a township post today (调岗): it leaves the list and the counts at once, audited', async () => {
    const post = await townshipPost();
    const before = await staffing();
    const res = await end(post.roleId, {
      endedOn: '2026-11-16',
      reason: 'transferred',
      note: '调任区人社局',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ roleId: post.roleId, validTo: '2026-11-15', reason: 'transferred' });
    expect(await validTo(post.roleId)).toEqual({ valid_to: '2026-11-15', end_reason: 'transferred' });
    expect((await posts()).map((p) => p.roleId)).not.toContain(post.roleId);
    expect(await staffing()).toBe(before - 1);
    const audit = await t.database.db.execute<{ action: string; after: { reason: string } }>(
      sql`select action, after from audit_log where entity_id = ${post.roleId} order by id desc limit 1`,
    );
    expect(audit.rows[0]).toMatchObject({ action: 'coordinator.post_end', after: { reason: 'transferred' } });
    // Ended already: no longer a current post.
    expect((await end(post.roleId, { endedOn: '2026-11-16', reason: 'departed' })).statusCode).toBe(404);
  });
});

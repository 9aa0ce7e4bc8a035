import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema/audit';
import { coordinatorRoles, users } from '../src/db/schema/people';
import { sanDunEnterprises } from './helpers/authz';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Tap-to-call (docs/domain.md §6: mobiles masked unless the viewer needs them; every unmasked read
 * logged). The target is an enterprise coordinator of a 三墩镇 enterprise that is not 郑磊's.
 */
let t: TestApp;
let target: { roleId: string; userId: string; mobile: string };
let colleague: { roleId: string; userId: string };

beforeAll(async () => {
  t = await createTestApp();
  const { own, other } = await sanDunEnterprises(t);
  const roleOf = async (enterpriseId: string, notUser?: string) => {
    const [row] = await t.database.db
      .select({ roleId: coordinatorRoles.id, userId: users.id, mobile: users.mobile })
      .from(coordinatorRoles)
      .innerJoin(users, eq(users.id, coordinatorRoles.userId))
      .where(
        and(eq(coordinatorRoles.enterpriseId, enterpriseId), notUser ? ne(users.id, notUser) : undefined),
      )
      .limit(1);
    return row!;
  };
  const found = await roleOf(other);
  target = { roleId: found.roleId, userId: found.userId, mobile: found.mobile! };
  colleague = await roleOf(own);
});
afterAll(() => t.close());

const reveal = (roleId: string, as?: string) =>
  t.request({ method: 'POST', url: `/api/v1/coordinators/${roleId}/reveal-mobile`, ...(as ? { as } : {}) });

const auditRows = (actorUserId: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'coordinator.mobile_revealed'), eq(auditLog.actorUserId, actorUserId)));

describe('POST /api/v1/coordinators/:id/reveal-mobile (docs/domain.md §6 personal data)', () => {
  it('gives the responsible township coordinator the whole number and audits who read whose, when and from where', async () => {
    const res = await reveal(target.roleId, '刘芳');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(
      expect.objectContaining({ roleId: target.roleId, userId: target.userId, mobile: target.mobile }),
    );
    const rows = await auditRows(await t.userId('刘芳'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(
      expect.objectContaining({ entityType: 'user', entityId: target.userId, ip: '127.0.0.1' }),
    );
    expect(rows[0]!.at).toBeInstanceOf(Date);
    expect(rows[0]!.details).toEqual(expect.objectContaining({ roleId: target.roleId }));
  });

  it('every reveal is a new audit row (each unmasked read is logged)', async () => {
    const before = (await auditRows(await t.userId('王海峰'))).length;
    expect((await reveal(target.roleId, '王海峰')).statusCode).toBe(200);
    expect((await reveal(target.roleId, '王海峰')).statusCode).toBe(200);
    expect(await auditRows(await t.userId('王海峰'))).toHaveLength(before + 2);
  });

  it('refuses a read-only county viewer with 403 and writes nothing', async () => {
    const res = await reveal(target.roleId, '赵敏');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('mobile_reveal_forbidden');
    expect(res.json().message).toMatch(/手机号/);
    expect(await auditRows(await t.userId('赵敏'))).toHaveLength(0);
  });

  it('refuses an enterprise coordinator even for a colleague of his own enterprise (403)', async () => {
    expect((await reveal(colleague.roleId, '郑磊')).statusCode).toBe(403);
  });

  it('answers 404 outside the scope (another county, another township) and for unknown ids', async () => {
    expect((await reveal(target.roleId, '孙立新')).statusCode).toBe(404);
    expect((await reveal(target.roleId, '周强')).statusCode).toBe(404);
    expect((await reveal(target.roleId, '郑磊')).statusCode).toBe(404);
    expect((await reveal('00000000-0000-4000-8000-000000000000', '刘芳')).statusCode).toBe(404);
    expect((await reveal('not-a-uuid', '刘芳')).statusCode).toBe(400);
    expect(await auditRows(await t.userId('孙立新'))).toHaveLength(0);
  });

  it('asks for a sign-in (401)', async () => {
    expect((await reveal(target.roleId)).statusCode).toBe(401);
  });

  it('the list tells each viewer whether they may reveal, and never shows a whole number', async () => {
    const list = async (as: string) =>
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/coordinators?enterpriseId=${(await sanDunEnterprises(t)).other}`,
          as,
        })
      ).json().items as { roleId: string; mobile: string; canRevealMobile: boolean }[];
    const forTownship = (await list('刘芳')).find((c) => c.roleId === target.roleId)!;
    expect(forTownship.canRevealMobile).toBe(true);
    expect(forTownship.mobile).not.toBe(target.mobile);
    expect(forTownship.mobile).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect((await list('赵敏')).find((c) => c.roleId === target.roleId)!.canRevealMobile).toBe(false);
  });
});

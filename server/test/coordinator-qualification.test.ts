import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema/audit';
import { coordinatorRoles, users } from '../src/db/schema/people';
import { sanDunEnterprises } from './helpers/authz';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * PATCH /api/v1/coordinators/:id (seed §二(三) 信息库: the coordinator database records each coordinator's
 * skill level 四级..一级 and certificate): outside bulk import, supervisors managing the post's
 * jurisdiction change them; every change is audited with before and after (the certificate is
 * personal data, docs/domain.md §6). The target is an enterprise coordinator of a 三墩镇 enterprise.
 */
let t: TestApp;
let roleId: string;

beforeAll(async () => {
  t = await createTestApp();
  const { other } = await sanDunEnterprises(t);
  const [row] = await t.database.db
    .select({ roleId: coordinatorRoles.id })
    .from(coordinatorRoles)
    .where(eq(coordinatorRoles.enterpriseId, other))
    .limit(1);
  roleId = row!.roleId;
});
afterAll(() => t.close());

const patch = (payload: unknown, as = '王海峰', id = roleId) =>
  t.request({ method: 'PATCH', url: `/api/v1/coordinators/${id}`, as, payload: payload as object });

const stored = async () => {
  const [row] = await t.database.db
    .select({
      skillLevel: coordinatorRoles.skillLevel,
      certificateNo: coordinatorRoles.certificateNo,
      certificateDate: coordinatorRoles.certificateDate,
    })
    .from(coordinatorRoles)
    .where(eq(coordinatorRoles.id, roleId));
  return row!;
};

const audits = () =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'coordinator.qualification_update'), eq(auditLog.entityId, roleId)));

describe('PATCH /api/v1/coordinators/:id — skill level and certificate (seed §二(三) 信息库)', () => {
  it('a county manager sets level, number and date; the answer and the row carry them; audited before → after', async () => {
    const before = await stored();
    const res = await patch({
      skillLevel: 'level3',
      certificateNo: ' S000033000012345 ',
      certificateDate: '2025-06-30',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(
      expect.objectContaining({
        roleId,
        skillLevel: 'level3',
        certificateNo: 'S000033000012345',
        certificateDate: '2025-06-30',
        canEditQualification: true,
      }),
    );
    expect(res.json().mobile).toMatch(/\*/);
    expect(await stored()).toEqual({
      skillLevel: 'level3',
      certificateNo: 'S000033000012345',
      certificateDate: '2025-06-30',
    });
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(
      expect.objectContaining({
        actorUserId: await t.userId('王海峰'),
        entityType: 'coordinator_role',
        before,
        after: { skillLevel: 'level3', certificateNo: 'S000033000012345', certificateDate: '2025-06-30' },
        ip: '127.0.0.1',
      }),
    );
  });

  it('omitted fields stay, null clears one; the list shows the change', async () => {
    const res = await patch({ certificateDate: null }, '林晓燕');
    expect(res.statusCode, res.body).toBe(200);
    expect(await stored()).toEqual({
      skillLevel: 'level3',
      certificateNo: 'S000033000012345',
      certificateDate: null,
    });
    const list = await t.request({
      method: 'GET',
      url: '/api/v1/coordinators?jurisdiction=330106109000&limit=200',
      as: '王海峰',
    });
    const item = list.json().items.find((c: { roleId: string }) => c.roleId === roleId);
    expect(item).toEqual(
      expect.objectContaining({
        skillLevel: 'level3',
        certificateNo: 'S000033000012345',
        certificateDate: null,
      }),
    );
  });

  it('read-only viewers and coordinators who read the post get 403 in Chinese; nothing changes or is audited', async () => {
    const count = (await audits()).length;
    for (const who of ['赵敏', '刘芳']) {
      const res = await patch({ skillLevel: 'level1' }, who);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('coordinator_edit_forbidden');
      expect(res.json().message).toMatch(/人力社保局管理人员/);
    }
    const list = await t.request({ method: 'GET', url: '/api/v1/coordinators?limit=200', as: '赵敏' });
    expect(list.json().items.every((c: { canEditQualification: boolean }) => !c.canEditQualification)).toBe(
      true,
    );
    expect((await stored()).skillLevel).toBe('level3');
    expect(await audits()).toHaveLength(count);
  });

  it('answers 404 outside the scope (another county, the park) and for unknown ids', async () => {
    expect((await patch({ skillLevel: 'level1' }, '孙立新')).statusCode).toBe(404);
    expect((await patch({ skillLevel: 'level1' }, '周强')).statusCode).toBe(404);
    expect((await patch({ skillLevel: 'level1' }, '王海峰', crypto.randomUUID())).statusCode).toBe(404);
  });

  it.each([
    [{}, '没有需要修改的内容'],
    [{ skillLevel: 'level5' }, '请选择正确的技能等级'],
    [{ certificateNo: '' }, '请填写证书编号'],
    [{ certificateNo: 'X'.repeat(65) }, '证书编号不能超过 64 个字符'],
    [{ certificateDate: '2025-13-01' }, '发证日期格式应为'],
    [{ certificateDate: '2026-11-17' }, '发证日期不能晚于今天'],
    [{ skillLevel: 'level1', name: '改名' }, ''],
  ])('rejects %j with a 400 in Chinese and writes nothing', async (body, message) => {
    const before = await stored();
    const res = await patch(body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
    const text = JSON.stringify(res.json());
    if (message) expect(text).toContain(message);
    expect(await stored()).toEqual(before);
  });

  it('rejects a malformed id with a 400', async () => {
    const res = await patch({ skillLevel: 'level1' }, '王海峰', 'not-a-uuid');
    expect(res.statusCode).toBe(400);
  });

  it('a township coordinator cannot change their own post; the county manager can', async () => {
    const [self] = await t.database.db
      .select({ roleId: coordinatorRoles.id })
      .from(coordinatorRoles)
      .innerJoin(users, eq(users.id, coordinatorRoles.userId))
      .where(eq(users.name, '刘芳'));
    expect((await patch({ skillLevel: 'level2' }, '刘芳', self!.roleId)).statusCode).toBe(403);
    const res = await patch({ skillLevel: 'level2' }, '王海峰', self!.roleId);
    expect(res.statusCode).toBe(200);
    expect(res.json().skillLevel).toBe('level2');
  });
});

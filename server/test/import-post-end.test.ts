import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staffing } from '@coordnet/shared/api/compliance';
import { createMemoryStorage } from '../src/lib/storage';
import { townshipCoordinators } from '../src/modules/reminders/recipients';
import { commitImport, csvOf, dryRun } from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * 结束日期/结束原因/人员状态 in the coordinator import end a post and deactivate a person as the
 * screen's 结束任职 and 停用人员 do (seed §二(三) 信息库: the registry is kept current).
 */
const SANDUN = '330106109000';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-16T02:00:00Z', storage: createMemoryStorage() });
});
afterAll(() => t.close());

interface Post {
  roleId: string;
  userId: string;
  name: string;
  kind: string;
  validFrom: string;
  jurisdictionCode: string;
}
const posts = async (): Promise<Post[]> =>
  (
    await t.request({
      method: 'GET',
      url: `/api/v1/coordinators?jurisdiction=${SANDUN}&limit=200`,
      as: '王海峰',
    })
  ).json().items;
const postCount = async () =>
  (
    await t.request({
      method: 'GET',
      url: `/api/v1/stats/coordinators?jurisdiction=${SANDUN}&period=2026`,
      as: '王海峰',
    })
  ).json().total.coordinators.posts as number;
const platform = async () =>
  (
    (
      await t.request({
        method: 'GET',
        url: `/api/v1/compliance/staffing?jurisdiction=${SANDUN}`,
        as: '王海峰',
      })
    ).json() as Staffing
  ).platform!.coordinators;
const reminded = async () =>
  (await townshipCoordinators(t.database.db, { townships: [SANDUN], today: '2026-11-16' })).map(
    (p) => p.user_id,
  );
const dingtalkId = async (userId: string) =>
  (
    await t.database.db.execute<{ id: string }>(
      sql`select dingtalk_user_id as id from users where id = ${userId}`,
    )
  ).rows[0]!.id;
const role = async (roleId: string) =>
  (
    await t.database.db.execute<{ valid_to: string | null; end_reason: string | null }>(
      sql`select valid_to::text, end_reason from coordinator_roles where id = ${roleId}`,
    )
  ).rows[0]!;
const auditCount = async () =>
  (
    await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action in ('coordinator.post_end', 'person.deactivate')`,
    )
  ).rows[0]!.n;

const HEADER = ['钉钉用户ID', '姓名', '协调员类别', '服务区划代码', '结束日期', '结束原因', '人员状态'];
const rowOf = async (post: Post, end: string[]) => [
  await dingtalkId(post.userId),
  post.name,
  '乡镇(街道)',
  post.jurisdictionCode,
  ...end,
];
const townships = async () => (await posts()).filter((p) => p.kind === 'township' && p.name !== '刘芳');

describe('coordinator import ends posts and deactivates people (seed §二(三) 信息库)', () => {
  it('bad dates, reasons and combinations are row errors in the dry run, and nothing is written', async () => {
    const [post] = await townships();
    const audits = await auditCount();
    const result = await dryRun(
      t,
      'coordinators',
      csvOf([
        HEADER,
        await rowOf(post!, ['2026-11-17', '离任', '']),
        await rowOf(post!, [post!.validFrom, '离任', '']),
        await rowOf(post!, ['2026-11-16', '', '']),
        await rowOf(post!, ['', '调岗', '']),
        await rowOf(post!, ['2026-11-16', '退休', '']),
        await rowOf(post!, ['2026-11-16', '调岗', '停用']),
        await rowOf(post!, ['', '', '离开']),
        ['nobody-here', '某丙', '乡镇(街道)', SANDUN, '', '', '停用'],
        ['nobody-else', '某丁', '乡镇(街道)', SANDUN, '2026-11-16', '离任', ''],
      ]),
    );
    expect(result.state).toBe('invalid');
    const errors = result.errors.map((e: { row: number; column: string; message: string }) => [
      e.row,
      e.column,
      e.message,
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [2, '结束日期', '结束日期不能晚于今天'],
        [3, '结束日期', `结束日期应晚于任职日期(${post!.validFrom})`],
        [4, '结束原因', '填写结束日期时须填写结束原因（离任 或 调岗）'],
        [5, '结束日期', '填写结束原因时须填写结束日期（不再任职的第一天）'],
        [6, '结束原因', '结束原因应填 离任 或 调岗'],
        [7, '结束原因', '人员状态为 停用 时，结束原因只能是 离任'],
        [8, '人员状态', '人员状态应填 在岗 或 停用'],
        [9, '人员状态', '该钉钉用户ID尚未登记，无法停用'],
        [10, '结束日期', '该人员在此没有在任的这项职务，无法结束任职（请核对类别和区划或企业）'],
      ]),
    );
    for (const [, , message] of errors) expect(message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await role(post!.roleId)).toEqual({ valid_to: null, end_reason: null });
    expect(await auditCount()).toBe(audits);
  });

  it('a committed 结束日期 ends the post (调岗) at once, audited like the screen', async () => {
    const [post] = await townships();
    const [countBefore, platformBefore] = [await postCount(), await platform()];
    const result = await dryRun(
      t,
      'coordinators',
      csvOf([HEADER, await rowOf(post!, ['2026-11-16', '调岗', ''])]),
    );
    expect(result).toMatchObject({ state: 'validated', errorCount: 0, inserts: 0, updates: 1 });
    expect((await commitImport(t, result.id)).body.state).toBe('committed');
    expect(await role(post!.roleId)).toEqual({ valid_to: '2026-11-15', end_reason: 'transferred' });
    expect((await posts()).map((p) => p.roleId)).not.toContain(post!.roleId);
    expect(await postCount()).toBe(countBefore - 1);
    expect(await platform()).toBe(platformBefore - 1);
    const audit = await t.database.db.execute<{ action: string; actor: string; after: object }>(
      sql`select action, actor_user_id as actor, after from audit_log
           where entity_id = ${post!.roleId} order by id desc limit 1`,
    );
    expect(audit.rows[0]).toMatchObject({
      action: 'coordinator.post_end',
      actor: await t.userId('王海峰'),
      after: { validTo: '2026-11-15', reason: 'transferred', note: '批量导入' },
    });
  });

  it('人员状态 停用 ends all his posts (离任) and deactivates him: counts, compliance and reminders drop him', async () => {
    const [person] = await townships();
    const [countBefore, platformBefore, remindedBefore] = [
      await postCount(),
      await platform(),
      await reminded(),
    ];
    expect(remindedBefore).toContain(person!.userId);
    const result = await dryRun(t, 'coordinators', csvOf([HEADER, await rowOf(person!, ['', '', '停用'])]));
    expect(result).toMatchObject({ state: 'validated', errorCount: 0, inserts: 0, updates: 1 });
    expect((await commitImport(t, result.id)).body.state).toBe('committed');
    expect(await role(person!.roleId)).toEqual({ valid_to: '2026-11-15', end_reason: 'departed' });
    const [user] = (
      await t.database.db.execute<{ active: boolean }>(
        sql`select active from users where id = ${person!.userId}`,
      )
    ).rows;
    expect(user!.active).toBe(false);
    expect((await posts()).map((p) => p.userId)).not.toContain(person!.userId);
    expect(await postCount()).toBe(countBefore - 1);
    expect(await platform()).toBe(platformBefore - 1);
    expect(await reminded()).not.toContain(person!.userId);
    const audit = await t.database.db.execute<{ action: string; actor: string }>(
      sql`select action, actor_user_id as actor from audit_log
           where entity_id = ${person!.userId} order by id desc limit 1`,
    );
    expect(audit.rows[0]).toMatchObject({ action: 'person.deactivate', actor: await t.userId('王海峰') });
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { townshipCoordinators } from '../src/modules/reminders/recipients';
import { commitImport, csvOf, dryRun } from './helpers/imports';
import { addGroup, createReminderHarness, cst, shown, tick, type ReminderHarness } from './helpers/reminders';

/**
 * 责任人 — who answers for an enterprise (seed §二(三) 岗位责任制: township/park coordinators contact
 * every enterprise monthly, C1, and visit quarterly, C2). A township names the coordinator of each
 * enterprise; reminders and personal overdue notices then go to that person only, and an enterprise
 * without one (or whose 责任人's post ended) falls back to all the township's coordinators.
 */

const SANDUN = '330106109000';
const CUIYUAN = '330106005000';

let h: ReminderHarness;
let sandunGroup: Awaited<ReturnType<typeof addGroup>>;
interface Candidate {
  roleId: string;
  userId: string;
  name: string;
}
let liuFang: Candidate;
let other: Candidate;
let cuiyuanPost: Candidate;
let sandun: { id: string; name: string; uscc: string }[];
let cuiyuanEnterprise: string;

const req = (as: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  h.t.request({ method, url: `/api/v1${url}`, as, ...(payload ? { payload } : {}) });

const responsibleOf = async (id: string) =>
  (await req('王海峰', 'GET', `/enterprises/${id}`)).json().responsible as Candidate | null;

const auditCount = async () =>
  Number(
    (
      await h.t.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from audit_log where action = 'enterprise.responsible'`,
      )
    ).rows[0]!.n,
  );

beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-11-16', '08:00').toISOString() });
  sandunGroup = await addGroup(h, SANDUN);
  const candidates = await req('刘芳', 'GET', `/enterprises/responsible-candidates?jurisdiction=${SANDUN}`);
  expect(candidates.statusCode).toBe(200);
  expect(candidates.json().canAssign).toBe(true);
  const items = candidates.json().items as Candidate[];
  liuFang = items.find((c) => c.name === '刘芳')!;
  other = items.find((c) => c.name !== '刘芳')!;
  expect(liuFang && other).toBeTruthy();
  const cuiyuan = await req('王海峰', 'GET', `/enterprises/responsible-candidates?jurisdiction=${CUIYUAN}`);
  cuiyuanPost = (cuiyuan.json().items as Candidate[])[0]!;
  const list = await req('王海峰', 'GET', `/enterprises?jurisdiction=${SANDUN}&limit=200&status=active`);
  sandun = (list.json().items as { id: string; name: string; uscc: string; inScope: boolean }[]).filter(
    (e) => e.inScope,
  );
  expect(sandun.length).toBeGreaterThan(3);
  cuiyuanEnterprise = (await req('王海峰', 'GET', `/enterprises?jurisdiction=${CUIYUAN}&limit=1`)).json()
    .items[0].id;
});
afterAll(() => h.close());

describe('seed §二(三) 岗位责任制: naming the 责任人', () => {
  it('a township coordinator names a colleague for two enterprises at once; list and detail show the name', async () => {
    const res = await req('刘芳', 'POST', '/enterprises/responsible', {
      enterpriseIds: [sandun[0]!.id, sandun[1]!.id],
      roleId: other.roleId,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    expect(await responsibleOf(sandun[0]!.id)).toMatchObject({ roleId: other.roleId, name: other.name });
    const mine = await h.t.request({
      method: 'GET',
      url: '/api/v1/enterprises?mine=true',
      as: other.name,
    });
    expect((mine.json().items as { id: string }[]).map((e) => e.id).sort()).toEqual(
      [sandun[0]!.id, sandun[1]!.id].sort(),
    );
    expect(await auditCount()).toBe(2);
    const summary = await h.t.request({
      method: 'GET',
      url: '/api/v1/enterprises/mine/summary',
      as: other.name,
    });
    expect(summary.json()).toMatchObject({
      total: 2,
      month: '2026-11',
      quarter: '2026-Q4',
      lastMonth: '2026-10',
    });
  });

  it('the county manager changes one (PUT) and clears it (null)', async () => {
    const set = await req('王海峰', 'PUT', `/enterprises/${sandun[2]!.id}/responsible`, {
      roleId: liuFang.roleId,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().responsible).toMatchObject({ name: '刘芳' });
    const cleared = await req('王海峰', 'PUT', `/enterprises/${sandun[2]!.id}/responsible`, { roleId: null });
    expect(cleared.json().responsible).toBeNull();
    expect(await auditCount()).toBe(4);
  });

  it('all or nothing: an enterprise of another township → 403, a post of another township → 400, unknown → 404; nothing written', async () => {
    const before = await auditCount();
    const outside = await req('刘芳', 'POST', '/enterprises/responsible', {
      enterpriseIds: [sandun[3]!.id, cuiyuanEnterprise],
      roleId: liuFang.roleId,
    });
    // 刘芳 cannot read 翠苑街道's enterprises at all.
    expect(outside.statusCode).toBe(404);
    expect(outside.json().details).toEqual({ enterpriseIds: [cuiyuanEnterprise] });
    const wrongPost = await req('王海峰', 'POST', '/enterprises/responsible', {
      enterpriseIds: [sandun[3]!.id, cuiyuanEnterprise],
      roleId: liuFang.roleId,
    });
    expect(wrongPost.statusCode).toBe(400);
    expect(wrongPost.json()).toMatchObject({ code: 'responsible_invalid' });
    expect(wrongPost.json().message).toContain('责任人须为企业所在乡镇');
    const otherTownship = await req('王海峰', 'PUT', `/enterprises/${sandun[3]!.id}/responsible`, {
      roleId: cuiyuanPost.roleId,
    });
    expect(otherTownship.statusCode).toBe(400);
    const viewer = await req('赵敏', 'PUT', `/enterprises/${sandun[3]!.id}/responsible`, {
      roleId: liuFang.roleId,
    });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().code).toBe('responsible_forbidden');
    const unknown = await req('王海峰', 'POST', '/enterprises/responsible', {
      enterpriseIds: ['00000000-0000-4000-8000-000000000000'],
      roleId: liuFang.roleId,
    });
    expect(unknown.statusCode).toBe(404);
    const malformed = await req('王海峰', 'POST', '/enterprises/responsible', {
      enterpriseIds: [],
      roleId: 'x',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await responsibleOf(sandun[3]!.id)).toBeNull();
    expect(await auditCount()).toBe(before);
  });
});

describe('seed §二(三) 岗位责任制: the import column 责任人', () => {
  it('a name of the township’s coordinator names them; an unknown one is a row error and nothing is written', async () => {
    const header = ['统一社会信用代码', '企业名称', '所属区划代码', '责任人'];
    const [a, b] = [sandun[4]!, sandun[5]!];
    const bad = await dryRun(
      h.t,
      'enterprises',
      csvOf([header, [a.uscc, a.name, SANDUN, '刘芳'], [b.uscc, b.name, SANDUN, '王小二']]),
    );
    expect(bad.state).toBe('invalid');
    expect(bad.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: '责任人',
        value: '王小二',
        message: expect.stringContaining('三墩镇没有名为'),
      }),
    ]);
    expect(await responsibleOf(a.id)).toBeNull();

    const good = await dryRun(
      h.t,
      'enterprises',
      csvOf([header, [a.uscc, a.name, SANDUN, '刘芳'], [b.uscc, b.name, SANDUN, '']]),
    );
    expect(good).toMatchObject({ state: 'validated', errorCount: 0 });
    const committed = await commitImport(h.t, good.id);
    expect(committed.body).toMatchObject({ state: 'committed' });
    expect(await responsibleOf(a.id)).toMatchObject({ name: '刘芳' });
    expect(await responsibleOf(b.id)).toBeNull();
  });
});

describe('seed §二(三) C1/C2 reminders go to the 责任人 only; unassigned ones to every township coordinator', () => {
  it('all of 三墩镇 named to 刘芳: the 20th reminder @-mentions her alone', async () => {
    const res = await req('王海峰', 'POST', '/enterprises/responsible', {
      enterpriseIds: sandun.map((e) => e.id),
      roleId: liuFang.roleId,
    });
    expect(res.statusCode).toBe(200);
    // The whole township, inactive or out-of-scope ones too, so nothing is left to the others.
    const rest = (
      await h.t.database.db.execute<{ id: string }>(
        sql`select id from enterprises where jurisdiction_code like '330106109%'`,
      )
    ).rows.map((r) => r.id);
    await req('王海峰', 'POST', '/enterprises/responsible', { enterpriseIds: rest, roleId: liuFang.roleId });
    await tick(h, cst('2026-11-20', '09:00'));
    const due = shown(h, sandunGroup.accessToken).filter((m) => m.title.startsWith('三墩镇待完成'));
    expect(due).toHaveLength(1);
    const at = due[0]!.at_!;
    const mentioned = [...(at.atUserIds ?? []), ...(at.atMobiles ?? [])];
    const liuFangRow = (
      await h.t.database.db.execute<{ dingtalk_user_id: string; mobile: string }>(
        sql`select dingtalk_user_id, mobile from users where name = '刘芳'`,
      )
    ).rows[0]!;
    expect(mentioned).toEqual([liuFangRow.dingtalk_user_id]);
    const people = await townshipCoordinators(h.t.database.db, { townships: [SANDUN], today: '2026-11-20' });
    expect(people.map((p) => p.name)).toEqual(['刘芳']);
  });

  it('one enterprise cleared: the personal notice of the colleague lists that one only; 刘芳 gets the rest', async () => {
    // An enterprise with no November contact (C1 overdue once the month closes).
    const open = (
      await h.t.database.db.execute<{ id: string; name: string }>(sql`
        select e.id, e.name from enterprises e
         where e.jurisdiction_code like '330106109%' and e.status = 'active' and e.in_scope
           and not exists (select 1 from duty_marks m where m.enterprise_id = e.id and m.rule = 'C1'
                            and m.period = '2026-11')
         order by e.name limit 2`)
    ).rows;
    expect(open).toHaveLength(2);
    const cleared = open[0]!;
    await req('刘芳', 'PUT', `/enterprises/${cleared.id}/responsible`, { roleId: null });
    await tick(h, cst('2026-12-01', '09:00'));
    const notices = (
      await h.t.database.db.execute<{ recipient_user_id: string; message: string }>(sql`
        select recipient_user_id, message::text as message from reminder_outbox
         where rule = 'personal_overdue' and period = '2026-11'`)
    ).rows;
    const otherNotice = notices.filter((n) => n.recipient_user_id === other.userId);
    expect(otherNotice).toHaveLength(1);
    expect(otherNotice[0]!.message).toContain(cleared.name);
    expect(otherNotice[0]!.message).toContain('逾期 **1** 家');
    expect(otherNotice[0]!.message).not.toContain(open[1]!.name);
    const hers = notices.filter((n) => n.recipient_user_id === liuFang.userId);
    expect(hers).toHaveLength(1);
    expect(hers[0]!.message).toContain(cleared.name);
    expect(hers[0]!.message).toContain(open[1]!.name);
  });

  it('when 刘芳’s post ends, her enterprises fall back to every township coordinator at once', async () => {
    const ended = await req('王海峰', 'POST', `/coordinators/${liuFang.roleId}/end`, {
      endedOn: '2026-12-01',
      reason: 'transferred',
    });
    expect(ended.statusCode).toBe(200);
    expect(await responsibleOf(sandun[3]!.id)).toBeNull();
    const people = await townshipCoordinators(h.t.database.db, { townships: [SANDUN], today: '2026-12-01' });
    expect(people.map((p) => p.name)).toContain(other.name);
    expect(people.map((p) => p.name)).not.toContain('刘芳');
    const duties = await req(
      '王海峰',
      'GET',
      `/duties?rule=C1&period=2026-12&jurisdiction=${SANDUN}&limit=5`,
    );
    expect(duties.statusCode).toBe(200);
    for (const item of duties.json().items as { responsible: { name: string }[] }[])
      expect(item.responsible.map((p) => p.name)).toContain(other.name);
    const summary = await req('王海峰', 'GET', '/enterprises/mine/summary');
    expect(summary.json().total).toBe(0);
  });
});

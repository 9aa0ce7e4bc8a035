import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addGroup,
  createReminderHarness,
  outboxRows,
  shown,
  type ReminderHarness,
} from './helpers/reminders';

/**
 * seed §二(三) 工作联络机制: layered work groups (分层级组建工作群), each reached through its DingTalk
 * custom robot. Supervisors of a level or above manage the groups of that level and below; the
 * robot's token and 加签 secret are write-only and sealed at rest.
 */

let h: ReminderHarness;
beforeAll(async () => {
  h = await createReminderHarness({ now: '2026-11-16T02:00:00Z' });
});
afterAll(() => h.close());

const TOKEN = 'f3c1a9d2e4b5'.repeat(5) + 'abcd';
const SECRET = 'SEC' + '0123456789abcdef'.repeat(4);

const create = (as: string, payload: object) =>
  h.t.request({ method: 'POST', url: '/api/v1/work-groups', as, payload });

describe('seed §二(三) work groups: create, list, update, deactivate', () => {
  it('a county supervisor registers the 三墩镇 group; the token and secret never come back', async () => {
    h.fake.addRobot({ accessToken: TOKEN, secret: SECRET });
    const res = await create('王海峰', {
      jurisdictionCode: '330106109000',
      name: '三墩镇劳动关系协调员工作群',
      accessToken: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`,
      secret: SECRET,
    });
    expect(res.statusCode).toBe(201);
    const group = res.json();
    expect(group).toMatchObject({
      jurisdictionCode: '330106109000',
      jurisdictionName: '三墩镇',
      jurisdictionLevel: 'township',
      name: '三墩镇劳动关系协调员工作群',
      keyword: null,
      hasSecret: true,
      active: true,
      status: 'unknown',
      lastErrcode: null,
    });
    expect(res.body).not.toContain(TOKEN);
    expect(res.body).not.toContain(SECRET);
    const list = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '王海峰' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(TOKEN);
    expect(list.body).not.toContain(SECRET);
    expect(list.json().items.map((g: { id: string }) => g.id)).toContain(group.id);
  });

  it('encrypts the token and the secret at rest, and keeps them out of the audit log', async () => {
    const rows = await h.t.database.db.execute<Record<string, unknown>>(sql`select * from work_groups`);
    const dump = JSON.stringify(rows.rows);
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain(SECRET);
    expect(String(rows.rows[0]!.access_token_sealed)).toMatch(/^v1:/);
    const audit = await h.t.database.db.execute<Record<string, unknown>>(
      sql`select * from audit_log where entity_type = 'work_group'`,
    );
    expect(audit.rows.length).toBeGreaterThan(0);
    const auditDump = JSON.stringify(audit.rows);
    expect(auditDump).not.toContain(TOKEN);
    expect(auditDump).not.toContain(SECRET);
    expect(auditDump).not.toContain('v1:');
  });

  it('the same robot cannot be registered twice while active (409)', async () => {
    const res = await create('王海峰', {
      jurisdictionCode: '330106004000',
      name: '重复的群',
      accessToken: TOKEN,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('work_group_duplicate');
  });

  it('rejects a webhook without a token and a secret not starting with SEC (400, Chinese messages)', async () => {
    const bad = await create('王海峰', {
      jurisdictionCode: '330106004000',
      name: '西溪街道群',
      accessToken: 'https://oapi.dingtalk.com/robot/send?foo=bar',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'work_group_token_invalid' });
    const secret = await create('王海峰', {
      jurisdictionCode: '330106004000',
      name: '西溪街道群',
      accessToken: 'c'.repeat(64),
      secret: 'notasecret',
    });
    expect(secret.statusCode).toBe(400);
    expect(secret.json().message).toContain('SEC');
    expect(secret.body).not.toContain('notasecret');
  });

  it('groups exist at every level: the province supervisor registers the province group', async () => {
    const { group } = await addGroup(h, '330000000000', { as: '陈建国' });
    expect(group).toMatchObject({ jurisdictionLevel: 'province' });
    // A county supervisor sees the groups at and under the county, not the province's.
    const county = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '王海峰' });
    expect(county.json().items.map((g: { id: string }) => g.id)).not.toContain(group.id);
    const province = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '陈建国' });
    expect(province.json().items.map((g: { id: string }) => g.id)).toContain(group.id);
  });

  it('only supervisors: coordinators get 403; a viewer lists but may not create; another county gets 404', async () => {
    expect((await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '刘芳' })).statusCode).toBe(
      403,
    );
    expect((await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '赵敏' })).statusCode).toBe(
      200,
    );
    const viewer = await create('赵敏', {
      jurisdictionCode: '330106004000',
      name: 'x',
      accessToken: 'd'.repeat(64),
    });
    expect(viewer.statusCode).toBe(403);
    const other = await h.t.request({
      method: 'GET',
      url: '/api/v1/work-groups?jurisdiction=330106109000',
      as: '孙立新',
    });
    expect(other.statusCode).toBe(404);
    const up = await create('王海峰', {
      jurisdictionCode: '330100000000',
      name: 'x',
      accessToken: 'e'.repeat(64),
    });
    expect(up.statusCode).toBe(403);
  });

  it('updates the name and keyword, replaces the secret, and audits without revealing it', async () => {
    const { group, accessToken } = await addGroup(h, '330106005000');
    const res = await h.t.request({
      method: 'PATCH',
      url: `/api/v1/work-groups/${group.id}`,
      as: '王海峰',
      payload: { name: '翠苑街道协调员群', keyword: '协调员', secret: null },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '翠苑街道协调员群', keyword: '协调员', hasSecret: false });
    expect(res.body).not.toContain(accessToken);
  });

  it('deactivating stops the group and cancels what it had not sent', async () => {
    const { group } = await addGroup(h, '330106002000');
    await h.t.database.db.execute(sql`
      insert into reminder_runs (run_key, rule, period, jurisdiction_code, group_id, messages, created_at)
      values ('manual:deactivate', 'due', '2026-11-16', '330106002000', ${group.id}::uuid, 1, now())`);
    await h.t.database.db.execute(sql`
      insert into reminder_outbox (run_id, channel, group_id, jurisdiction_code, rule, period, part, parts, title,
        message, msg_uuid, routine, next_attempt_at, created_at, updated_at)
      select id, 'robot', ${group.id}::uuid, '330106002000', 'due', '2026-11-16', 1, 1, '待发送',
        '{"msgtype":"markdown","markdown":{"title":"t","text":"t"}}', '00000000-0000-8000-8000-00000000dead', true, now(), now(), now()
        from reminder_runs where run_key = 'manual:deactivate'`);
    const res = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/deactivate`,
      as: '王海峰',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    const rows = (await outboxRows(h)).filter((r) => r.group_id === group.id);
    expect(rows.map((r) => r.status)).toEqual(['cancelled']);
    const list = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '王海峰' });
    expect(list.json().items.map((g: { id: string }) => g.id)).not.toContain(group.id);
    const all = await h.t.request({
      method: 'GET',
      url: '/api/v1/work-groups?includeInactive=true',
      as: '王海峰',
    });
    expect(all.json().items.map((g: { id: string }) => g.id)).toContain(group.id);
    const test = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(test.statusCode).toBe(409);
  });
});

describe('POST /api/v1/work-groups/:id/test (sends now and reports the errcode)', () => {
  it('a correct robot: errcode 0, the message arrives signed, the group is marked ok', async () => {
    const { group, accessToken } = await addGroup(h, '330106110000');
    const res = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, errcode: 0, group: { status: 'ok', lastErrcode: 0 } });
    expect(res.json().message).toContain('已发送');
    const [message] = shown(h, accessToken);
    expect(message!.title).toBe('工作群连通测试');
    expect(message!.text).toContain('王海峰');
    // The test is in the delivery history too.
    const history = await h.t.request({
      method: 'GET',
      url: `/api/v1/reminders?groupId=${group.id}`,
      as: '王海峰',
    });
    expect(history.json().items).toMatchObject([{ rule: 'test', status: 'sent', errcode: 0 }]);
  });

  it('a wrong secret: 310000 sign not match, explained; the group is marked misconfigured', async () => {
    const { group, accessToken } = await addGroup(h, '330106400000');
    const patch = await h.t.request({
      method: 'PATCH',
      url: `/api/v1/work-groups/${group.id}`,
      as: '王海峰',
      payload: { secret: 'SECwrongwrongwrongwrong' },
    });
    expect(patch.statusCode).toBe(200);
    const res = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(res.json()).toMatchObject({
      ok: false,
      errcode: 310000,
      group: { status: 'misconfigured', lastErrcode: 310000 },
    });
    expect(res.json().message).toContain('加签密钥');
    expect(shown(h, accessToken)).toEqual([]);
  });

  it('a keyword the message must carry: the title and text get it', async () => {
    const { group, accessToken } = await addGroup(h, '330106004000', { keyword: '协调员' });
    const res = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(res.json()).toMatchObject({ ok: true, errcode: 0 });
    expect(shown(h, accessToken)[0]!.title).toBe('【协调员】工作群连通测试');
  });

  it('an unknown token: 300001, explained', async () => {
    const { group } = await addGroup(h, '330106005055');
    const patch = await h.t.request({
      method: 'PATCH',
      url: `/api/v1/work-groups/${group.id}`,
      as: '王海峰',
      payload: { accessToken: '9'.repeat(64) },
    });
    expect(patch.json().status).toBe('unknown');
    const res = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(res.json()).toMatchObject({ ok: false, errcode: 300001 });
    expect(res.json().message).toContain('机器人地址');
  });

  it('a viewer or a coordinator may not send a test (403); another county does not see the group (404)', async () => {
    const { group } = await addGroup(h, '330106109001');
    const url = `/api/v1/work-groups/${group.id}/test`;
    expect((await h.t.request({ method: 'POST', url, as: '赵敏' })).statusCode).toBe(403);
    expect((await h.t.request({ method: 'POST', url, as: '刘芳' })).statusCode).toBe(403);
    expect((await h.t.request({ method: 'POST', url, as: '孙立新' })).statusCode).toBe(404);
  });
});

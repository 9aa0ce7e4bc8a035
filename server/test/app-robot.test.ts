import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8Bytes } from '../src/integrations/dingtalk/messages';
import { recordRuns, robotMessages } from '../src/modules/reminders/outbox';
import { addGroup, createReminderHarness, cst, outboxRows, type ReminderHarness } from './helpers/reminders';

/**
 * A work group reached through the app robot (docs/dingtalk.md §2, orgGroupSend: one app credential,
 * the robot added to the group, addressed by openConversationId) instead of a custom robot webhook.
 */

let h: ReminderHarness;
beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-11-16', '09:00').toISOString() });
});
afterAll(() => h.close());

async function createAppRobotGroup(jurisdictionCode: string, openConversationId: string) {
  const res = await h.t.request({
    method: 'POST',
    url: '/api/v1/work-groups',
    as: '王海峰',
    payload: { jurisdictionCode, name: '三墩镇应用机器人群', delivery: 'app_robot', openConversationId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; delivery: string; openConversationId: string; hasSecret: boolean };
}

describe('seed §二(三) work groups through the app robot', () => {
  it('a county manager registers a group by its openConversationId; no webhook token is asked for', async () => {
    const cid = h.fake.addAppRobotGroup();
    const group = await createAppRobotGroup('330106109000', cid);
    expect(group).toMatchObject({ delivery: 'app_robot', openConversationId: cid, hasSecret: false });

    const test = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(test.statusCode, test.body).toBe(200);
    expect(test.json()).toMatchObject({ ok: true, errcode: 0, group: { status: 'ok' } });
    const [message] = h.fake.groupMessages(cid);
    expect(message).toMatchObject({ msgKey: 'sampleMarkdown', msgParam: { title: '工作群连通测试' } });
    expect(String(message!.msgParam.text)).toContain('三墩镇应用机器人群');
  });

  it('app_robot without an openConversationId, or with a malformed one → 400 in Chinese, nothing written', async () => {
    for (const payload of [
      { jurisdictionCode: '330106110000', name: '缺少群号', delivery: 'app_robot' },
      {
        jurisdictionCode: '330106110000',
        name: '群号不对',
        delivery: 'app_robot',
        openConversationId: 'abc',
      },
    ]) {
      const res = await h.t.request({ method: 'POST', url: '/api/v1/work-groups', as: '王海峰', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
    }
    const list = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '王海峰' });
    expect(list.json().items.map((g: { name: string }) => g.name)).not.toContain('缺少群号');
  });

  it('the dispatcher delivers reminders through the app robot, split so each msgParam is ≤ 15,000 bytes, in order', async () => {
    const cid = h.fake.addAppRobotGroup();
    const group = await createAppRobotGroup('330106004000', cid);
    const lines = Array.from(
      { length: 400 },
      (_, i) => `${i + 1}. 杭州测试企业第${i + 1}号有限公司（联络、走访）`,
    );
    const messages = robotMessages(
      { id: group.id, jurisdictionCode: '330106004000', keyword: null, delivery: 'app_robot' },
      { rule: 'due', period: '2026-11', title: '西溪街道待完成的联络和走访', lines, routine: true },
    );
    expect(messages.length).toBeGreaterThan(1);
    await h.t.database.db.transaction((tx) =>
      recordRuns(
        tx,
        [
          {
            run: {
              runKey: 'app-robot-due',
              rule: 'due',
              period: '2026-11',
              jurisdictionCode: '330106004000',
              groupId: group.id,
            },
            messages,
          },
        ],
        h.clock.now(),
      ),
    );
    for (let i = 0; i < 10; i++) {
      await h.dispatcher.dispatchOnce(h.clock.now());
      h.clock.advance(60_000);
    }
    const shown = h.fake.groupMessages(cid);
    expect(shown).toHaveLength(messages.length);
    for (const m of shown) expect(utf8Bytes(JSON.stringify(m.msgParam))).toBeLessThanOrEqual(15_000);
    const listed = shown.flatMap((m) =>
      String(m.msgParam.text)
        .split('\n')
        .filter((l) => /^\d+\. /.test(l)),
    );
    expect(listed.map((l) => Number(l.split('.')[0]))).toEqual(lines.map((_, i) => i + 1));
    expect(shown[0]!.msgParam.title).toContain(`（1/${messages.length}）`);
    const rows = (await outboxRows(h)).filter((r) => r.group_id === group.id && r.rule === 'due');
    expect(rows.every((r) => r.status === 'sent' && r.errcode === 0)).toBe(true);
  });

  it('the app robot removed from the group: the group is marked misconfigured and its messages held', async () => {
    const group = await createAppRobotGroup('330106005000', 'cidNotInTheGroupAnyMore0001');
    const test = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(test.json()).toMatchObject({ ok: false, errcode: null, group: { status: 'misconfigured' } });
    expect(test.json().message).toContain('openConversationId');

    // Fixed by switching the group to its custom robot's webhook: held messages go out again.
    const token = `${'cd'.repeat(24)}000001330106`;
    h.fake.addRobot({ accessToken: token });
    const patch = await h.t.request({
      method: 'PATCH',
      url: `/api/v1/work-groups/${group.id}`,
      as: '王海峰',
      payload: { delivery: 'webhook', accessToken: token },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({ delivery: 'webhook', status: 'unknown' });
    const again = await h.t.request({
      method: 'POST',
      url: `/api/v1/work-groups/${group.id}/test`,
      as: '王海峰',
    });
    expect(again.json()).toMatchObject({ ok: true, errcode: 0 });
    expect(h.fake.received(token)).toHaveLength(1);
  });

  it('switching to the app robot without an openConversationId → 400', async () => {
    const { group: webhook } = await addGroup(h, '330106400000');
    const res = await h.t.request({
      method: 'PATCH',
      url: `/api/v1/work-groups/${webhook.id}`,
      as: '王海峰',
      payload: { delivery: 'app_robot' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toContain('openConversationId');
  });
});

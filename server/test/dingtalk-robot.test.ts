import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { createDingTalkClient, type DingTalkClientOptions } from '../src/integrations/dingtalk/client';
import { startFakeDingTalk, type FakeDingTalk } from '../src/integrations/dingtalk/fake-server';
import { markdownMessage, textMessage } from '../src/integrations/dingtalk/messages';
import { signRobotRequest } from '../src/integrations/dingtalk/robot-sign';

const clock = fixedClock('2026-10-08T02:00:00Z');
let fake: FakeDingTalk;

const clientFor = (overrides: Partial<DingTalkClientOptions> = {}) =>
  createDingTalkClient({
    oapiUrl: fake.url,
    apiUrl: fake.url,
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    agentId: fake.agentId,
    timeoutMs: 2_000,
    clock,
    ...overrides,
  });

beforeAll(async () => {
  fake = await startFakeDingTalk({ clock });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.setDown(false);
});

const reminder = markdownMessage(
  '【协调员】季度报送提醒',
  '#### 【协调员】季度报送提醒\n- 三墩镇：2 家企业未报送',
);

describe('robot signing (加签)', () => {
  it('matches the documented test vector', () => {
    expect(signRobotRequest('this is secret', 1_600_000_000_000)).toBe(
      'MYEtKC4/NfMR1l4prX++ai6oOf70X1xOf6UlnyUhJH4=',
    );
  });

  it('puts the signature in the URL encoded exactly once', async () => {
    const urls: string[] = [];
    const client = clientFor({
      clock: fixedClock(new Date(1_600_000_000_000)),
      fetch: async (url) => {
        urls.push(String(url));
        return Response.json({ errcode: 0, errmsg: 'ok' });
      },
    });
    await client.sendRobotMessage({
      accessToken: 'tok',
      secret: 'this is secret',
      message: textMessage('测试'),
    });
    expect(urls[0]).toContain('timestamp=1600000000000');
    expect(urls[0]).toContain('sign=MYEtKC4%2FNfMR1l4prX%2B%2Bai6oOf70X1xOf6UlnyUhJH4%3D');
  });
});

describe('sendRobotMessage', () => {
  it('delivers a signed markdown reminder to a group that requires a signature and a keyword', async () => {
    const robot = fake.addRobot({ secret: 'SECgroup-secret-1', keywords: ['协调员'] });
    const result = await clientFor().sendRobotMessage({
      accessToken: robot.accessToken,
      secret: robot.secret,
      message: reminder,
      msgUuid: 'uuid-1',
    });
    expect(result).toEqual({ ok: true, value: null });
    const [shown] = fake.received(robot.accessToken);
    expect(shown?.body).toEqual({ ...reminder, msgUuid: 'uuid-1' });
    expect(shown?.at).toEqual(clock.now());
  });

  it('sends to a robot without 加签 when no secret is configured', async () => {
    const robot = fake.addRobot();
    expect(
      (await clientFor().sendRobotMessage({ accessToken: robot.accessToken, message: reminder })).ok,
    ).toBe(true);
  });

  it('classifies a wrong token, secret, keyword or a disabled robot as misconfigured (do not retry)', async () => {
    const client = clientFor();
    const robot = fake.addRobot({ secret: 'SECright', keywords: ['协调员'] });
    const cases = [
      { accessToken: 'no-such-robot', message: reminder, errcode: 300001 },
      { accessToken: robot.accessToken, secret: 'SECwrong', message: reminder, errcode: 310000 },
      { accessToken: robot.accessToken, secret: 'SECright', message: textMessage('提醒'), errcode: 310000 },
    ];
    for (const { errcode, ...input } of cases)
      expect(await client.sendRobotMessage(input)).toMatchObject({
        ok: false,
        kind: 'misconfigured',
        errcode,
      });
    fake.disableRobot(robot.accessToken);
    expect(
      await client.sendRobotMessage({
        accessToken: robot.accessToken,
        secret: 'SECright',
        message: reminder,
      }),
    ).toMatchObject({ ok: false, kind: 'misconfigured', errcode: 400102 });
  });

  it('reports a body over 20,000 bytes as body_too_big', async () => {
    const robot = fake.addRobot();
    const result = await clientFor().sendRobotMessage({
      accessToken: robot.accessToken,
      message: markdownMessage('提醒', '企'.repeat(7_000)),
    });
    expect(result).toMatchObject({ ok: false, kind: 'body_too_big', errcode: 460101 });
  });

  it('reports throttling, a busy platform, a reset connection and a timeout as retry_later', async () => {
    const client = clientFor();
    const robot = fake.addRobot();
    const send = () => client.sendRobotMessage({ accessToken: robot.accessToken, message: reminder });
    for (let i = 0; i < 20; i++) expect((await send()).ok).toBe(true);
    expect(await send()).toMatchObject({ ok: false, kind: 'retry_later', errcode: 130101 });

    const other = fake.addRobot();
    const sendOther = () => client.sendRobotMessage({ accessToken: other.accessToken, message: reminder });
    fake.setDown(true, 'busy');
    expect(await sendOther()).toMatchObject({ ok: false, kind: 'retry_later', errcode: -1 });
    fake.setDown(true, 'reset');
    expect(await sendOther()).toMatchObject({ ok: false, kind: 'retry_later', errcode: null });
    fake.setDown(false);

    const hanging = clientFor({
      timeoutMs: 50,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    expect(
      await hanging.sendRobotMessage({ accessToken: other.accessToken, message: reminder }),
    ).toMatchObject({ ok: false, kind: 'retry_later', errcode: null });
    expect(fake.received(other.accessToken)).toEqual([]);
  });

  it('shows a retried message once when it carries the same msgUuid', async () => {
    const client = clientFor();
    const robot = fake.addRobot();
    const input = { accessToken: robot.accessToken, message: reminder, msgUuid: 'retry-me' };
    expect((await client.sendRobotMessage(input)).ok).toBe(true);
    expect((await client.sendRobotMessage(input)).ok).toBe(true);
    expect(fake.received(robot.accessToken)).toHaveLength(1);
  });
});

describe('sendWorkNotification', () => {
  const notice = {
    msgtype: 'markdown',
    markdown: { title: '走访提醒', text: '#### 走访提醒\n本月还有 3 家企业待走访' },
  } as const;

  it('sends with the app token and agent id, fetching the token once for many sends', async () => {
    const client = clientFor();
    const before = fake.tokenFetches();
    const first = await client.sendWorkNotification({ userIds: ['u-liu', 'u-wang'], message: notice });
    expect(first).toMatchObject({ ok: true, value: { taskId: expect.any(Number) } });
    await client.sendWorkNotification({
      userIds: ['u-zhou'],
      message: { msgtype: 'text', text: { content: '请查看' } },
    });
    expect(fake.tokenFetches() - before).toBe(1);
    expect(fake.notifications('u-liu')[0]?.msg).toEqual(notice);
    expect(fake.notifications('u-zhou')).toHaveLength(1);
  });

  it('"succeeds" but does not deliver the same content to the same person twice in a day, as DingTalk does', async () => {
    const client = clientFor();
    expect((await client.sendWorkNotification({ userIds: ['u-twice'], message: notice })).ok).toBe(true);
    expect((await client.sendWorkNotification({ userIds: ['u-twice'], message: notice })).ok).toBe(true);
    expect(fake.notifications('u-twice')).toHaveLength(1);
    expect(fake.droppedNotifications('u-twice')).toHaveLength(1);
    clock.advance(24 * 3_600_000);
    expect((await client.sendWorkNotification({ userIds: ['u-twice'], message: notice })).ok).toBe(true);
    expect(fake.notifications('u-twice')).toHaveLength(2);
  });

  it('is misconfigured without an agent id, or with the wrong one', async () => {
    const message = { msgtype: 'text', text: { content: '提醒' } } as const;
    expect(
      await clientFor({ agentId: undefined }).sendWorkNotification({ userIds: ['u1'], message }),
    ).toMatchObject({ ok: false, kind: 'misconfigured' });
    expect(await clientFor({ agentId: 42 }).sendWorkNotification({ userIds: ['u1'], message })).toMatchObject(
      { ok: false, kind: 'misconfigured', errcode: 40056 },
    );
  });
});

describe('sendAppRobotGroupMessage', () => {
  it('posts a sampleMarkdown template with the app token header', async () => {
    const group = fake.addAppRobotGroup();
    const result = await clientFor().sendAppRobotGroupMessage({
      openConversationId: group,
      message: reminder,
    });
    expect(result).toMatchObject({ ok: true, value: { processQueryKey: expect.any(String) } });
    expect(fake.groupMessages(group)).toEqual([
      { openConversationId: group, at: clock.now(), msgKey: 'sampleMarkdown', msgParam: reminder.markdown },
    ]);
  });

  it('maps HTTP 400 string codes: unknown group → misconfigured, with the code kept', async () => {
    const result = await clientFor().sendAppRobotGroupMessage({
      openConversationId: 'cidNowhere',
      message: reminder,
    });
    expect(result).toMatchObject({ ok: false, kind: 'misconfigured', code: 'invalid.openConversationId' });
  });

  it('refuses a msgParam over 15,000 bytes before sending', async () => {
    const group = fake.addAppRobotGroup();
    const result = await clientFor().sendAppRobotGroupMessage({
      openConversationId: group,
      message: markdownMessage('提醒', '企'.repeat(5_001)),
    });
    expect(result).toMatchObject({ ok: false, kind: 'body_too_big' });
    expect(fake.groupMessages(group)).toEqual([]);
  });

  it('after the app token is revoked, answers retry_later once and then succeeds with a fresh token', async () => {
    const client = clientFor();
    const group = fake.addAppRobotGroup();
    const send = () => client.sendAppRobotGroupMessage({ openConversationId: group, message: reminder });
    expect((await send()).ok).toBe(true);
    fake.revokeTokens();
    expect(await send()).toMatchObject({ ok: false, kind: 'retry_later', code: 'InvalidAuthentication' });
    expect((await send()).ok).toBe(true);
    expect(fake.groupMessages(group)).toHaveLength(2);
  });

  it('reports a platform outage as retry_later', async () => {
    const group = fake.addAppRobotGroup();
    const client = clientFor();
    expect((await client.sendAppRobotGroupMessage({ openConversationId: group, message: reminder })).ok).toBe(
      true,
    );
    fake.setDown(true, 'busy');
    expect(
      await client.sendAppRobotGroupMessage({ openConversationId: group, message: reminder }),
    ).toMatchObject({ ok: false, kind: 'retry_later' });
  });
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { startFakeDingTalk, type FakeDingTalk } from '../src/integrations/dingtalk/fake-server';
import { markdownMessage, robotRequestBody, textMessage } from '../src/integrations/dingtalk/messages';
import { signRobotRequest } from '../src/integrations/dingtalk/robot-sign';

const clock = fixedClock('2026-10-08T02:00:00Z');
let fake: FakeDingTalk;

beforeAll(async () => {
  fake = await startFakeDingTalk({ clock });
});
afterAll(async () => {
  await fake.close();
});

/** Posts to /robot/send the way a third-party client might, so the fake's checks can be probed. */
async function post(
  accessToken: string,
  body: string | object,
  signing?: { secret: string; timestamp?: number; encode?: (sign: string) => string },
): Promise<{ errcode: number; errmsg: string }> {
  let query = `access_token=${encodeURIComponent(accessToken)}`;
  if (signing) {
    const timestamp = signing.timestamp ?? clock.now().getTime();
    const sign = signRobotRequest(signing.secret, timestamp);
    query += `&timestamp=${timestamp}&sign=${(signing.encode ?? encodeURIComponent)(sign)}`;
  }
  const response = await fetch(`${fake.url}/robot/send?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { errcode: number; errmsg: string };
}

const hello = textMessage('劳动关系协调员提醒');

describe('fake custom robot: rate limit', () => {
  it('refuses the 21st message within a minute with 130101 and keeps the robot throttled for 10 minutes', async () => {
    const { accessToken } = fake.addRobot();
    for (let i = 0; i < 20; i++) {
      expect((await post(accessToken, hello)).errcode).toBe(0);
      clock.advance(2_000);
    }
    expect(await post(accessToken, hello)).toEqual({
      errcode: 130101,
      errmsg: 'send too fast, exceed 20 times per minute',
    });
    clock.advance(9 * 60_000 + 59_000);
    expect((await post(accessToken, hello)).errcode).toBe(130101);
    clock.advance(1_000);
    expect((await post(accessToken, hello)).errcode).toBe(0);
    expect(fake.received(accessToken)).toHaveLength(21);
  });

  it('lets a sender paced at 20 a minute through 100 messages', async () => {
    const { accessToken } = fake.addRobot();
    for (let i = 0; i < 100; i++) {
      expect((await post(accessToken, textMessage(`提醒 ${i}`))).errcode).toBe(0);
      clock.advance(3_000);
    }
    expect(fake.received(accessToken)).toHaveLength(100);
  });

  it('throttles each robot on its own', async () => {
    const busy = fake.addRobot();
    const quiet = fake.addRobot();
    for (let i = 0; i < 21; i++) await post(busy.accessToken, hello);
    expect((await post(busy.accessToken, hello)).errcode).toBe(130101);
    expect((await post(quiet.accessToken, hello)).errcode).toBe(0);
  });
});

describe('fake custom robot: security settings', () => {
  it('accepts a signature within an hour of its clock and refuses an older one (310000 sign not match)', async () => {
    const { accessToken, secret } = fake.addRobot({ secret: 'SECwindow' });
    const now = clock.now().getTime();
    expect((await post(accessToken, hello, { secret: secret!, timestamp: now - 59 * 60_000 })).errcode).toBe(
      0,
    );
    expect(await post(accessToken, hello, { secret: secret!, timestamp: now - 61 * 60_000 })).toEqual({
      errcode: 310000,
      errmsg: 'sign not match',
    });
    expect((await post(accessToken, hello, { secret: secret!, timestamp: now + 61 * 60_000 })).errcode).toBe(
      310000,
    );
    expect((await post(accessToken, hello)).errcode).toBe(310000);
    expect((await post(accessToken, hello, { secret: 'SECother' })).errcode).toBe(310000);
  });

  it('refuses a signature that was URL-encoded twice, or not at all', async () => {
    // This timestamp's signature contains "+" and "/", which is where encoding mistakes show.
    const secret = 'this is secret';
    const { accessToken } = fake.addRobot({ secret });
    clock.set(new Date(1_600_000_000_000));
    const twice = (s: string) => encodeURIComponent(encodeURIComponent(s));
    expect((await post(accessToken, hello, { secret, encode: twice })).errcode).toBe(310000);
    expect((await post(accessToken, hello, { secret, encode: (s) => s })).errcode).toBe(310000);
    expect((await post(accessToken, hello, { secret })).errcode).toBe(0);
    clock.set('2026-10-08T02:00:00Z');
  });

  it('requires one of the keywords in the message text (310000 keywords not in content)', async () => {
    const { accessToken } = fake.addRobot({ keywords: ['协调员', '提醒'] });
    expect(await post(accessToken, textMessage('今天天气不错'))).toEqual({
      errcode: 310000,
      errmsg: 'keywords not in content',
    });
    expect(await post(accessToken, markdownMessage('协调员', '#### 本月走访'))).toMatchObject({
      errcode: 310000,
    });
    expect((await post(accessToken, markdownMessage('协调员', '#### 协调员\n本月走访'))).errcode).toBe(0);
  });

  it('answers 300001 for an unknown token and 400102 once the robot is disabled', async () => {
    expect((await post('nobody', hello)).errcode).toBe(300001);
    const { accessToken } = fake.addRobot();
    fake.disableRobot(accessToken);
    expect((await post(accessToken, hello)).errcode).toBe(400102);
  });
});

describe('fake custom robot: bodies', () => {
  it('accepts exactly 20,000 bytes and refuses 20,001 with 460101', async () => {
    const { accessToken } = fake.addRobot();
    const sized = (bytes: number) => {
      const body = robotRequestBody(textMessage(''));
      return body.replace('""', `"${'a'.repeat(bytes - Buffer.byteLength(body))}"`);
    };
    expect((await post(accessToken, sized(20_000))).errcode).toBe(0);
    expect((await post(accessToken, sized(20_001))).errcode).toBe(460101);
  });

  it('records what was shown with the time and the parsed body, once per msgUuid', async () => {
    const { accessToken } = fake.addRobot();
    const body = { ...markdownMessage('提醒（1/2）', '#### 提醒（1/2）\n- 一'), msgUuid: 'same-uuid' };
    expect((await post(accessToken, body)).errcode).toBe(0);
    clock.advance(30_000);
    expect((await post(accessToken, body)).errcode).toBe(0);
    expect((await post(accessToken, { ...body, msgUuid: 'next-uuid' })).errcode).toBe(0);
    const shown = fake.received(accessToken);
    expect(shown.map((m) => m.body.msgUuid)).toEqual(['same-uuid', 'next-uuid']);
    expect(shown[0]).toEqual({ accessToken, at: new Date('2026-10-08T02:00:00Z'), body });
  });
});

describe('fake outage', () => {
  it('resets connections, or answers errcode -1, until it is back', async () => {
    const { accessToken } = fake.addRobot();
    fake.setDown(true);
    await expect(post(accessToken, hello)).rejects.toThrow();
    fake.setDown(true, 'busy');
    expect((await post(accessToken, hello)).errcode).toBe(-1);
    fake.setDown(false);
    expect((await post(accessToken, hello)).errcode).toBe(0);
  });
});

describe('fake DingTalk as a standalone process', () => {
  it('starts from the command line and prints its URL and app credentials', async () => {
    const cli = path.resolve(import.meta.dirname, '../src/integrations/dingtalk/fake-server-cli.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '0'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('app robot group')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const appKey = /DINGTALK_APP_KEY=(\S+)/.exec(output)?.[1];
      const appSecret = /DINGTALK_APP_SECRET=(\S+)/.exec(output)?.[1];
      expect(url && appKey && appSecret).toBeTruthy();
      const token = await fetch(`${url}/gettoken?appkey=${appKey}&appsecret=${appSecret}`);
      expect(await token.json()).toMatchObject({ errcode: 0, access_token: expect.any(String) });
    } finally {
      child.kill();
    }
  });
});

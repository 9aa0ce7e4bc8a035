import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { ROBOT_MAX_BODY_BYTES, utf8Bytes } from '../src/integrations/dingtalk/messages';
import type { DingTalkClient } from '../src/integrations/dingtalk/types';
import { recordRuns, robotMessages, workNotification } from '../src/modules/reminders/outbox';
import {
  addGroup,
  createReminderHarness,
  cst,
  outboxRows,
  shown,
  type ReminderHarness,
} from './helpers/reminders';

/**
 * Delivery that loses nothing and never spams (docs/dingtalk.md §1): paced per robot across
 * dispatchers, split under the body limit, deduplicated by msgUuid, resumed after a crash, a
 * throttle or an outage, stopped for a broken robot with the parent level told.
 */

let h: ReminderHarness;
beforeAll(async () => {
  h = await createReminderHarness({ now: cst('2026-11-16', '09:00').toISOString() });
});
afterAll(() => h.close());

/** Puts `count` routine messages for the group in the outbox (one run), as the composer would. */
async function enqueue(
  group: { id: string },
  jurisdictionCode: string,
  count: number,
  { key = 'batch', routine = true }: { key?: string; routine?: boolean } = {},
) {
  const messages = Array.from({ length: count }, (_, i) =>
    robotMessages(
      { id: group.id, jurisdictionCode, keyword: null },
      {
        rule: 'due',
        period: '2026-11-16',
        key: `${key}-${i}`,
        title: `测试提醒 ${key} #${i + 1}`,
        lines: [`第 ${i + 1} 条`],
        routine,
      },
    ),
  ).flat();
  await h.t.database.db.transaction((tx) =>
    recordRuns(
      tx,
      [
        {
          run: {
            runKey: `test-run:${key}`,
            rule: 'due',
            period: '2026-11-16',
            jurisdictionCode,
            groupId: group.id,
          },
          messages,
        },
      ],
      h.clock.now(),
    ),
  );
  return messages;
}

/** A client that counts every robot request and answer, around the real one. */
function countingClient(inner: DingTalkClient) {
  const answers: { msgUuid: string | undefined; errcode: number | null }[] = [];
  const client: DingTalkClient = {
    ...inner,
    async sendRobotMessage(input) {
      const result = await inner.sendRobotMessage(input);
      answers.push({ msgUuid: input.msgUuid, errcode: result.ok ? 0 : result.errcode });
      return result;
    },
  };
  return { client, answers };
}

/** Walks the clock in steps, dispatching at each, until nothing is pending or sending. */
async function drain(dispatch: (at: Date) => Promise<unknown>, stepMs: number, maxSteps = 400) {
  for (let i = 0; i < maxSteps; i++) {
    await dispatch(h.clock.now());
    const left = await h.t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from reminder_outbox where status in ('pending', 'sending')`,
    );
    if (left.rows[0]!.n === 0) return i;
    h.clock.advance(stepMs);
  }
  throw new Error('outbox did not drain');
}

describe('pacing: below 20 a minute per robot, the limit kept in Postgres', () => {
  it('100 reminders to one robot arrive over ≥ 5 minutes (20 a minute at most, evenly spread) with zero 130101', async () => {
    h.clock.set(cst('2026-11-16', '09:00'));
    const { group, accessToken } = await addGroup(h, '330106109000');
    await enqueue(group, '330106109000', 100, { key: 'hundred' });
    const { client, answers } = countingClient(h.dingtalk);
    const dispatcher = h.newDispatcher({ dingtalk: client });
    await drain((at) => dispatcher.dispatchOnce(at), 5_000);

    const arrived = shown(h, accessToken);
    expect(arrived).toHaveLength(100);
    expect(answers.filter((a) => a.errcode === 130101 || a.errcode === 410100)).toEqual([]);
    expect(answers).toHaveLength(100);
    const span = new Date(arrived.at(-1)!.at).getTime() - new Date(arrived[0]!.at).getTime();
    expect(span).toBeGreaterThanOrEqual(5 * 60_000);
    // No 60-second window holds more than 20 (the fake would have answered 130101 anyway).
    const times = arrived.map((m) => new Date(m.at).getTime());
    for (const t0 of times)
      expect(times.filter((t) => t >= t0 && t < t0 + 60_000).length).toBeLessThanOrEqual(20);
    console.info(
      `100 messages to one robot: ${span / 1000} s from first to last, max ${Math.max(...times.map((t0) => times.filter((t) => t >= t0 && t < t0 + 60_000).length))} in any minute`,
    );
  });

  it('two dispatchers at once (two instances) never send a message twice and share the pace', async () => {
    h.clock.set(cst('2026-11-17', '09:00'));
    const { group, accessToken } = await addGroup(h, '330106004000');
    await enqueue(group, '330106004000', 40, { key: 'pair' });
    const { client, answers } = countingClient(h.dingtalk);
    const a = h.newDispatcher({ dingtalk: client });
    const b = h.newDispatcher({ dingtalk: client });
    await drain((at) => Promise.all([a.dispatchOnce(at), b.dispatchOnce(at)]), 5_000);
    expect(shown(h, accessToken)).toHaveLength(40);
    const uuids = answers.map((x) => x.msgUuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(answers.filter((x) => x.errcode !== 0)).toEqual([]);
  });
});

describe('splitting: nothing over 20,000 bytes', () => {
  it('a reminder of 60,000 bytes arrives as numbered parts, each ≤ 20,000 bytes, lines whole and in order', async () => {
    h.clock.set(cst('2026-11-20', '08:00'));
    // A township with 500 enterprises of long names, and a county that lists them all.
    const db = h.t.database.db;
    await db.execute(sql`insert into jurisdictions (code, parent_code, level, name, depth)
      values ('330106111000', '330106000000', 'township', '测试大镇', 3)`);
    const rows = Array.from({ length: 500 }, (_, i) => {
      const uscc = makeUscc(`91330106MA${String(7_000_000 + i).padStart(7, '0')}`);
      return sql`(${uscc}, ${`杭州测试大镇第${i + 1}号智能装备制造与数字化供应链管理服务股份有限公司`}, '330106111000')`;
    });
    await db.execute(
      sql`insert into enterprises (uscc, name, jurisdiction_code) values ${sql.join(rows, sql`, `)}`,
    );
    const settings = await h.t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { reminderListLimit: 2000 },
    });
    expect(settings.statusCode).toBe(200);
    const { accessToken } = await addGroup(h, '330106111000');

    h.clock.set(cst('2026-11-20', '09:00'));
    await h.composer.runReminderTick(h.clock.now());
    await drain((at) => h.dispatcher.dispatchOnce(at), 5_000);

    const parts = h.fake.received(accessToken);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const texts = parts.map((p) => (p.body.markdown as { text: string }).text);
    expect(texts.reduce((n, t) => n + utf8Bytes(t), 0)).toBeGreaterThanOrEqual(60_000);
    for (const [i, part] of parts.entries()) {
      expect(utf8Bytes(JSON.stringify(part.body))).toBeLessThanOrEqual(ROBOT_MAX_BODY_BYTES);
      expect((part.body.markdown as { title: string }).title).toContain(`（${i + 1}/${parts.length}）`);
    }
    const listed = texts.flatMap((t) => t.split('\n').filter((l) => /^\d+\. /.test(l)));
    expect(listed).toHaveLength(500);
    expect(listed.map((l) => Number(l.split('.')[0]))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    // Only the first part @s the coordinators (none are registered in 测试大镇, so nobody).
    expect(parts.slice(1).every((p) => p.body.at === undefined)).toBe(true);
    console.info(
      `split: ${texts.reduce((n, t) => n + utf8Bytes(t), 0)} bytes of text in ${parts.length} parts, largest body ${Math.max(...parts.map((p) => utf8Bytes(JSON.stringify(p.body))))} bytes`,
    );
  });
});

describe('a crash between compose and send loses nothing and shows nothing twice', () => {
  it('killed after DingTalk accepted, before the result was recorded: the restart resends with the same msgUuid, shown once', async () => {
    h.clock.set(cst('2026-11-23', '09:00'));
    const { group, accessToken } = await addGroup(h, '330106002000');
    const messages = await enqueue(group, '330106002000', 6, { key: 'crash-after' });
    // The first dispatcher process "dies" on its third send, right after DingTalk answered.
    let sends = 0;
    const dying: DingTalkClient = {
      ...h.dingtalk,
      async sendRobotMessage(input) {
        const result = await h.dingtalk.sendRobotMessage(input);
        if (++sends === 3) return new Promise<never>(() => {});
        return result;
      },
    };
    const first = h.newDispatcher({ dingtalk: dying, options: { concurrency: 1 } });
    void first.dispatchOnce(h.clock.now());
    await waitFor(() => sends === 3);
    const stuck = (await outboxRows(h)).filter((r) => r.group_id === group.id);
    expect(stuck.map((r) => r.status)).toEqual(['sent', 'sent', 'sending', 'pending', 'pending', 'pending']);

    // Restart: a new dispatcher. Before the lease runs out it leaves the claimed one alone…
    const { client, answers } = countingClient(h.dingtalk);
    const restarted = h.newDispatcher({ dingtalk: client });
    await restarted.dispatchOnce(h.clock.now());
    expect(answers.map((a) => a.msgUuid)).not.toContain(messages[2]!.msgUuid);
    // …after it, sends it again, and DingTalk shows it once.
    h.clock.advance(3 * 60_000);
    await drain((at) => restarted.dispatchOnce(at), 5_000);
    expect(answers.map((a) => a.msgUuid)).toContain(messages[2]!.msgUuid);
    const rows = (await outboxRows(h)).filter((r) => r.group_id === group.id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const arrived = shown(h, accessToken);
    expect(arrived.map((m) => m.msgUuid)).toEqual(messages.map((m) => m.msgUuid));
  });

  it('killed after composing, before anything was sent: the restart delivers every message exactly once', async () => {
    h.clock.set(cst('2026-11-24', '09:00'));
    const { group, accessToken } = await addGroup(h, '330106005000');
    const messages = await enqueue(group, '330106005000', 5, { key: 'crash-before' });
    let calls = 0;
    const dead: DingTalkClient = {
      ...h.dingtalk,
      sendRobotMessage: () => {
        calls++;
        return new Promise<never>(() => {});
      },
    };
    void h.newDispatcher({ dingtalk: dead, options: { concurrency: 1 } }).dispatchOnce(h.clock.now());
    await waitFor(() => calls === 1);
    h.clock.advance(3 * 60_000);
    await drain((at) => h.newDispatcher().dispatchOnce(at), 5_000);
    expect(shown(h, accessToken).map((m) => m.msgUuid)).toEqual(messages.map((m) => m.msgUuid));
  });
});

describe('DingTalk answers: back off, retry, or stop and tell the parent level', () => {
  it('130101 (robot throttled): backs off until the throttle is over, then resumes; nothing is lost', async () => {
    h.clock.set(cst('2026-11-25', '09:00'));
    const { group, accessToken, secret } = await addGroup(h, '330106400000');
    // Someone else's script flooded the robot: DingTalk throttles it for 10 minutes.
    for (let i = 0; i < 21; i++)
      await h.dingtalk.sendRobotMessage({
        accessToken,
        secret,
        message: { msgtype: 'text', text: { content: `flood ${i}` } },
      });
    const before = shown(h, accessToken).length;
    await enqueue(group, '330106400000', 3, { key: 'throttled' });
    const report = await h.dispatcher.dispatchOnce(h.clock.now());
    expect(report).toMatchObject({ sent: 0, retried: 1 });
    const rows = (await outboxRows(h)).filter((r) => r.group_id === group.id);
    expect(rows.map((r) => [r.status, r.errcode])).toEqual([
      ['pending', 130101],
      ['pending', null],
      ['pending', null],
    ]);
    const list = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '王海峰' });
    expect(list.json().items.find((g: { id: string }) => g.id === group.id)).toMatchObject({
      status: 'throttled',
      lastErrcode: 130101,
    });
    h.clock.advance(5 * 60_000);
    expect((await h.dispatcher.dispatchOnce(h.clock.now())).sent).toBe(0);
    h.clock.advance(6 * 60_000);
    expect((await h.dispatcher.dispatchOnce(h.clock.now())).sent).toBe(3);
    expect(shown(h, accessToken).length - before).toBe(3);
  });

  it('−1 (system busy) and connection resets: retried with backoff until delivered', async () => {
    h.clock.set(cst('2026-11-26', '09:00'));
    const { group, accessToken } = await addGroup(h, '330106110000');
    await enqueue(group, '330106110000', 2, { key: 'busy' });
    h.fake.setDown(true, 'busy');
    expect(await h.dispatcher.dispatchOnce(h.clock.now())).toMatchObject({ sent: 0, retried: 2 });
    h.fake.setDown(true, 'reset');
    h.clock.advance(30_000);
    expect(await h.dispatcher.dispatchOnce(h.clock.now())).toMatchObject({ sent: 0, retried: 2 });
    h.fake.setDown(false);
    h.clock.advance(30_000);
    expect((await h.dispatcher.dispatchOnce(h.clock.now())).sent).toBe(0); // backing off 60 s now
    h.clock.advance(30_000);
    expect((await h.dispatcher.dispatchOnce(h.clock.now())).sent).toBe(2);
    expect(shown(h, accessToken)).toHaveLength(2);
  });

  it('400102 (robot disabled): stops sending to the group, marks it misconfigured, tells the county; a new token resumes', async () => {
    h.clock.set(cst('2026-11-27', '09:00'));
    const county = await addGroup(h, '330106000000');
    const { group, accessToken } = await addGroup(h, '330106109001');
    await enqueue(group, '330106109001', 3, { key: 'disabled' });
    h.fake.disableRobot(accessToken);
    const { client, answers } = countingClient(h.dingtalk);
    await h.newDispatcher({ dingtalk: client }).dispatchOnce(h.clock.now());
    // One try, then nothing more to that robot.
    expect(answers.filter((a) => a.errcode === 400102)).toHaveLength(1);
    const rows = (await outboxRows(h)).filter((r) => r.group_id === group.id);
    expect(rows.map((r) => r.status)).toEqual(['blocked', 'blocked', 'blocked']);
    const list = await h.t.request({ method: 'GET', url: '/api/v1/work-groups', as: '王海峰' });
    expect(list.json().items.find((g: { id: string }) => g.id === group.id)).toMatchObject({
      status: 'misconfigured',
      lastErrcode: 400102,
    });
    // The parent level: its group, and its manager supervisors by work notification.
    const notice = shown(h, county.accessToken).find((m) => m.title.startsWith('工作群机器人异常'));
    // In plain words for the people in the group: what DingTalk's 400102 means, not the code itself.
    expect(notice?.text).toContain('机器人已停用');
    expect(notice?.text).not.toContain('400102');
    const wang = await h.t.database.db.execute<{ dingtalk_user_id: string }>(
      sql`select dingtalk_user_id from users where name = '王海峰'`,
    );
    expect(h.fake.notifications(wang.rows[0]!.dingtalk_user_id).map((n) => JSON.stringify(n.msg))).toEqual([
      expect.stringContaining('工作群机器人异常'),
    ]);
    // Later ticks neither compose for nor send to the broken group, and tell nobody twice.
    await h.dispatcher.dispatchOnce(h.clock.now());
    expect(shown(h, county.accessToken).filter((m) => m.title.startsWith('工作群机器人异常'))).toHaveLength(
      1,
    );

    // The supervisor puts a new robot in: the held messages go out.
    const fresh = 'f'.repeat(60) + 'beef';
    h.fake.addRobot({ accessToken: fresh });
    const patch = await h.t.request({
      method: 'PATCH',
      url: `/api/v1/work-groups/${group.id}`,
      as: '王海峰',
      payload: { accessToken: fresh, secret: null },
    });
    expect(patch.json().status).toBe('unknown');
    await drain((at) => h.dispatcher.dispatchOnce(at), 5_000);
    expect(shown(h, fresh)).toHaveLength(3);
  });
});

describe('work notifications: paced for the whole app (DingTalk: 5,000 recipients a minute)', () => {
  it('seven notices with a budget of three a minute go out three, three and one, a minute apart', async () => {
    h.clock.set(cst('2026-12-01', '09:00'));
    const people = await h.t.database.db.execute<{ id: string; dingtalk_user_id: string }>(
      sql`select id, dingtalk_user_id from users where active order by name limit 7`,
    );
    const messages = people.rows.map((p, i) =>
      workNotification(
        { userId: p.id, jurisdictionCode: '330106000000' },
        {
          rule: 'personal_overdue',
          period: '2026-11',
          key: `budget-${i}`,
          title: '提醒',
          text: `第 ${i + 1} 条`,
          routine: true,
        },
      ),
    );
    await h.t.database.db.transaction((tx) =>
      recordRuns(
        tx,
        [
          {
            run: {
              runKey: 'test-run:budget',
              rule: 'personal_overdue',
              period: '2026-11',
              jurisdictionCode: '330106000000',
            },
            messages,
          },
        ],
        h.clock.now(),
      ),
    );
    const dispatcher = h.newDispatcher({ options: { notificationsPerMinute: 3 } });
    const before = h.fake.notifications().length;
    const counts: number[] = [];
    for (let minute = 0; minute < 3; minute++) {
      await dispatcher.dispatchOnce(h.clock.now());
      counts.push(h.fake.notifications().length - before);
      h.clock.advance(61_000);
    }
    expect(counts).toEqual([3, 6, 7]);
  });
});

describe('quiet hours: routine reminders wait for a work day between 08:30 and 20:00', () => {
  it('a routine message left at 20:30 on Friday goes out Monday 08:30; an urgent one goes at once', async () => {
    h.clock.set(cst('2026-11-27', '20:30'));
    const { group, accessToken } = await addGroup(h, '330106004000', { name: '夜间测试群' });
    await enqueue(group, '330106004000', 1, { key: 'night' });
    await enqueue(group, '330106004000', 1, { key: 'urgent', routine: false });
    await h.dispatcher.dispatchOnce(h.clock.now());
    expect(shown(h, accessToken).map((m) => m.title)).toEqual(['测试提醒 urgent #1']);
    const pending = (await outboxRows(h)).filter((r) => r.group_id === group.id && r.status === 'pending');
    expect(pending).toHaveLength(1);
    const at = await h.t.database.db.execute<{ next_attempt_at: Date | string }>(
      sql`select next_attempt_at from reminder_outbox where id = ${pending[0]!.id}`,
    );
    expect(new Date(at.rows[0]!.next_attempt_at).toISOString()).toBe(
      cst('2026-11-30', '08:30').toISOString(),
    );
    h.clock.set(cst('2026-11-28', '10:00')); // Saturday
    await h.dispatcher.dispatchOnce(h.clock.now());
    expect(shown(h, accessToken)).toHaveLength(1);
    h.clock.set(cst('2026-11-30', '08:30'));
    await h.dispatcher.dispatchOnce(h.clock.now());
    expect(shown(h, accessToken)).toHaveLength(2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

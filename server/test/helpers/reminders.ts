import { sql } from 'drizzle-orm';
import { createDingTalkClient } from '../../src/integrations/dingtalk/client';
import { startFakeDingTalk, type FakeDingTalk } from '../../src/integrations/dingtalk/fake-server';
import type { DingTalkClient } from '../../src/integrations/dingtalk/types';
import { fixedClock } from '../../src/lib/clock';
import { createMemoryStorage } from '../../src/lib/storage';
import type { createReminderComposer } from '../../src/modules/reminders/composer';
import type { createReminderDispatcher, DispatcherOptions } from '../../src/modules/reminders/dispatcher';
import { createTestApp, type TestApp } from './test-app';

export const PUBLIC_URL = 'https://coordnet.example.cn';

/** A demo-county app whose DingTalk is a fake on the same fixed clock, with the reminder machinery. */
export interface ReminderHarness {
  t: TestApp;
  fake: FakeDingTalk;
  clock: ReturnType<typeof fixedClock>;
  dingtalk: DingTalkClient;
  composer: ReturnType<typeof createReminderComposer>;
  dispatcher: ReturnType<typeof createReminderDispatcher>;
  /** A fresh dispatcher (as after a restart), optionally with another DingTalk client. */
  newDispatcher(options?: {
    dingtalk?: DingTalkClient;
    options?: DispatcherOptions;
  }): ReturnType<typeof createReminderDispatcher>;
  close(): Promise<void>;
}

export async function createReminderHarness(
  options: { now?: string; publicUrl?: string | undefined; workNotifications?: boolean } = {},
): Promise<ReminderHarness> {
  const clock = fixedClock(options.now ?? '2026-11-16T01:00:00Z');
  const fake = await startFakeDingTalk({ clock });
  const dingtalk = createDingTalkClient({
    oapiUrl: fake.url,
    apiUrl: fake.url,
    appKey: fake.appKey,
    appSecret: fake.appSecret,
    agentId: fake.agentId,
    timeoutMs: 5_000,
    clock,
  });
  const t = await createTestApp({ clock, dingtalk, now: options.now, storage: createMemoryStorage() });
  // The app's own composer and dispatcher (container.ts), as the server's jobs run them.
  const { composer, dispatcher, newDispatcher } = t.app.container.reminders({
    publicUrl: 'publicUrl' in options ? options.publicUrl : PUBLIC_URL,
    workNotifications: options.workNotifications ?? true,
  });
  return {
    t,
    fake,
    clock,
    dingtalk,
    composer,
    dispatcher,
    newDispatcher: (o = {}) => newDispatcher(o.options, o.dingtalk),
    async close() {
      await t.close();
      await fake.close();
    },
  };
}

let serial = 0;

/**
 * Registers a work group through the API as `as` (王海峰 by default) and a matching robot on the
 * fake; returns the group and the robot's token.
 */
export async function addGroup(
  h: ReminderHarness,
  jurisdictionCode: string,
  options: { as?: string; keyword?: string; secret?: boolean; name?: string } = {},
) {
  serial++;
  const accessToken = `${'ab'.repeat(24)}${String(serial).padStart(6, '0')}${jurisdictionCode.slice(0, 6)}`;
  const secret = options.secret === false ? undefined : `SECtest${serial}secret${jurisdictionCode}`;
  h.fake.addRobot({
    accessToken,
    ...(secret ? { secret } : {}),
    ...(options.keyword ? { keywords: [options.keyword] } : {}),
  });
  const res = await h.t.request({
    method: 'POST',
    url: '/api/v1/work-groups',
    as: options.as ?? '王海峰',
    payload: {
      jurisdictionCode,
      name: options.name ?? `测试工作群${serial}`,
      accessToken: `https://oapi.dingtalk.com/robot/send?access_token=${accessToken}`,
      ...(secret ? { secret } : {}),
      ...(options.keyword ? { keyword: options.keyword } : {}),
    },
  });
  if (res.statusCode !== 201) throw new Error(`group create failed: ${res.statusCode} ${res.body}`);
  return { group: res.json() as { id: string; name: string }, accessToken, secret };
}

/** The demo county's groups: 浙江省, 杭州市, 西湖区 and each township and park of 西湖区. */
export const DEMO_GROUP_CODES = {
  province: '330000000000',
  city: '330100000000',
  county: '330106000000',
  beishan: '330106002000',
  xixi: '330106004000',
  cuiyuan: '330106005000',
  sandun: '330106109000',
  shuangpu: '330106110000',
  park: '330106400000',
} as const;

export async function outboxRows(h: ReminderHarness) {
  const result = await h.t.database.db.execute<{
    id: number;
    group_id: string | null;
    recipient_user_id: string | null;
    rule: string;
    period: string;
    status: string;
    errcode: number | null;
    part: number;
    parts: number;
    msg_uuid: string;
    attempts: number;
  }>(sql`select id, group_id, recipient_user_id, rule, period, status, errcode, part, parts, msg_uuid, attempts
           from reminder_outbox order by id`);
  return result.rows;
}

/** Robot messages shown in the fake groups, as plain objects. */
export function shown(h: ReminderHarness, accessToken?: string) {
  return h.fake.received(accessToken).map((m) => ({
    token: m.accessToken,
    at: m.at.toISOString(),
    title: String((m.body.markdown as { title?: string } | undefined)?.title ?? ''),
    text: String((m.body.markdown as { text?: string } | undefined)?.text ?? ''),
    at_: m.body.at as { atUserIds?: string[]; atMobiles?: string[] } | undefined,
    msgUuid: m.body.msgUuid,
  }));
}

/** An instant given as a China Standard Time date and HH:MM. */
export function cst(date: string, hhmm = '09:00'): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), h - 8, m));
}

/** Shanghai date of an instant. */
export const cstDate = (instant: Date | string) =>
  new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** What a server would do at `at`: compose routine and urgent reminders, then send. */
export async function tick(h: ReminderHarness, at: Date) {
  h.clock.set(at);
  const routine = await h.composer.runReminderTick(at);
  const urgent = await h.composer.composeUrgent(at);
  const sent = await h.dispatcher.dispatchOnce(at);
  return { routine, urgent, sent };
}

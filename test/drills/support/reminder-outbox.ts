import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { testClock } from '../../clock';
import { sleep } from '../lib';
import { FAKE_ROBOT_SECRET, type FakeDingTalkProcess } from './fake-dingtalk';

/** Jurisdictions of the demo county that get one work group (robot) each in the dispatch drills. */
export const GROUP_JURISDICTIONS = [
  '330106000000',
  '330106002000',
  '330106004000',
  '330106005000',
  '330106109000',
  '330106110000',
  '330106400000',
  '330106005055',
  '330106109001',
];

/** Registers one work group per jurisdiction through the API, each with its own robot of the fake. */
export async function registerWorkGroups(url: string, token: string, fake: FakeDingTalkProcess) {
  const groups: { id: string; accessToken: string }[] = [];
  for (const [i, code] of GROUP_JURISDICTIONS.entries()) {
    const accessToken = fake.robotTokens[i]!;
    const res = await fetch(`${url}/api/v1/work-groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        jurisdictionCode: code,
        name: `演练工作群${i + 1}`,
        accessToken: `${fake.url}/robot/send?access_token=${accessToken}`,
        secret: FAKE_ROBOT_SECRET,
      }),
    });
    if (res.status !== 201) throw new Error(`work group for ${code}: ${res.status} ${await res.text()}`);
    groups.push({ id: ((await res.json()) as { id: string }).id, accessToken });
  }
  return groups;
}

/**
 * Puts `perGroup` urgent robot messages per group straight into the outbox (as the composer would
 * after a burst of major dispute reports), all due now. Returns their msgUuids.
 */
export async function fillOutbox(db: pg.Client, groups: { id: string }[], perGroup: number, tag: string) {
  const now = testClock.now().toISOString();
  const run = await db.query<{ id: string }>(
    `insert into reminder_runs (run_key, rule, period, jurisdiction_code, messages, created_at)
     values ($1, 'major_risk', '2026-11', '330106000000', $2, $3) returning id`,
    [`drill-${tag}-${randomUUID()}`, groups.length * perGroup, now],
  );
  const uuids: string[] = [];
  for (const [g, group] of groups.entries()) {
    const code = GROUP_JURISDICTIONS[g]!;
    for (let part = 1; part <= perGroup; part++) {
      const msgUuid = randomUUID();
      uuids.push(msgUuid);
      const title = `演练${tag}：第${part}条`;
      await db.query(
        `insert into reminder_outbox (run_id, channel, group_id, jurisdiction_code, rule, period, part, parts, title,
                                      message, msg_uuid, routine, next_attempt_at, created_at, updated_at)
         values ($1, 'robot', $2, $3, 'major_risk', '2026-11', $4, $5, $6, $7, $8, false, $9, $9, $9)`,
        [
          run.rows[0]!.id,
          group.id,
          code,
          part,
          perGroup,
          title,
          JSON.stringify({ msgtype: 'text', text: { content: `${title}（${msgUuid.slice(0, 8)}）` } }),
          msgUuid,
          now,
        ],
      );
    }
  }
  return uuids;
}

/** The most messages one robot showed in any 60 s window. */
export function maxPerMinute(messages: { accessToken: string; at: string }[]): Record<string, number> {
  const byRobot = new Map<string, number[]>();
  for (const m of messages) {
    const list = byRobot.get(m.accessToken) ?? [];
    list.push(Date.parse(m.at));
    byRobot.set(m.accessToken, list);
  }
  const result: Record<string, number> = {};
  for (const [token, times] of byRobot) {
    times.sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 60_000) j++;
      best = Math.max(best, i - j + 1);
    }
    result[token] = best;
  }
  return result;
}

/**
 * The robot messages in the outbox: the drill's own and any the reminder jobs composed because the
 * drill runs on a reminder day (the demo county has duties due), with how many are sent.
 */
export async function robotOutbox(db: pg.Client) {
  const { rows } = await db.query<{ msg_uuid: string; status: string }>(
    `select msg_uuid, status from reminder_outbox where channel = 'robot'`,
  );
  return { uuids: rows.map((r) => r.msg_uuid), sent: rows.filter((r) => r.status === 'sent').length };
}

/** Waits until every robot message in the outbox (at least `atLeast` of them) is sent, or `ms` pass. */
export async function waitUntilAllSent(db: pg.Client, atLeast: number, ms: number) {
  const deadline = performance.now() + ms;
  for (;;) {
    const outbox = await robotOutbox(db);
    const done = outbox.sent >= atLeast && outbox.sent === outbox.uuids.length;
    if (done || performance.now() >= deadline) return outbox;
    await sleep(1_000);
  }
}

/** What the fake DingTalk showed against the outbox: messages missing, shown twice, or not ours at all. */
export function compareShown(outbox: readonly string[], shown: readonly (string | null)[]) {
  const expected = new Set(outbox);
  const seen = new Set(shown);
  return {
    missing: outbox.filter((u) => !seen.has(u)).length,
    twice: shown.length - seen.size,
    unknown: [...seen].filter((u) => u === null || !expected.has(u)).length,
  };
}

import { createHmac, hkdfSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client';
import { rowsOf, timestampColumn } from '../../db/rows';
import {
  markdownMessage,
  titleWithKeyword,
  type AppRobotMessage,
  type RobotMessage,
} from '../../integrations/dingtalk/messages';
import type { DingTalkClient, DingTalkResult } from '../../integrations/dingtalk/types';
import { SecretBoxError, type SecretBox } from '../../lib/secret-box';

/** A group row an update touched (`returning id`). */
const idRow = z.object({ id: z.string() });

/** The sends whose dropping out frees the next slot. */
const oldestSendsSchema = z.object({
  burst_oldest: timestampColumn.nullable(),
  window_oldest: timestampColumn.nullable(),
});

/**
 * What every sender to a group robot shares: its credentials, its pacing (docs/dingtalk.md §1: at most
 * 20 messages a minute per robot, across all server instances) and what DingTalk's answer means
 * for the group.
 */

/**
 * DingTalk allows a robot 20 sends a minute. Sends are spread out: at most 3 in any 9.3 s (one
 * every 3.1 s on average, 19.35 a minute, 97% of the limit), so 100 reminders take ≥ 5 minutes
 * instead of arriving in bursts of 20. The 20-per-62 s window is a second guard for sends that
 * reach DingTalk late (network jitter), so no 60 s span holds 21.
 */
export const ROBOT_BURST = 3;
export const ROBOT_BURST_WINDOW_MS = 9_300;
export const ROBOT_SENDS_PER_WINDOW = 20;
export const ROBOT_WINDOW_MS = 62_000;
/** DingTalk throttles a robot for 10 minutes after it sent too fast; resume a little after. */
export const ROBOT_THROTTLE_MS = 10 * 60_000 + 30_000;
export const THROTTLED_ERRCODES = new Set([130101, 410100]);

/**
 * The access token from what a supervisor pastes: the webhook URL DingTalk shows
 * (https://oapi.dingtalk.com/robot/send?access_token=…) or the bare token.
 */
export function parseAccessToken(input: string): string | null {
  const text = input.trim();
  let token: string | null = text;
  if (/^https?:\/\//i.test(text)) {
    try {
      token = new URL(text).searchParams.get('access_token');
    } catch {
      return null;
    }
  }
  return token && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}

/** An HMAC of the token under the secrets key: equal tokens are found, no token can be recovered. */
export function tokenFingerprint(secretsKey: string, token: string): string {
  const key = Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'coordnet robot fingerprint', 32));
  return createHmac('sha256', key).update(token, 'utf8').digest('hex');
}

/** Sealed values are bound to their row and column, so one copied elsewhere does not open. */
export const tokenContext = (groupId: string) => `work_group:${groupId}:access_token`;
export const secretContext = (groupId: string) => `work_group:${groupId}:secret`;

export interface SealedCredentials {
  id: string;
  accessTokenSealed: string | null;
  secretSealed: string | null;
}

export function openCredentials(box: SecretBox, group: SealedCredentials) {
  if (group.accessTokenSealed === null) throw new SecretBoxError('no webhook token');
  return {
    accessToken: box.open(group.accessTokenSealed, tokenContext(group.id)),
    ...(group.secretSealed ? { secret: box.open(group.secretSealed, secretContext(group.id)) } : {}),
  };
}

/**
 * Takes one of the robot's send slots, or says when the next frees up. The conditional UPDATE
 * locks the group's row, so concurrent senders of one robot (on any instance) queue on it and
 * each sees the others' slots: the limit lives in Postgres, not in process memory.
 */
export async function reserveRobotSlot(
  tx: Tx,
  groupId: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; freeAt: Date }> {
  const cut = new Date(now.getTime() - ROBOT_WINDOW_MS).toISOString();
  const burstCut = new Date(now.getTime() - ROBOT_BURST_WINDOW_MS).toISOString();
  const taken = await tx.execute(sql`
    update work_groups g
       set recent_sends = array(select s from unnest(g.recent_sends) s where s > ${cut}::timestamptz order by s)
                          || array[${now.toISOString()}::timestamptz]
     where g.id = ${groupId}::uuid
       and (select count(*) from unnest(g.recent_sends) s where s > ${cut}::timestamptz) < ${ROBOT_SENDS_PER_WINDOW}::int
       and (select count(*) from unnest(g.recent_sends) s where s > ${burstCut}::timestamptz) < ${ROBOT_BURST}::int
    returning g.id`);
  if (rowsOf(idRow, taken).length > 0) return { ok: true };
  // The next slot: when the oldest send of a full burst window or of a full minute window drops out.
  const recent = await tx.execute(sql`
    select (select s from unnest(g.recent_sends) s where s > ${burstCut}::timestamptz
             order by s desc offset ${ROBOT_BURST - 1}::int limit 1) as burst_oldest,
           (select s from unnest(g.recent_sends) s where s > ${cut}::timestamptz
             order by s desc offset ${ROBOT_SENDS_PER_WINDOW - 1}::int limit 1) as window_oldest
      from work_groups g where g.id = ${groupId}::uuid`);
  const { burst_oldest: burstOldest, window_oldest: windowOldest } =
    rowsOf(oldestSendsSchema, recent)[0] ?? {};
  const byBurst = burstOldest ? new Date(burstOldest).getTime() + ROBOT_BURST_WINDOW_MS : now.getTime();
  const byWindow = windowOldest ? new Date(windowOldest).getTime() + ROBOT_WINDOW_MS : now.getTime();
  const freeAt = new Date(Math.max(byBurst, byWindow));
  return { ok: false, freeAt: freeAt.getTime() > now.getTime() ? freeAt : new Date(now.getTime() + 1_000) };
}

export type GroupOutcome = 'ok' | 'throttled' | 'misconfigured' | 'other';

export function outcomeOf(result: DingTalkResult<unknown>): GroupOutcome {
  if (result.ok) return 'ok';
  if (result.errcode !== null && THROTTLED_ERRCODES.has(result.errcode)) return 'throttled';
  if (result.kind === 'misconfigured') return 'misconfigured';
  return 'other';
}

/**
 * Records what DingTalk said on the group. Returns true when this answer is what made the group
 * misconfigured (so its parent level is told once per incident, not once per message).
 */
export async function recordGroupOutcome(
  tx: Tx,
  groupId: string,
  result: DingTalkResult<unknown>,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const outcome = outcomeOf(result);
  if (result.ok) {
    await tx.execute(sql`
      update work_groups set status = 'ok', last_delivery_at = ${at}::timestamptz, last_errcode = 0,
             last_errmsg = null, throttled_until = null
       where id = ${groupId}::uuid`);
    return false;
  }
  const errcode = result.errcode;
  const errmsg = result.errmsg.slice(0, 500);
  if (outcome === 'throttled') {
    const until = new Date(now.getTime() + ROBOT_THROTTLE_MS).toISOString();
    await tx.execute(sql`
      update work_groups set status = 'throttled', throttled_until = ${until}::timestamptz,
             last_errcode = ${errcode}::int, last_errmsg = ${errmsg}
       where id = ${groupId}::uuid`);
    return false;
  }
  if (outcome === 'misconfigured') {
    const changed = await tx.execute(sql`
      update work_groups set status = 'misconfigured', last_errcode = ${errcode}::int, last_errmsg = ${errmsg}
       where id = ${groupId}::uuid and status <> 'misconfigured'
      returning id`);
    const madeMisconfigured = rowsOf(idRow, changed).length > 0;
    if (!madeMisconfigured)
      await tx.execute(sql`
        update work_groups set last_errcode = ${errcode}::int, last_errmsg = ${errmsg} where id = ${groupId}::uuid`);
    return madeMisconfigured;
  }
  await tx.execute(sql`
    update work_groups set last_errcode = ${errcode}::int, last_errmsg = ${errmsg} where id = ${groupId}::uuid`);
  return false;
}

/** What a DingTalk answer means and what to do about it, for the supervisor who set up the robot. */
export function explainRobotResult(result: DingTalkResult<unknown>): string {
  if (result.ok) return '消息已发送到工作群，请在钉钉群中查看。';
  const { errcode } = result;
  if (errcode === 310000)
    return `钉钉安全校验未通过（${result.errmsg}）：请核对机器人的加签密钥、自定义关键词或 IP 白名单。`;
  if (errcode === 300001 || errcode === 400101 || errcode === 300005)
    return '钉钉找不到该机器人：请在钉钉群设置中重新复制机器人地址。';
  if (errcode === 400102 || errcode === 400106 || errcode === 400013)
    return '该机器人已停用、已被移除或群已解散：请在钉钉群中重新添加机器人并更新机器人地址。';
  if (errcode !== null && THROTTLED_ERRCODES.has(errcode))
    return '机器人发送过于频繁，已被钉钉限流，约 10 分钟后自动恢复，期间的提醒会在恢复后补发。';
  if (errcode !== null && errcode >= 430101 && errcode <= 430104)
    return '消息内容被钉钉判定为不安全，未发送。';
  if (result.code && result.kind === 'misconfigured')
    return `钉钉拒绝了应用机器人的消息（${result.code}）：请确认本应用的机器人已添加到该群，且群的 openConversationId 填写正确。`;
  if (result.code && result.kind === 'body_too_big') return '消息超过应用机器人的长度上限，未发送。';
  if (errcode === null && result.kind === 'misconfigured') return `工作群设置不完整：${result.errmsg}`;
  if (errcode === null || errcode === -1) return '暂时无法连接钉钉，请稍后再试。';
  return `钉钉返回错误 ${errcode}：${result.errmsg}`;
}

/**
 * Makes sure the message carries the group's keyword (docs/dingtalk.md §1 keyword security), also when
 * the keyword was changed after the message was composed: title and first heading get `【keyword】`.
 */
export function withKeyword(message: RobotMessage, keyword: string | null): RobotMessage {
  if (!keyword) return message;
  if (message.msgtype === 'markdown') {
    if (message.markdown.text.includes(keyword)) return message;
    const title = titleWithKeyword(message.markdown.title, keyword);
    const text = message.markdown.text.startsWith('#### ')
      ? `#### ${titleWithKeyword(message.markdown.text.slice(5), keyword)}`
      : `【${keyword}】${message.markdown.text}`;
    return { ...message, markdown: { title, text } };
  }
  if (message.msgtype === 'text') {
    if (message.text.content.includes(keyword)) return message;
    return { ...message, text: { content: `【${keyword}】${message.text.content}` } };
  }
  return message;
}

export interface GroupDeliveryTarget extends SealedCredentials {
  delivery: 'webhook' | 'app_robot';
  openConversationId: string | null;
  keyword: string | null;
}

/**
 * Sends one message to a work group the way the group is set up: through its custom robot's
 * webhook (signed, with the msgUuid that makes a retry show once) or through the app robot
 * (api.dingtalk.com orgGroupSend, addressed by the group's openConversationId).
 */
export async function sendToGroup(
  dingtalk: DingTalkClient,
  box: SecretBox,
  group: GroupDeliveryTarget,
  message: RobotMessage,
  msgUuid: string,
): Promise<DingTalkResult<unknown>> {
  const keyed = withKeyword(message, group.keyword);
  if (group.delivery === 'app_robot') {
    if (!group.openConversationId)
      return { ok: false, kind: 'misconfigured', errcode: null, errmsg: '未设置群的 openConversationId' };
    const appMessage: AppRobotMessage =
      keyed.msgtype === 'actionCard' && 'btns' in keyed.actionCard
        ? markdownMessage(keyed.actionCard.title, keyed.actionCard.text)
        : (keyed as AppRobotMessage);
    return dingtalk.sendAppRobotGroupMessage({
      openConversationId: group.openConversationId,
      message: appMessage,
    });
  }
  let credentials: ReturnType<typeof openCredentials>;
  try {
    credentials = openCredentials(box, group);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    return {
      ok: false,
      kind: 'misconfigured',
      errcode: null,
      errmsg: '机器人令牌无法解密(SECRETS_KEY 已更换?)，请重新填写 Webhook 地址和加签密钥',
    };
  }
  return dingtalk.sendRobotMessage({ ...credentials, message: keyed, msgUuid });
}

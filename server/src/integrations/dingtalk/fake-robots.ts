import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import { ROBOT_MAX_BODY_BYTES } from './messages';
import { ROBOT_SIGN_WINDOW_MS, signRobotRequest } from './robot-sign';

/** Custom group robots of the fake DingTalk, enforcing what the real /robot/send enforces (docs/dingtalk.md §1). */
export interface FakeRobotOptions {
  /** generated when omitted */
  accessToken?: string;
  /** 加签 secret; when set, every request must be signed */
  secret?: string;
  /** when set, every message must contain one of them */
  keywords?: string[];
}

export interface ReceivedRobotMessage {
  accessToken: string;
  at: Date;
  body: { msgtype: string; msgUuid?: string } & Record<string, unknown>;
}

export interface RobotAnswer {
  errcode: number;
  errmsg: string;
}

interface Robot {
  secret: string | undefined;
  keywords: string[];
  disabled: boolean;
  recentSends: number[];
  throttledUntil: number;
  seenUuids: Set<string>;
}

export const RATE_LIMIT_PER_MINUTE = 20;
export const THROTTLE_MS = 10 * 60_000;

const OK: RobotAnswer = { errcode: 0, errmsg: 'ok' };

export function createRobotRegistry(clock: Clock) {
  const robots = new Map<string, Robot>();
  const received: ReceivedRobotMessage[] = [];
  /** Sends DingTalk absorbed because their msgUuid was shown already, and "too fast" answers. */
  const counters = { duplicateUuids: 0, throttled: 0 };

  function send(query: URLSearchParams, raw: Buffer): RobotAnswer {
    const accessToken = query.get('access_token') ?? '';
    const robot = robots.get(accessToken);
    if (!robot) return { errcode: 300001, errmsg: 'token is not exist' };
    if (robot.disabled) return { errcode: 400102, errmsg: '机器人已停用' };
    const now = clock.now().getTime();
    if (robot.secret && !validSignature(robot.secret, query, now))
      return { errcode: 310000, errmsg: 'sign not match' };

    if (now < robot.throttledUntil) {
      counters.throttled++;
      return tooFast();
    }
    robot.recentSends = robot.recentSends.filter((t) => t > now - 60_000);
    robot.recentSends.push(now);
    if (robot.recentSends.length > RATE_LIMIT_PER_MINUTE) {
      robot.throttledUntil = now + THROTTLE_MS;
      robot.recentSends = [];
      counters.throttled++;
      return tooFast();
    }

    if (raw.length > ROBOT_MAX_BODY_BYTES)
      return { errcode: 460101, errmsg: `message too long, exceed ${ROBOT_MAX_BODY_BYTES} bytes` };
    const body = parse(raw);
    if (!body) return { errcode: 40035, errmsg: '缺少参数 json' };
    if (robot.keywords.length > 0 && !robot.keywords.some((k) => shownText(body).includes(k)))
      return { errcode: 310000, errmsg: 'keywords not in content' };

    if (typeof body.msgUuid === 'string') {
      if (robot.seenUuids.has(body.msgUuid)) {
        counters.duplicateUuids++;
        return OK;
      }
      robot.seenUuids.add(body.msgUuid);
    }
    received.push({ accessToken, at: new Date(now), body });
    return OK;
  }

  return {
    add(options: FakeRobotOptions = {}): { accessToken: string; secret?: string } {
      const accessToken = options.accessToken ?? randomBytes(32).toString('hex');
      robots.set(accessToken, {
        secret: options.secret,
        keywords: options.keywords ?? [],
        disabled: false,
        recentSends: [],
        throttledUntil: 0,
        seenUuids: new Set(),
      });
      return options.secret ? { accessToken, secret: options.secret } : { accessToken };
    },
    disable(accessToken: string) {
      const robot = robots.get(accessToken);
      if (!robot) throw new Error(`no fake robot ${accessToken}`);
      robot.disabled = true;
    },
    send,
    counters: () => ({ ...counters }),
    received: (accessToken?: string) =>
      received.filter((m) => accessToken === undefined || m.accessToken === accessToken),
  };
}

const tooFast = (): RobotAnswer => ({
  errcode: 130101,
  errmsg: `send too fast, exceed ${RATE_LIMIT_PER_MINUTE} times per minute`,
});

function validSignature(secret: string, query: URLSearchParams, now: number): boolean {
  const timestamp = Number(query.get('timestamp'));
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > ROBOT_SIGN_WINDOW_MS) return false;
  // URLSearchParams decodes once, as DingTalk does: a client that encodes twice arrives as "%2B…".
  return query.get('sign') === signRobotRequest(secret, timestamp);
}

function parse(raw: Buffer): ReceivedRobotMessage['body'] | null {
  try {
    const body = JSON.parse(raw.toString('utf8')) as unknown;
    if (typeof body !== 'object' || body === null) return null;
    const { msgtype } = body as { msgtype?: unknown };
    return typeof msgtype === 'string' ? (body as ReceivedRobotMessage['body']) : null;
  } catch {
    return null;
  }
}

/**
 * The text a keyword must appear in. Checked against the message text, not the title, which is
 * stricter than needed: the sender puts the keyword in both.
 */
function shownText(body: ReceivedRobotMessage['body']): string {
  const section = body[body.msgtype] as { content?: unknown; text?: unknown } | undefined;
  const text = body.msgtype === 'text' ? section?.content : section?.text;
  return typeof text === 'string' ? text : '';
}

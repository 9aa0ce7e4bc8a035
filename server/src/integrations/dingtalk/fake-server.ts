import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../lib/clock';
import { signJsapi } from './jsapi-sign';
import { createRobotRegistry, type FakeRobotOptions, type ReceivedRobotMessage } from './fake-robots';
import { createWorkNotifications, type FakeNotification } from './fake-work-notifications';

export type { FakeRobotOptions, ReceivedRobotMessage } from './fake-robots';
export type { FakeNotification } from './fake-work-notifications';

/**
 * A DingTalk stand-in that speaks the real shapes (docs/dingtalk.md), for tests and the offline demo.
 * It enforces what the real platform enforces, so a green test means the client would work.
 * Serve both API families from it: point DINGTALK_OAPI_URL and DINGTALK_API_URL at `url`.
 */
export interface FakeDingTalk {
  url: string;
  appKey: string;
  appSecret: string;
  agentId: number;
  /** the corp dd.config is checked against */
  corpId: string;
  /** Issues a single-use, 5-minute auth code for a DingTalk userid, as the JSAPI would. */
  issueAuthCode(userId: string, name?: string): string;
  /** How many times an access token was handed out (to prove the client caches it). */
  tokenFetches(): number;
  /** Invalidates every app access token handed out so far, as a secret reset would. */
  revokeTokens(): void;
  /** How many times get_jsapi_ticket was answered (to prove the server shares and caches the ticket). */
  jsapiTicketFetches(): number;
  /** Invalidates the current JSAPI ticket, as DingTalk does early at times; the next fetch gets a new one. */
  revokeJsapiTicket(): void;
  /**
   * What the DingTalk container would answer to dd.config on the page at `pageUrl`: 'ok', or why it
   * fails (the signature does not match the current ticket, or the agent or corp is wrong).
   */
  checkJsapiConfig(
    pageUrl: string,
    config: FakeJsapiConfig,
  ): 'ok' | 'bad_signature' | 'bad_agent' | 'bad_corp';
  /** Registers a custom group robot (webhook). */
  addRobot(options?: FakeRobotOptions): { accessToken: string; secret?: string };
  /** The group owner switched the robot off: every later send answers 400102. */
  disableRobot(accessToken: string): void;
  /** Robot messages shown in groups (accepted, once per msgUuid), oldest first. */
  received(accessToken?: string): ReceivedRobotMessage[];
  /** Robot sends absorbed as repeats of a shown msgUuid, and sends answered "too fast". */
  robotCounters(): { duplicateUuids: number; throttled: number };
  /** Work notifications that reached a person. */
  notifications(userId?: string): FakeNotification[];
  /** Work notifications accepted by the API but silently not delivered (daily limits). */
  droppedNotifications(userId?: string): FakeNotification[];
  /** Puts the app robot in a group and returns its openConversationId. */
  addAppRobotGroup(openConversationId?: string): string;
  groupMessages(openConversationId?: string): FakeGroupMessage[];
  /** Simulates an outage: connections reset, or DingTalk answers "system busy" (-1 / HTTP 503). */
  setDown(on: boolean, how?: 'reset' | 'busy'): void;
  close(): Promise<void>;
}

export interface FakeJsapiConfig {
  agentId: string | number;
  corpId: string;
  timeStamp: string | number;
  nonceStr: string;
  signature: string;
}

export interface FakeGroupMessage {
  openConversationId: string;
  at: Date;
  msgKey: string;
  msgParam: Record<string, unknown>;
}

export interface FakeDingTalkOptions {
  clock: Clock;
  port?: number;
  host?: string;
  /** the corp the JSAPI checks dd.config against */
  corpId?: string;
  /** fixed for a standalone dev process; random otherwise */
  appSecret?: string;
  agentId?: number;
}

const AUTH_CODE_LIFE_MS = 5 * 60_000;
const TOKEN_LIFE_S = 7200;
const APP_ROBOT_MSG_KEYS = new Set(['sampleText', 'sampleMarkdown', 'sampleActionCard', 'sampleLink']);
const APP_ROBOT_MAX_PARAM_BYTES = 15_000;

export async function startFakeDingTalk(options: FakeDingTalkOptions): Promise<FakeDingTalk> {
  const { clock } = options;
  const appKey = 'dingfakeappkey';
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex');
  const agentId = options.agentId ?? 3_000_001;
  const tokens = new Map<string, number>();
  const authCodes = new Map<string, { userId: string; name: string; until: number }>();
  const robots = createRobotRegistry(clock);
  const workNotifications = createWorkNotifications(clock);
  const appRobotGroups = new Set<string>();
  const groupMessages: FakeGroupMessage[] = [];
  let tokenCount = 0;
  const corpId = options.corpId ?? 'dingfakecorp';
  let jsapiTicket: { value: string; until: number } | null = null;
  let jsapiTicketCount = 0;
  let down: 'reset' | 'busy' | null = null;

  const json = (res: ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readRaw = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    try {
      const body = JSON.parse((await readRaw(req)).toString('utf8')) as unknown;
      return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const isValidToken = (token: string | null | undefined) => {
    const until = tokens.get(token ?? '');
    return until !== undefined && until > clock.now().getTime();
  };
  const apiError = (res: ServerResponse, status: number, code: string, message: string) =>
    json(res, { code, message, requestid: randomBytes(8).toString('hex') }, status);

  async function oapi(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method === 'GET' && url.pathname === '/gettoken') {
      if (url.searchParams.get('appkey') !== appKey || url.searchParams.get('appsecret') !== appSecret) {
        return json(res, { errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
      }
      tokenCount++;
      const token = randomBytes(16).toString('hex');
      tokens.set(token, clock.now().getTime() + TOKEN_LIFE_S * 1000);
      return json(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: TOKEN_LIFE_S });
    }
    if (req.method === 'GET' && url.pathname === '/_fake/robot-messages') {
      // For drills that run the fake in another process: what the groups show, and the counters.
      return json(res, {
        messages: robots.received().map((m) => ({
          accessToken: m.accessToken,
          at: m.at.toISOString(),
          msgUuid: m.body.msgUuid ?? null,
        })),
        ...robots.counters(),
      });
    }
    if (req.method === 'GET' && url.pathname === '/get_jsapi_ticket') {
      if (!isValidToken(url.searchParams.get('access_token')))
        return json(res, { errcode: 40014, errmsg: '不合法的access_token' });
      const now = clock.now().getTime();
      // Within its life DingTalk answers the same ticket and extends it (有效期内重复获取返回相同结果并自动续期).
      const value =
        jsapiTicket && jsapiTicket.until > now ? jsapiTicket.value : randomBytes(32).toString('base64url');
      jsapiTicket = { value, until: now + TOKEN_LIFE_S * 1000 };
      jsapiTicketCount++;
      return json(res, { errcode: 0, errmsg: 'ok', ticket: value, expires_in: TOKEN_LIFE_S });
    }
    if (req.method === 'POST' && url.pathname === '/robot/send') {
      return json(res, robots.send(url.searchParams, await readRaw(req)));
    }
    if (req.method !== 'POST') return false;
    if (url.pathname !== '/topapi/v2/user/getuserinfo' && !url.pathname.startsWith('/topapi/message/'))
      return false;
    if (!isValidToken(url.searchParams.get('access_token')))
      return json(res, { errcode: 40014, errmsg: '不合法的access_token' });
    const body = await readBody(req);

    if (url.pathname === '/topapi/v2/user/getuserinfo') {
      const { code } = body;
      const entry = typeof code === 'string' ? authCodes.get(code) : undefined;
      if (!entry || entry.until < clock.now().getTime())
        return json(res, { errcode: 40078, errmsg: '不存在的临时授权码' });
      authCodes.delete(code as string);
      return json(res, {
        errcode: 0,
        errmsg: 'ok',
        result: {
          userid: entry.userId,
          unionid: `union-${entry.userId}`,
          name: entry.name,
          device_id: 'fake',
          sys: false,
          sys_level: 0,
        },
      });
    }
    if (url.pathname === '/topapi/message/corpconversation/asyncsend_v2') {
      if (Number(body.agent_id) !== agentId) return json(res, { errcode: 40056, errmsg: '不合法的agentid' });
      const userIds = typeof body.userid_list === 'string' ? body.userid_list.split(',').filter(Boolean) : [];
      const msg = body.msg as Record<string, unknown> | undefined;
      if (userIds.length === 0 || userIds.length > 5000)
        return json(res, { errcode: 40035, errmsg: '不合法的参数 userid_list' });
      if (typeof msg?.msgtype !== 'string') return json(res, { errcode: 40035, errmsg: '不合法的参数 msg' });
      const taskId = workNotifications.send(userIds, msg);
      return json(res, {
        errcode: 0,
        errmsg: 'ok',
        task_id: taskId,
        request_id: randomBytes(8).toString('hex'),
      });
    }
    return false;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method !== 'POST' || url.pathname !== '/v1.0/robot/groupMessages/send') return false;
    if (!isValidToken(req.headers['x-acs-dingtalk-access-token'] as string | undefined))
      return apiError(res, 401, 'InvalidAuthentication', '不合法的access_token');
    const body = await readBody(req);
    if (body.robotCode !== appKey)
      return apiError(res, 400, 'invalidParameter.robotCode.invalid', '无效的robotCode');
    const openConversationId = String(body.openConversationId ?? '');
    if (!appRobotGroups.has(openConversationId))
      return apiError(res, 400, 'invalid.openConversationId', '无效的openConversationId');
    const msgKey = String(body.msgKey ?? '');
    if (!APP_ROBOT_MSG_KEYS.has(msgKey))
      return apiError(res, 400, 'invalidParameter.msgKey.invalid', '无效的msgKey');
    const raw = typeof body.msgParam === 'string' ? body.msgParam : '';
    if (Buffer.byteLength(raw, 'utf8') > APP_ROBOT_MAX_PARAM_BYTES)
      return apiError(res, 400, 'invalidParameter.msgParam.length', 'msgParam超过长度限制');
    let msgParam: Record<string, unknown>;
    try {
      msgParam = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return apiError(res, 400, 'invalidParameter.msgParam.invalid', 'msgParam必须是JSON格式');
    }
    groupMessages.push({ openConversationId, at: clock.now(), msgKey, msgParam });
    return json(res, { processQueryKey: randomBytes(16).toString('base64') });
  }

  const server: Server = createServer(async (req, res) => {
    if (down === 'reset') return req.socket.destroy();
    const url = new URL(req.url ?? '/', 'http://fake');
    const isApi = url.pathname.startsWith('/v1.0/');
    if (down === 'busy')
      return isApi
        ? apiError(res, 503, 'ServiceUnavailable', '系统繁忙')
        : json(res, { errcode: -1, errmsg: '系统繁忙' });
    try {
      if ((await (isApi ? api : oapi)(req, res, url)) !== false) return;
      json(res, { errcode: 404, errmsg: 'not found' }, 404);
    } catch (error) {
      if (!res.headersSent) json(res, { errcode: -1, errmsg: String(error) }, 500);
    }
  });

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    appKey,
    appSecret,
    agentId,
    corpId,
    issueAuthCode(userId, name = '') {
      const code = randomBytes(12).toString('hex');
      authCodes.set(code, { userId, name, until: clock.now().getTime() + AUTH_CODE_LIFE_MS });
      return code;
    },
    tokenFetches: () => tokenCount,
    jsapiTicketFetches: () => jsapiTicketCount,
    revokeJsapiTicket() {
      jsapiTicket = null;
    },
    checkJsapiConfig(pageUrl, config) {
      if (String(config.agentId) !== String(agentId)) return 'bad_agent';
      if (config.corpId !== corpId) return 'bad_corp';
      if (!jsapiTicket || jsapiTicket.until <= clock.now().getTime()) return 'bad_signature';
      const expected = signJsapi({
        ticket: jsapiTicket.value,
        nonceStr: config.nonceStr,
        timeStamp: String(config.timeStamp),
        url: pageUrl,
      });
      return expected === config.signature ? 'ok' : 'bad_signature';
    },
    revokeTokens: () => tokens.clear(),
    addRobot: (robot) => robots.add(robot),
    disableRobot: (token) => robots.disable(token),
    received: (token) => robots.received(token),
    robotCounters: () => robots.counters(),
    notifications: (userId) => workNotifications.delivered(userId),
    droppedNotifications: (userId) => workNotifications.dropped(userId),
    addAppRobotGroup(openConversationId = `cid${randomBytes(12).toString('base64url')}`) {
      appRobotGroups.add(openConversationId);
      return openConversationId;
    },
    groupMessages: (id) => groupMessages.filter((m) => id === undefined || m.openConversationId === id),
    setDown(on, how = 'reset') {
      down = on ? how : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

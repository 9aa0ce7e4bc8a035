import type { Clock } from '../../lib/clock';
import { APP_ROBOT_MAX_PARAM_BYTES, appRobotTemplate, utf8Bytes } from './messages';
import { signRobotRequest } from './robot-sign';
import {
  apiFailureKind,
  failureKind,
  type DingTalkClient,
  type DingTalkResult,
  type DingTalkUser,
  type JsapiTicket,
} from './types';

export interface DingTalkClientOptions {
  oapiUrl: string;
  apiUrl: string;
  appKey: string | undefined;
  appSecret: string | undefined;
  /** the micro-app's AgentId, needed for work notifications */
  agentId?: number | undefined;
  /** the app robot's code; DingTalk uses the app key for an internal app's robot */
  robotCode?: string | undefined;
  timeoutMs: number;
  clock: Clock;
  fetch?: typeof fetch;
}

type Body = Record<string, unknown>;

/** The app access token lives 7,200 s; it is refreshed this long before it runs out. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** asyncsend_v2 takes at most this many recipients a call. */
const WORK_NOTIFICATION_MAX_USERS = 5_000;

const failure = (kind: 'misconfigured' | 'unknown' | 'body_too_big', errmsg: string) =>
  ({ ok: false, kind, errcode: null, errmsg }) as const;

export function createDingTalkClient(options: DingTalkClientOptions): DingTalkClient {
  const doFetch = options.fetch ?? fetch;
  const configured = Boolean(options.appKey && options.appSecret);
  let token: { value: string; until: number } | null = null;
  let pendingToken: Promise<DingTalkResult<string>> | null = null;

  /** One HTTP exchange with a timeout; a transport failure or timeout is worth retrying. */
  async function request(
    url: string,
    init: RequestInit,
  ): Promise<{ ok: true; status: number; body: Body } | { ok: false; errmsg: string }> {
    try {
      const response = await doFetch(url, {
        ...init,
        headers: { 'content-type': 'application/json', ...init.headers },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = (await response.json().catch(() => ({}))) as Body;
      return { ok: true, status: response.status, body };
    } catch (error) {
      return { ok: false, errmsg: error instanceof Error ? error.message : String(error) };
    }
  }

  /** oapi.dingtalk.com answers HTTP 200 with an errcode. */
  async function call(url: string, init: RequestInit = {}): Promise<DingTalkResult<Body>> {
    const response = await request(url, init);
    if (!response.ok) return { ok: false, kind: 'retry_later', errcode: null, errmsg: response.errmsg };
    const { status, body } = response;
    const errcode = typeof body.errcode === 'number' ? body.errcode : status < 300 ? 0 : -1;
    if (errcode !== 0)
      return { ok: false, kind: failureKind(errcode), errcode, errmsg: String(body.errmsg ?? status) };
    return { ok: true, value: body };
  }

  async function fetchToken(): Promise<DingTalkResult<string>> {
    const url = new URL('/gettoken', options.oapiUrl);
    url.searchParams.set('appkey', options.appKey ?? '');
    url.searchParams.set('appsecret', options.appSecret ?? '');
    const result = await call(url.toString(), { method: 'GET' });
    if (!result.ok) return result;
    const value = String(result.value.access_token ?? '');
    const lifeMs = Number(result.value.expires_in ?? 7200) * 1000;
    token = { value, until: options.clock.now().getTime() + lifeMs - TOKEN_MARGIN_MS };
    return { ok: true, value };
  }

  /** One token per app, shared by concurrent callers, never fetched per request. */
  async function accessToken(): Promise<DingTalkResult<string>> {
    if (!configured) return failure('misconfigured', 'DingTalk app not configured');
    if (token && token.until > options.clock.now().getTime()) return { ok: true, value: token.value };
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = null;
    });
    return pendingToken;
  }

  async function oapiPost(path: string, body: unknown): Promise<DingTalkResult<Body>> {
    return oapiCall(path, { method: 'POST', body: JSON.stringify(body) });
  }

  async function oapiCall(path: string, init: RequestInit): Promise<DingTalkResult<Body>> {
    const tokenResult = await accessToken();
    if (!tokenResult.ok) return tokenResult;
    const url = new URL(path, options.oapiUrl);
    url.searchParams.set('access_token', tokenResult.value);
    const result = await call(url.toString(), init);
    // A token revoked early (40014/42001) is dropped so the next call fetches a fresh one.
    if (!result.ok && (result.errcode === 40014 || result.errcode === 42001)) token = null;
    return result;
  }

  /** api.dingtalk.com (v1.0) answers errors as HTTP 4xx/5xx with a string code. */
  async function apiPost(path: string, body: unknown): Promise<DingTalkResult<Body>> {
    const tokenResult = await accessToken();
    if (!tokenResult.ok) return tokenResult;
    const response = await request(new URL(path, options.apiUrl).toString(), {
      method: 'POST',
      headers: { 'x-acs-dingtalk-access-token': tokenResult.value },
      body: JSON.stringify(body),
    });
    if (!response.ok) return { ok: false, kind: 'retry_later', errcode: null, errmsg: response.errmsg };
    const { status, body: answer } = response;
    if (status < 300) return { ok: true, value: answer };
    const code = String(answer.code ?? status);
    const kind = apiFailureKind(status, code);
    if (status === 401 || /invalidAuthentication/i.test(code)) token = null;
    return { ok: false, kind, errcode: null, code, errmsg: `${code}: ${String(answer.message ?? '')}` };
  }

  return {
    configured,

    async fetchJsapiTicket() {
      const result = await oapiCall('/get_jsapi_ticket', { method: 'GET' });
      if (!result.ok) return result;
      const ticket = String(result.value.ticket ?? '');
      if (!ticket) return failure('unknown', 'no ticket in response');
      const expiresInSeconds = Number(result.value.expires_in ?? 7200);
      return { ok: true, value: { ticket, expiresInSeconds } satisfies JsapiTicket };
    },

    async userByAuthCode(code) {
      const result = await oapiPost('/topapi/v2/user/getuserinfo', { code });
      if (!result.ok) return result;
      const user = result.value.result as { userid?: string; name?: string } | undefined;
      if (!user?.userid) return failure('unknown', 'no userid in response');
      return { ok: true, value: { userId: user.userid, name: user.name ?? '' } satisfies DingTalkUser };
    },

    async sendRobotMessage({ accessToken: robotToken, secret, message, msgUuid }) {
      const url = new URL('/robot/send', options.oapiUrl);
      url.searchParams.set('access_token', robotToken);
      if (secret) {
        const timestamp = options.clock.now().getTime();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', signRobotRequest(secret, timestamp));
      }
      const body = JSON.stringify(msgUuid === undefined ? message : { ...message, msgUuid });
      const result = await call(url.toString(), { method: 'POST', body });
      return result.ok ? { ok: true, value: null } : result;
    },

    async sendWorkNotification({ userIds, message }) {
      if (userIds.length === 0 || userIds.length > WORK_NOTIFICATION_MAX_USERS)
        throw new RangeError(`a work notification goes to 1..${WORK_NOTIFICATION_MAX_USERS} people`);
      if (options.agentId === undefined) return failure('misconfigured', 'DingTalk agent id not configured');
      const result = await oapiPost('/topapi/message/corpconversation/asyncsend_v2', {
        agent_id: options.agentId,
        userid_list: userIds.join(','),
        msg: message,
      });
      if (!result.ok) return result;
      return { ok: true, value: { taskId: Number(result.value.task_id ?? 0) } };
    },

    async sendAppRobotGroupMessage({ openConversationId, message, robotCode }) {
      const template = appRobotTemplate(message);
      if (utf8Bytes(template.msgParam) > APP_ROBOT_MAX_PARAM_BYTES)
        return failure('body_too_big', `msgParam over ${APP_ROBOT_MAX_PARAM_BYTES} bytes`);
      const result = await apiPost('/v1.0/robot/groupMessages/send', {
        robotCode: robotCode ?? options.robotCode ?? options.appKey,
        openConversationId,
        ...template,
      });
      if (!result.ok) return result;
      return { ok: true, value: { processQueryKey: String(result.value.processQueryKey ?? '') } };
    },
  };
}

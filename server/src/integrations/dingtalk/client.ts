import type { Clock } from '../../lib/clock';
import { failureKind, type DingTalkClient, type DingTalkResult, type DingTalkUser } from './types';

export interface DingTalkClientOptions {
  oapiUrl: string;
  apiUrl: string;
  appKey: string | undefined;
  appSecret: string | undefined;
  timeoutMs: number;
  clock: Clock;
  fetch?: typeof fetch;
}

interface OapiBody {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

/** The app access token lives 7,200 s; it is refreshed this long before it runs out. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export function createDingTalkClient(options: DingTalkClientOptions): DingTalkClient {
  const doFetch = options.fetch ?? fetch;
  const configured = Boolean(options.appKey && options.appSecret);
  let token: { value: string; until: number } | null = null;
  let pendingToken: Promise<DingTalkResult<string>> | null = null;

  async function call(url: string, init: RequestInit = {}): Promise<DingTalkResult<OapiBody>> {
    try {
      const response = await doFetch(url, {
        ...init,
        headers: { 'content-type': 'application/json', ...init.headers },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = (await response.json().catch(() => ({}))) as OapiBody;
      const errcode = typeof body.errcode === 'number' ? body.errcode : response.ok ? 0 : -1;
      if (errcode !== 0)
        return {
          ok: false,
          kind: failureKind(errcode),
          errcode,
          errmsg: String(body.errmsg ?? response.statusText),
        };
      return { ok: true, value: body };
    } catch (error) {
      return {
        ok: false,
        kind: 'retry_later',
        errcode: null,
        errmsg: error instanceof Error ? error.message : String(error),
      };
    }
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
    if (!configured)
      return { ok: false, kind: 'misconfigured', errcode: null, errmsg: 'DingTalk app not configured' };
    if (token && token.until > options.clock.now().getTime()) return { ok: true, value: token.value };
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = null;
    });
    return pendingToken;
  }

  async function oapiPost(path: string, body: unknown): Promise<DingTalkResult<OapiBody>> {
    const tokenResult = await accessToken();
    if (!tokenResult.ok) return tokenResult;
    const url = new URL(path, options.oapiUrl);
    url.searchParams.set('access_token', tokenResult.value);
    const result = await call(url.toString(), { method: 'POST', body: JSON.stringify(body) });
    // A token revoked early (40014/42001) is dropped so the next call fetches a fresh one.
    if (!result.ok && (result.errcode === 40014 || result.errcode === 42001)) token = null;
    return result;
  }

  return {
    configured,
    async userByAuthCode(code: string): Promise<DingTalkResult<DingTalkUser>> {
      const result = await oapiPost('/topapi/v2/user/getuserinfo', { code });
      if (!result.ok) return result;
      const user = result.value.result as { userid?: string; name?: string } | undefined;
      if (!user?.userid)
        return { ok: false, kind: 'unknown', errcode: null, errmsg: 'no userid in response' };
      return { ok: true, value: { userId: user.userid, name: user.name ?? '' } };
    },
  };
}

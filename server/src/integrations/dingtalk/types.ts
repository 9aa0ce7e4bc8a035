import type { AppRobotMessage, RobotMessage, WorkMessage } from './messages';

/**
 * What the rest of the server needs from DingTalk. A 浙政钉 adapter implements the same interface
 * (docs/dingtalk.md §6), so nothing outside this folder knows which platform it talks to.
 */
export type DingTalkFailureKind =
  /** throttled, busy or unreachable: try again later */
  | 'retry_later'
  /** token, signature, keyword or robot wrong: fix the configuration, do not retry */
  | 'misconfigured'
  /** content judged unsafe: do not retry */
  | 'content_rejected'
  /** over the 20,000-byte body limit: split before sending */
  | 'body_too_big'
  /** the auth code is unknown, used or expired */
  | 'auth_code_invalid'
  | 'unknown';

export type DingTalkResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      kind: DingTalkFailureKind;
      /** oapi errcode; null for transport failures and for api.dingtalk.com, which answers string codes */
      errcode: number | null;
      errmsg: string;
      /** api.dingtalk.com error code, e.g. `invalidParameter.robotCode.invalid` */
      code?: string;
    };

export interface DingTalkUser {
  userId: string;
  name: string;
}

export interface RobotSendInput {
  /** the custom robot's webhook access_token (not the app token) */
  accessToken: string;
  /** set when the robot uses 加签 (starts with `SEC`) */
  secret?: string;
  message: RobotMessage;
  /** idempotency key: a retry with the same value is not shown twice */
  msgUuid?: string;
}

export interface WorkNotificationInput {
  userIds: readonly string[];
  message: WorkMessage;
}

export interface AppRobotGroupInput {
  openConversationId: string;
  message: AppRobotMessage;
  /** defaults to the client's robotCode option, else the app key */
  robotCode?: string;
}

export interface DingTalkClient {
  readonly configured: boolean;
  userByAuthCode(code: string): Promise<DingTalkResult<DingTalkUser>>;
  /** Custom group robot webhook (docs/dingtalk.md §1). */
  sendRobotMessage(input: RobotSendInput): Promise<DingTalkResult<null>>;
  /** Work notification to people (docs/dingtalk.md §4); over DingTalk's limits it "succeeds" but is dropped. */
  sendWorkNotification(input: WorkNotificationInput): Promise<DingTalkResult<{ taskId: number }>>;
  /** App robot message to a group (docs/dingtalk.md §2). */
  sendAppRobotGroupMessage(input: AppRobotGroupInput): Promise<DingTalkResult<{ processQueryKey: string }>>;
  /** The JSAPI ticket dd.config signatures are made with (DINGTALK.md §5); callers cache it. */
  fetchJsapiTicket(): Promise<DingTalkResult<JsapiTicket>>;
}

export interface JsapiTicket {
  ticket: string;
  /** DingTalk's expires_in, 7,200 s */
  expiresInSeconds: number;
}

const RETRY_LATER = new Set([-1, 130101, 410100]);
const MISCONFIGURED = new Set([
  310000, 400101, 300001, 300005, 400102, 400106, 400013, 40001, 40014, 40056, 40089,
]);

/** Maps a DingTalk errcode to what the caller should do about it. */
export function failureKind(errcode: number): DingTalkFailureKind {
  if (RETRY_LATER.has(errcode)) return 'retry_later';
  if (MISCONFIGURED.has(errcode)) return 'misconfigured';
  if (errcode >= 430101 && errcode <= 430104) return 'content_rejected';
  if (errcode === 460101) return 'body_too_big';
  if (errcode === 40078) return 'auth_code_invalid';
  return 'unknown';
}

/** Maps an api.dingtalk.com (v1.0) error, which is an HTTP status plus a string code. */
export function apiFailureKind(status: number, code: string): DingTalkFailureKind {
  if (status === 429 || status >= 500 || /throttl|qpslimit|systemError|serviceUnavailable/i.test(code))
    return 'retry_later';
  // An app token revoked early: the client drops its cached token, so the next try fetches a fresh one.
  if (status === 401 || /invalidAuthentication/i.test(code)) return 'retry_later';
  if (/msgParam/i.test(code) && /long|length|exceed|overMax/i.test(code)) return 'body_too_big';
  if (/sensitive|unsafe|illegalContent/i.test(code)) return 'content_rejected';
  if (status >= 400 && status < 500) return 'misconfigured';
  return 'unknown';
}

/**
 * What the rest of the server needs from DingTalk. A 浙政钉 adapter implements the same interface
 * (DINGTALK.md §6), so nothing outside this folder knows which platform it talks to.
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
  { ok: true; value: T } | { ok: false; kind: DingTalkFailureKind; errcode: number | null; errmsg: string };

export interface DingTalkUser {
  userId: string;
  name: string;
}

export interface DingTalkClient {
  readonly configured: boolean;
  userByAuthCode(code: string): Promise<DingTalkResult<DingTalkUser>>;
}

const RETRY_LATER = new Set([-1, 130101, 410100]);
const MISCONFIGURED = new Set([310000, 400101, 300001, 300005, 400102, 400106, 400013, 40001, 40014, 40089]);

/** Maps a DingTalk errcode to what the caller should do about it. */
export function failureKind(errcode: number): DingTalkFailureKind {
  if (RETRY_LATER.has(errcode)) return 'retry_later';
  if (MISCONFIGURED.has(errcode)) return 'misconfigured';
  if (errcode >= 430101 && errcode <= 430104) return 'content_rejected';
  if (errcode === 460101) return 'body_too_big';
  if (errcode === 40078) return 'auth_code_invalid';
  return 'unknown';
}

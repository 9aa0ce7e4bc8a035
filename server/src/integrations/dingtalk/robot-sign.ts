import { createHmac } from 'node:crypto';

/**
 * The custom robot's 加签 (docs/dingtalk.md §1): Base64 of HMAC-SHA256(secret, `${timestamp}\n${secret}`).
 * Returned raw, not URL-encoded: URLSearchParams encodes it once when it goes into the query.
 */
export function signRobotRequest(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** DingTalk refuses a signed request whose timestamp is more than an hour from its own clock. */
export const ROBOT_SIGN_WINDOW_MS = 60 * 60_000;

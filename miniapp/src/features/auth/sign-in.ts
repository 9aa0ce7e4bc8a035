import {
  clientConfigSchema,
  devUsersResponseSchema,
  sessionSchema,
  type ClientConfig,
  type DevUser,
  type Session,
} from '@coordnet/shared/api/auth';
import { apiRequest } from '../../lib/api';
import { isInDingTalk, requestAuthCode } from '../../lib/dingtalk';

export type SignInOutcome =
  { kind: 'signed-in'; session: Session } | { kind: 'dev-sign-in' } | { kind: 'open-in-dingtalk' };

export function fetchClientConfig(): Promise<ClientConfig> {
  return apiRequest('/client-config', clientConfigSchema, { auth: false });
}

export async function signInWithDingTalk(corpId: string): Promise<Session> {
  const authCode = await requestAuthCode(corpId);
  return apiRequest('/auth/dingtalk', sessionSchema, { method: 'POST', body: { authCode }, auth: false });
}

export const DEV_USERS_KEY = ['auth', 'dev-users'] as const;

export async function fetchDevUsers(): Promise<DevUser[]> {
  return (await apiRequest('/auth/dev-users', devUsersResponseSchema, { auth: false })).items;
}

export function signInAsDevUser(userId: string): Promise<Session> {
  return apiRequest('/auth/dev-login', sessionSchema, { method: 'POST', body: { userId }, auth: false });
}

/**
 * Inside DingTalk signs in silently with a fresh auth code; outside, says which page the user needs.
 * A demo server (no corp configured, demo sign-in on) opened inside DingTalk offers the demo sign-in
 * too: 免登 cannot succeed there, so retrying it would only fail again.
 */
export async function signInAutomatically(): Promise<SignInOutcome> {
  const config = await fetchClientConfig();
  if (isInDingTalk() && config.corpId)
    return { kind: 'signed-in', session: await signInWithDingTalk(config.corpId) };
  if (config.devLogin) return { kind: 'dev-sign-in' };
  if (isInDingTalk()) throw new Error('服务器未配置钉钉企业编号，暂不能在钉钉中登录，请联系管理员');
  return { kind: 'open-in-dingtalk' };
}

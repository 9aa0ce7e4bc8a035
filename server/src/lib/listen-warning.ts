import type { Config } from '../config';

/** Whether the server only answers on this machine (127.0.0.0/8, ::1, localhost). */
export function listensOnLoopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The start banner's warning when the demo sign-in is on and the server can be reached from other
 * machines: anyone reaching the port can sign in as any demo person, the province manager included.
 */
export function demoSignInWarning(config: Pick<Config, 'devLogin' | 'host' | 'port'>): string[] {
  if (!config.devLogin || listensOnLoopbackOnly(config.host)) return [];
  const bar = '!'.repeat(100);
  return [
    bar,
    `!!  WARNING: the demo sign-in (演示登录, AUTH_DEV_LOGIN) is ON and the server listens on ${config.host}:${config.port}.`,
    '!!  Anyone who can reach this port can sign in as any demo person, the province manager included.',
    '!!  For a demo on this machine only set HOST=127.0.0.1; for real use configure DingTalk (DINGTALK_APP_KEY/',
    '!!  DINGTALK_APP_SECRET), which turns the demo sign-in off, or set AUTH_DEV_LOGIN=0.',
    bar,
  ];
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../src/app/app';
import { resetSessionCache, saveSession } from '../src/lib/session-store';
import { makeSession, scopeTree } from './fixtures';
import { json, mockFetch, type SeenRequest } from './http';
import { testQueryClient } from './render';

const jsapi = vi.hoisted(() => ({
  requestAuthCode: vi.fn(async (_params: { corpId: string }) => ({ code: '' })),
  setTitle: vi.fn(async (_params: { title: string }) => ({})),
}));

vi.mock('dingtalk-jsapi/entry/union', () => ({
  default: {
    env: { platform: 'android' },
    ready: (callback: () => void) => callback(),
    error: () => undefined,
  },
}));
vi.mock('dingtalk-jsapi/api/runtime/permission/requestAuthCode', () => ({ default: jsapi.requestAuthCode }));
vi.mock('dingtalk-jsapi/api/biz/navigation/setTitle', () => ({ default: jsapi.setTitle }));
vi.mock('dingtalk-jsapi/api/device/geolocation/get', () => ({ default: vi.fn() }));

function dingTalkServer(overrides: Record<string, (request: SeenRequest) => Response> = {}) {
  return mockFetch((request) => {
    const key = `${request.method} ${request.url.pathname}`;
    const override = overrides[key];
    if (override) return override(request);
    switch (key) {
      case 'GET /api/v1/client-config':
        return json({ corpId: 'ding-corp-1', devLogin: false, appName: '劳动关系协调员网络' });
      case 'POST /api/v1/auth/dingtalk':
        return json(makeSession(`token-for-${(request.body as { authCode: string }).authCode}`));
      case 'GET /api/v1/jurisdictions':
        return json({ items: scopeTree });
      default:
        return json({ code: 'route_not_found', message: '接口不存在' }, 404);
    }
  });
}

beforeEach(() => {
  localStorage.clear();
  resetSessionCache();
  window.history.replaceState(null, '', '/');
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(
    'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36 AliApp(DingTalk/7.6.0) DingTalk(7.6.0)',
  );
  let codes = 0;
  jsapi.requestAuthCode.mockReset().mockImplementation(async () => ({ code: `auth-code-${++codes}` }));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('sign-in inside DingTalk', () => {
  it('signs in silently with a 免登 auth code', async () => {
    const { requests } = dingTalkServer();
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('您好，王建华')).toBeTruthy();
    expect(jsapi.requestAuthCode).toHaveBeenCalledWith({ corpId: 'ding-corp-1' });
    const signIn = requests.find((r) => r.url.pathname === '/api/v1/auth/dingtalk');
    expect(signIn?.body).toEqual({ authCode: 'auth-code-1' });
    expect(screen.queryByText('演示登录')).toBeNull();
    expect(jsapi.setTitle).toHaveBeenCalled();
  });

  it('renews an expired token with a fresh auth code and retries', async () => {
    saveSession(makeSession('expired-token'));
    resetSessionCache();
    const { requests } = dingTalkServer({
      'GET /api/v1/me': ({ headers }) =>
        headers.get('authorization') === 'Bearer expired-token'
          ? json({ code: 'token_expired', message: '登录已过期，请重新登录' }, 401)
          : json(makeSession().user),
      'GET /api/v1/jurisdictions': ({ headers }) =>
        headers.get('authorization') === 'Bearer expired-token'
          ? json({ code: 'token_expired', message: '登录已过期，请重新登录' }, 401)
          : json({ items: scopeTree }),
    });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('西湖科技经济园区')).toBeTruthy();
    expect(jsapi.requestAuthCode).toHaveBeenCalledTimes(1);
    const me = requests
      .filter((r) => r.url.pathname === '/api/v1/me')
      .map((r) => r.headers.get('authorization'));
    expect(me).toEqual(['Bearer expired-token', 'Bearer token-for-auth-code-1']);
    expect(screen.queryByText('登录失败')).toBeNull();
  });

  it('explains when the DingTalk user is not registered', async () => {
    dingTalkServer({
      'POST /api/v1/auth/dingtalk': () =>
        json(
          {
            code: 'user_not_registered',
            message: '您尚未登记为协调员或监管人员，请联系所在县(市、区)人力社保局',
          },
          403,
        ),
    });
    render(<App queryClient={testQueryClient()} />);

    expect(
      await screen.findByText('您尚未登记为协调员或监管人员，请联系所在县(市、区)人力社保局'),
    ).toBeTruthy();
    expect(screen.getByText('重新登录')).toBeTruthy();
  });
});

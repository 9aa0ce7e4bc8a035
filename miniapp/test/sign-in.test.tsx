import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../src/app/app';
import { resetSessionCache, saveSession } from '../src/lib/session-store';
import { devUsers, makeMe, makeSession, scopeTree } from './fixtures';
import { json, mockFetch, type SeenRequest } from './http';
import { testQueryClient } from './render';

const clientConfig = (devLogin: boolean) => ({ corpId: null, devLogin, appName: '劳动关系协调员网络' });

/** A server with demo sign-in; `overrides` answer some routes differently. */
function demoServer(overrides: Record<string, (request: SeenRequest) => Response> = {}) {
  return mockFetch((request) => {
    const key = `${request.method} ${request.url.pathname}`;
    const override = overrides[key];
    if (override) return override(request);
    switch (key) {
      case 'GET /api/v1/client-config':
        return json(clientConfig(true));
      case 'GET /api/v1/auth/dev-users':
        return json({ items: devUsers });
      case 'POST /api/v1/auth/dev-login':
        return json(makeSession('dev-token', makeMe({ id: (request.body as { userId: string }).userId })));
      case 'GET /api/v1/me':
        return json(makeMe());
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
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('sign-in outside DingTalk', () => {
  it('lists the demo users and signs in as the one tapped', async () => {
    const { requests } = demoServer();
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('演示登录')).toBeTruthy();
    expect(await screen.findByText('王建华')).toBeTruthy();
    expect(screen.getByText('李芳')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '乡镇(街道)劳动关系协调员' })).toBeTruthy();
    expect(screen.getByText('三墩镇')).toBeTruthy();

    await userEvent.click(screen.getByText('王建华'));

    expect(await screen.findByText('您好，王建华')).toBeTruthy();
    const login = requests.find((r) => r.url.pathname === '/api/v1/auth/dev-login');
    expect(login?.method).toBe('POST');
    expect(login?.body).toEqual({ userId: devUsers[0]?.id });
    expect(JSON.parse(localStorage.getItem('coordnet.session') ?? '{}')).toMatchObject({
      token: 'dev-token',
    });

    // The home page then reads the scope with the new token.
    expect(await screen.findByText('三墩镇')).toBeTruthy();
    const tree = requests.find((r) => r.url.pathname === '/api/v1/jurisdictions');
    expect(tree?.headers.get('authorization')).toBe('Bearer dev-token');
  });

  it('shows the server message when the demo sign-in fails', async () => {
    demoServer({
      'POST /api/v1/auth/dev-login': () =>
        json({ code: 'user_inactive', message: '您的账号已停用，请联系所在县(市、区)人力社保局' }, 403),
    });
    render(<App queryClient={testQueryClient()} />);

    await userEvent.click(await screen.findByText('李芳'));

    expect(await screen.findByText('您的账号已停用，请联系所在县(市、区)人力社保局')).toBeTruthy();
    expect(localStorage.getItem('coordnet.session')).toBeNull();
  });

  it('groups the demo people by role and finds them by name, role or place', async () => {
    demoServer();
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByRole('heading', { name: '县(市、区)人社监管（管理）' })).toBeTruthy();
    await userEvent.type(screen.getByPlaceholderText('搜索姓名、角色或地区'), '三墩');
    expect(screen.getByText('李芳')).toBeTruthy();
    expect(screen.queryByText('王建华')).toBeNull();
    await userEvent.clear(screen.getByPlaceholderText('搜索姓名、角色或地区'));
    await userEvent.type(screen.getByPlaceholderText('搜索姓名、角色或地区'), '张三');
    expect(screen.getByText('没有找到“张三”')).toBeTruthy();
  });

  it('inside DingTalk on a demo server without a corp, offers the demo sign-in instead of failing', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 AliApp(DingTalk/7.6.0) DingTalk/7.6.0',
    );
    demoServer();
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('演示登录')).toBeTruthy();
    expect(screen.getByText(/尚未接入本单位钉钉/)).toBeTruthy();
    expect(screen.queryByText('登录失败')).toBeNull();
    await userEvent.click(await screen.findByText('王建华'));
    expect(await screen.findByText('您好，王建华')).toBeTruthy();
    vi.restoreAllMocks();
  });

  it('asks to open the app in DingTalk when demo sign-in is off', async () => {
    demoServer({ 'GET /api/v1/client-config': () => json(clientConfig(false)) });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('请在钉钉中打开本应用')).toBeTruthy();
  });

  it('restores a stored session without signing in again', async () => {
    saveSession(makeSession('stored-token'));
    resetSessionCache();
    const { requests } = demoServer();
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('您好，王建华')).toBeTruthy();
    expect(requests.some((r) => r.url.pathname.startsWith('/api/v1/auth/'))).toBe(false);
  });

  it('returns to the demo sign-in page when the token has expired', async () => {
    saveSession(makeSession('expired-token'));
    resetSessionCache();
    const expired = () => json({ code: 'token_expired', message: '登录已过期，请重新登录' }, 401);
    demoServer({ 'GET /api/v1/me': expired, 'GET /api/v1/jurisdictions': expired });
    render(<App queryClient={testQueryClient()} />);

    expect(await screen.findByText('演示登录')).toBeTruthy();
    await waitFor(() => expect(localStorage.getItem('coordnet.session')).toBeNull());
  });
});

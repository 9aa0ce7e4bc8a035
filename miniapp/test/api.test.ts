import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, apiGet, apiRequest, setReauthHandler } from '../src/lib/api';
import { currentToken, resetSessionCache, saveSession } from '../src/lib/session-store';
import { makeSession } from './fixtures';
import { json, mockFetch } from './http';

const okSchema = z.object({ ok: z.boolean() });

beforeEach(() => {
  localStorage.clear();
  resetSessionCache();
});

afterEach(() => {
  setReauthHandler(null);
  vi.unstubAllGlobals();
});

describe('api wrapper', () => {
  it('sends the stored token and only the query values that are set', async () => {
    saveSession(makeSession('abc'));
    const { requests } = mockFetch(() => json({ ok: true }));

    await expect(
      apiGet('/enterprises', okSchema, { q: '西湖', size: undefined, cursor: '', limit: 20 }),
    ).resolves.toEqual({ ok: true });

    expect(requests).toHaveLength(1);
    expect(requests[0]?.url.pathname).toBe('/api/v1/enterprises');
    expect([...(requests[0]?.url.searchParams ?? [])]).toEqual([
      ['q', '西湖'],
      ['limit', '20'],
    ]);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer abc');
  });

  it('turns the error body into an ApiError carrying the server message', async () => {
    mockFetch(() =>
      json(
        {
          code: 'validation_failed',
          message: '提交的内容不符合要求：query.q 过长',
          details: { issues: [{ path: 'query.q' }] },
        },
        400,
      ),
    );

    const error = await apiGet('/enterprises', okSchema).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: '提交的内容不符合要求：query.q 过长',
      details: { issues: [{ path: 'query.q' }] },
    });
  });

  it('falls back to a Chinese message when a gateway answers without the error body', async () => {
    mockFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));

    await expect(apiGet('/me', okSchema)).rejects.toMatchObject({
      status: 502,
      code: 'http_error',
      message: '服务暂时不可用，请稍后再试',
    });
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));

    await expect(apiGet('/me', okSchema)).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
      message: '网络连接失败，请检查网络后重试',
    });
  });

  it('rejects a response that does not match the shared schema', async () => {
    mockFetch(() => json({ ok: 'yes' }));

    await expect(apiGet('/me', okSchema)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('on 401 re-authenticates once and retries with the new token', async () => {
    saveSession(makeSession('expired'));
    const reauth = vi.fn(async () => {
      saveSession(makeSession('fresh'));
      return 'fresh';
    });
    setReauthHandler(reauth);
    const { requests } = mockFetch(({ headers }) =>
      headers.get('authorization') === 'Bearer fresh'
        ? json({ ok: true })
        : json({ code: 'token_expired', message: '登录已过期，请重新登录' }, 401),
    );

    await expect(apiGet('/me', okSchema)).resolves.toEqual({ ok: true });

    expect(reauth).toHaveBeenCalledTimes(1);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer expired', 'Bearer fresh']);
    expect(currentToken()).toBe('fresh');
  });

  it('shares one re-authentication between concurrent 401s', async () => {
    saveSession(makeSession('expired'));
    let release: (token: string) => void = () => undefined;
    const reauth = vi.fn(
      () =>
        new Promise<string>((resolve) => {
          release = (token) => {
            saveSession(makeSession(token));
            resolve(token);
          };
        }),
    );
    setReauthHandler(reauth);
    mockFetch(({ headers }) =>
      headers.get('authorization') === 'Bearer fresh'
        ? json({ ok: true })
        : json({ code: 'token_expired', message: '登录已过期' }, 401),
    );

    const both = Promise.all([apiGet('/me', okSchema), apiGet('/jurisdictions', okSchema)]);
    await vi.waitFor(() => expect(reauth).toHaveBeenCalled());
    release('fresh');

    await expect(both).resolves.toEqual([{ ok: true }, { ok: true }]);
    expect(reauth).toHaveBeenCalledTimes(1);
  });

  it('gives up with the 401 when re-authentication needs the user', async () => {
    saveSession(makeSession('expired'));
    const reauth = vi.fn(async () => null);
    setReauthHandler(reauth);
    const { requests } = mockFetch(() =>
      json({ code: 'token_expired', message: '登录已过期，请重新登录' }, 401),
    );

    await expect(apiGet('/me', okSchema)).rejects.toMatchObject({
      status: 401,
      code: 'token_expired',
      message: '登录已过期，请重新登录',
    });
    expect(reauth).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(1);
  });

  it('never re-authenticates or sends a token for sign-in requests', async () => {
    saveSession(makeSession('abc'));
    const reauth = vi.fn(async () => 'other');
    setReauthHandler(reauth);
    const { requests } = mockFetch(() =>
      json({ code: 'auth_code_invalid', message: '钉钉免登授权码无效或已过期，请重新打开应用' }, 401),
    );

    await expect(
      apiRequest('/auth/dingtalk', okSchema, { method: 'POST', body: { authCode: 'x' }, auth: false }),
    ).rejects.toMatchObject({ status: 401, code: 'auth_code_invalid' });
    expect(reauth).not.toHaveBeenCalled();
    expect(requests[0]?.headers.get('authorization')).toBeNull();
    expect(requests[0]?.body).toEqual({ authCode: 'x' });
  });
});

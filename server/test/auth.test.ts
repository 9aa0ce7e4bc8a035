import { createSigner } from 'fast-jwt';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/people';
import { startFakeDingTalk, type FakeDingTalk } from '../src/integrations/dingtalk/fake-server';
import { createDingTalkClient } from '../src/integrations/dingtalk/client';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/test-app';

let t: TestApp;
let dingtalk: FakeDingTalk;

beforeAll(async () => {
  t = await createTestApp();
  dingtalk = await startFakeDingTalk({ clock: t.clock });
  await t.app.close();
  // Rebuild the app against the fake DingTalk (same database and clock).
  const { buildApp } = await import('../src/app');
  const { testConfig } = await import('./helpers/test-app');
  const config = testConfig({
    DINGTALK_APP_KEY: dingtalk.appKey,
    DINGTALK_APP_SECRET: dingtalk.appSecret,
    DINGTALK_OAPI_URL: dingtalk.url,
    DINGTALK_CORP_ID: 'dingcorp',
  });
  t.app = await buildApp({
    config,
    database: t.database,
    clock: t.clock,
    logger: false,
    principalTtlMs: 0,
    dingtalk: createDingTalkClient({ ...config.dingtalk, clock: t.clock }),
  });
  await t.app.ready();
});
afterAll(async () => {
  await t.close();
  await dingtalk.close();
});

async function dingtalkUserIdOf(name: string) {
  const [row] = await t.database.db
    .select({ dt: users.dingtalkUserId })
    .from(users)
    .where(eq(users.name, name));
  return row!.dt;
}

describe('DingTalk sign-in (免登)', () => {
  it('exchanges an auth code for a session of the registered coordinator', async () => {
    const code = dingtalk.issueAuthCode(await dingtalkUserIdOf('刘芳'), '刘芳');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/dingtalk',
      payload: { authCode: code },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.name).toBe('刘芳');
    expect(body.user.coordinatorRoles[0].kind).toBe('township');
    expect(body.user.jurisdictions).toEqual([{ code: '330106109000', name: '三墩镇', level: 'township' }]);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json().name).toBe('刘芳');
  });

  it('fetches the app token once and reuses it for later sign-ins', async () => {
    const before = dingtalk.tokenFetches();
    for (const name of ['王海峰', '周强', '吴静']) {
      const code = dingtalk.issueAuthCode(await dingtalkUserIdOf(name));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/dingtalk',
        payload: { authCode: code },
      });
      expect(res.statusCode).toBe(200);
    }
    expect(dingtalk.tokenFetches() - before).toBeLessThanOrEqual(1);
  });

  it('answers 401 auth_code_invalid for a used, unknown or expired code (DingTalk 40078)', async () => {
    const code = dingtalk.issueAuthCode(await dingtalkUserIdOf('刘芳'));
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/dingtalk', payload: { authCode: code } }))
        .statusCode,
    ).toBe(200);
    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/dingtalk',
      payload: { authCode: code },
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({ code: 'auth_code_invalid' });
    expect(reused.json().message).toMatch(/授权码/);

    const late = dingtalk.issueAuthCode(await dingtalkUserIdOf('刘芳'));
    t.clock.advance(6 * 60_000);
    const expired = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/dingtalk',
      payload: { authCode: late },
    });
    expect(expired.json().code).toBe('auth_code_invalid');
  });

  it('refuses a DingTalk user who is not registered, with a Chinese explanation (403)', async () => {
    const code = dingtalk.issueAuthCode('stranger-001', '路人甲');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/dingtalk',
      payload: { authCode: code },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'user_not_registered' });
    expect(res.json().message).toMatch(/人力社保局/);
  });

  it('refuses an inactive user (403) and their existing tokens stop working (401)', async () => {
    const token = await t.tokenFor('吴静');
    await t.database.db.update(users).set({ active: false }).where(eq(users.name, '吴静'));
    const code = dingtalk.issueAuthCode(await dingtalkUserIdOf('吴静'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/dingtalk',
      payload: { authCode: code },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('user_inactive');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(401);
    await t.database.db.update(users).set({ active: true }).where(eq(users.name, '吴静'));
  });

  it('rejects a missing, empty or oversized auth code as bad input (400)', async () => {
    for (const payload of [
      {},
      { authCode: '' },
      { authCode: 'x'.repeat(300) },
      { authCode: 'ok', extra: 1 },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/dingtalk',
        payload,
        remoteAddress: '10.1.1.1',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('publishes the corpId the mini-app needs for requestAuthCode', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/client-config' });
    // A DingTalk app is configured, so the demo sign-in is off (issue 16 item 3).
    expect(res.json()).toMatchObject({ corpId: 'dingcorp', devLogin: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/dev-users' })).statusCode).toBe(404);
  });
});

describe('tokens', () => {
  const sign = (options: Record<string, unknown>, payload: Record<string, unknown>): string =>
    (createSigner as (o: Record<string, unknown>) => (p: Record<string, unknown>) => string)(options)(
      payload,
    );

  it.each([
    ['no token', undefined],
    ['garbage', 'Bearer not-a-jwt'],
    [
      'wrong secret',
      `Bearer ${sign({ key: 'another-secret-another-secret-0123456789ab', iss: 'coordnet', aud: 'coordnet-miniapp', expiresIn: 60_000 }, { sub: 'x' })}`,
    ],
    [
      'alg none',
      `Bearer ${sign({ algorithm: 'none', iss: 'coordnet', aud: 'coordnet-miniapp' }, { sub: 'x' })}`,
    ],
    [
      'wrong audience',
      `Bearer ${sign({ key: TEST_JWT_SECRET, iss: 'coordnet', aud: 'elsewhere', expiresIn: 60_000 }, { sub: 'x' })}`,
    ],
    [
      'expired',
      `Bearer ${sign({ key: TEST_JWT_SECRET, iss: 'coordnet', aud: 'coordnet-miniapp', expiresIn: 1, clockTimestamp: Date.now() - 60_000 }, { sub: 'x' })}`,
    ],
    [
      // Found by the R5 drill: fast-jwt's "inactive" error used to surface as a 500.
      'not valid yet (nbf in the future)',
      `Bearer ${sign({ key: TEST_JWT_SECRET, iss: 'coordnet', aud: 'coordnet-miniapp', expiresIn: 3_600_000, notBefore: 3_000_000 }, { sub: 'x' })}`,
    ],
  ])('answers 401 with a JSON error for %s', async (_label, authorization) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: authorization ? { authorization } : {},
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/登录/);
  });

  it.each([["' or 1=1 --"], ['x'], [42]])(
    'answers a well-signed token whose subject is no user id (%s) with 401, not 500 (R5 drill)',
    async (sub) => {
      const token = sign(
        { key: TEST_JWT_SECRET, iss: 'coordnet', aud: 'coordnet-miniapp', expiresIn: 60_000 },
        { sub },
      );
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('unauthorized');
    },
  );

  it('accepts a well-signed token for a user id that does not exist as 401, not 500', async () => {
    const token = sign(
      { key: TEST_JWT_SECRET, iss: 'coordnet', aud: 'coordnet-miniapp', expiresIn: 60_000 },
      { sub: '00000000-0000-4000-8000-000000000000' },
    );
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('development sign-in', () => {
  // No DingTalk app: the demo sign-in is on by default outside production.
  let dev: TestApp;
  beforeAll(async () => {
    dev = await createTestApp();
  });
  afterAll(() => dev.close());

  it('lists demo users with their post and jurisdiction, supervisors first', async () => {
    const res = await dev.app.inject({ method: 'GET', url: '/api/v1/auth/dev-users' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { name: string; roleLabel: string; jurisdictionName: string }[];
    expect(items[0]).toMatchObject({ name: '陈建国', jurisdictionName: '浙江省' });
    expect(items.find((u) => u.name === '刘芳')).toMatchObject({
      roleLabel: '乡镇(街道)劳动关系协调员',
      jurisdictionName: '三墩镇',
    });
  });

  it('signs in as a demo user and returns their scope', async () => {
    const res = await dev.app.inject({
      method: 'POST',
      url: '/api/v1/auth/dev-login',
      payload: { userId: await dev.userId('王海峰') },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.jurisdictions).toEqual([
      { code: '330106000000', name: '西湖区', level: 'county' },
    ]);
    expect(res.json().user.supervisorRoles[0].access).toBe('manager');
  });

  it('does not exist when dev login is disabled (404), as in production', async () => {
    const other = await createTestApp({ env: { AUTH_DEV_LOGIN: '0' } });
    try {
      expect((await other.app.inject({ method: 'GET', url: '/api/v1/auth/dev-users' })).statusCode).toBe(404);
      const res = await other.app.inject({
        method: 'POST',
        url: '/api/v1/auth/dev-login',
        payload: { userId: await other.userId('王海峰') },
      });
      expect(res.statusCode).toBe(404);
      expect((await other.app.inject({ method: 'GET', url: '/api/v1/client-config' })).json().devLogin).toBe(
        false,
      );
    } finally {
      await other.close();
    }
  });

  it('rate-limits the sign-in routes (429 after 60 a minute from one address)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await dev.app.inject({
        method: 'POST',
        url: '/api/v1/auth/dev-login',
        payload: { userId: '00000000-0000-4000-8000-000000000001' },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('counts a client that forges X-Forwarded-For by its own address (TRUST_PROXY off by default)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await dev.app.inject({
        method: 'POST',
        url: '/api/v1/auth/dev-login',
        payload: { userId: '00000000-0000-4000-8000-000000000001' },
        remoteAddress: '10.9.9.10',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});

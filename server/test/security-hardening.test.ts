import { createSigner } from 'fast-jwt';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_API_ROUTES } from '../src/app';
import { auditLog } from '../src/db/schema/audit';
import { encodeCursor } from '../src/lib/cursor';
import { serializeError } from '../src/lib/log-serializers';
import { createMemoryStorage } from '../src/lib/storage';
import { parseText } from '../src/modules/imports/cells';
import { contactBody, enterpriseAt, IMAGES, multipart, uploadPhoto } from './helpers/duty-fixtures';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/test-app';

/** Issue 16: what an attacker found on a fresh clone, each with the test that failed before its fix. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const UUID = '00000000-0000-4000-8000-000000000001';

describe('item 2: a NUL character or a lone surrogate anywhere → 400 text_invalid, never a 500', () => {
  const expectTextInvalid = (res: { statusCode: number; json(): unknown }) => {
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; message: string };
    expect(body.code).toBe('text_invalid');
    expect(body.message).toMatch(/无法识别的字符/);
  };

  it.each([
    ['a NUL', 'name\u0000'],
    ['a lone high surrogate', 'name\ud800'],
    ['a lone low surrogate', '\udc00name'],
  ])('PATCH /enterprises/:id with %s in the name', async (_what, name) => {
    const target = await enterpriseAt(t, '330106002000');
    expectTextInvalid(
      await t.request({
        method: 'PATCH',
        url: `/api/v1/enterprises/${target.id}`,
        as: '王海峰',
        payload: { name },
      }),
    );
  });

  it('POST /contacts with a NUL or a lone surrogate in the notes', async () => {
    const sandun = await enterpriseAt(t, '330106109000', 1);
    for (const notes of ['电话\u0000联系', '电话\ud83d联系']) {
      expectTextInvalid(
        await t.request({
          method: 'POST',
          url: '/api/v1/contacts',
          as: '刘芳',
          payload: contactBody(sandun.id, '2026-11-10T02:00:00Z', { notes }),
        }),
      );
    }
  });

  it('GET /enterprises?q= with %00 and a path parameter with %00', async () => {
    expectTextInvalid(await t.request({ method: 'GET', url: '/api/v1/enterprises?q=%00', as: '王海峰' }));
    expectTextInvalid(await t.request({ method: 'GET', url: '/api/v1/enterprises/%00', as: '王海峰' }));
  });

  it('POST /work-groups with a NUL in the name, and a key of the body', async () => {
    expectTextInvalid(
      await t.request({
        method: 'POST',
        url: '/api/v1/work-groups',
        as: '王海峰',
        payload: {
          jurisdictionCode: '330106109000',
          name: '三墩镇\u0000工作群',
          accessToken: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        },
      }),
    );
    expectTextInvalid(
      await t.request({
        method: 'POST',
        url: '/api/v1/work-groups',
        as: '王海峰',
        payload: { 'a\u0000': 1 },
      }),
    );
  });

  it('keeps a well-formed emoji (a surrogate pair) and Chinese text', async () => {
    const sandun = await enterpriseAt(t, '330106109000', 1);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/contacts',
      as: '刘芳',
      payload: contactBody(sandun.id, '2026-11-10T02:00:00Z', { notes: '电话联系 🙂 顺利' }),
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('an import cell with a NUL or a lone surrogate is a row error, not a failed COPY', () => {
    expect(parseText('杭州\u0000公司', 100, '企业名称')).toMatchObject({ ok: false });
    expect(parseText('杭州\ud800公司', 100, '企业名称')).toMatchObject({ ok: false });
    expect(parseText('杭州🙂公司', 100, '企业名称')).toEqual({ ok: true, value: '杭州🙂公司' });
  });
});

describe("item 2: the logger's error serializer never writes a query's parameters", () => {
  it('a failed query with a mobile among its parameters is logged without it', async () => {
    let failure: unknown;
    try {
      await t.database.db.execute(
        sql`select ${'13812345678'}::uuid as id, ${'another-secret-parameter'}::text as other`,
      );
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeDefined();
    const raw = JSON.stringify({ message: (failure as Error).message, stack: (failure as Error).stack });
    expect(raw).toContain('13812345678'); // what pino's default serializer would have written
    const logged = JSON.stringify(serializeError(failure));
    expect(logged).not.toContain('13812345678');
    expect(logged).not.toContain('another-secret-parameter');
    expect(logged).toContain('params: [not logged]');
    expect(logged).toContain('select $1::uuid');
  });

  it('drops pg detail (Key (mobile)=(…)) and masks a mobile quoted in a message', () => {
    const error = Object.assign(new Error('invalid input syntax for type uuid: "13812345678"'), {
      code: '22P02',
      detail: 'Key (mobile)=(13812345678) already exists.',
      constraint: 'users_mobile_key',
    });
    const logged = serializeError(error);
    expect(JSON.stringify(logged)).not.toContain('13812345678');
    expect(logged).toMatchObject({ code: '22P02', constraint: 'users_mobile_key' });
    expect(logged.message).toContain('138****5678');
  });
});

describe('item 5: a tampered pagination cursor → 400 bad_cursor on every cursor-paged list', () => {
  // Every list takes these apart; a date- or time-keyed list also a key that is no date.
  const tampered = [
    encodeCursor(['x', 'not-a-uuid']),
    encodeCursor([1, 2]),
    encodeCursor(['名\u0000', UUID]),
    encodeCursor([99_999_999_999, 'x', UUID]),
    Buffer.from('{"a":1}').toString('base64url'),
    'not base64 at all!',
  ];
  const badDates = [encodeCursor(['2026-99-99', UUID]), encodeCursor(['0000-01-01', UUID])];
  const badInstants = [
    encodeCursor(['2026-13-01T00:00:00Z', UUID]),
    encodeCursor(['0000-01-01T00:00:00Z', UUID]),
    encodeCursor(['yesterday', 1]),
  ];
  const lists: [string, string[]][] = [
    ['/api/v1/enterprises?limit=5', []],
    ['/api/v1/coordinators?limit=5', []],
    ['/api/v1/cases?limit=5', badInstants],
    ['/api/v1/training-sessions?jurisdiction=330106000000&limit=5', badDates],
    ['/api/v1/awards?jurisdiction=330106000000&limit=5', badDates],
    ['/api/v1/logs?limit=5', badInstants],
    ['/api/v1/reminders?jurisdiction=330106000000&limit=5', badInstants],
    ['/api/v1/duties?rule=C1&period=2026-11&jurisdiction=330106000000&limit=5', []],
    ['/api/v1/approvals?limit=5', badInstants],
  ];
  it.each(lists)('%s', async (url, specific) => {
    for (const cursor of [...tampered, ...specific]) {
      const res = await t.request({
        method: 'GET',
        url: `${url}&cursor=${encodeURIComponent(cursor)}`,
        as: '王海峰',
      });
      expect(res.statusCode, `${cursor}: ${res.body}`).toBe(400);
      expect(res.json().code).toBe('bad_cursor');
    }
  });
});

describe('item 1: mobile reveals, exports and uploads are limited per person, whatever the address', () => {
  it('a manager revealing mobiles from ever-changing addresses is stopped after 30 a minute', async () => {
    const posts = await t.request({
      method: 'GET',
      url: '/api/v1/coordinators?jurisdiction=330106109000&limit=1',
      as: '王海峰',
    });
    const roleId = posts.json().items[0].roleId as string;
    const token = await t.tokenFor('王海峰');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/coordinators/${roleId}/reveal-mobile`,
        headers: { authorization: `Bearer ${token}` },
        remoteAddress: `10.20.0.${i}`,
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('item 1: exports and uploads are limited per person too', () => {
  const burst = async (count: number, request: (i: number) => Promise<{ statusCode: number }>) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await request(i)).statusCode);
    return statuses;
  };

  it('61 ledger exports by one person within a minute, each from another address: the 61st is 429', async () => {
    const token = await t.tokenFor('赵敏');
    const statuses = await burst(61, (i) =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/exports/coordinators.xlsx?jurisdiction=330106109000',
        headers: { authorization: `Bearer ${token}` },
        remoteAddress: `10.40.0.${i}`,
      }),
    );
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('121 photo uploads by one person within a minute: the 121st is 429 with Retry-After', async () => {
    const token = await t.tokenFor('周强');
    let last: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } } | null =
      null;
    const statuses = await burst(121, async (i) => {
      const body = multipart(IMAGES.png);
      last = await t.app.inject({
        method: 'POST',
        url: '/api/v1/uploads',
        payload: body.payload,
        headers: { ...body.headers, authorization: `Bearer ${token}` },
        remoteAddress: `10.50.${Math.floor(i / 200)}.${i % 200}`,
      });
      return last;
    });
    expect(statuses.slice(0, 120).every((s) => s === 201 || s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(last!.json().code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('item 1: X-Forwarded-For only from the proxies TRUST_PROXY names', () => {
  const revealFrom = async (app: TestApp, remoteAddress: string, forwardedFor: string) => {
    const posts = await app.request({
      method: 'GET',
      url: '/api/v1/coordinators?jurisdiction=330106109000&limit=1',
      as: '陈建国',
    });
    const res = await app.request({
      method: 'POST',
      url: `/api/v1/coordinators/${posts.json().items[0].roleId}/reveal-mobile`,
      as: '陈建国',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
    });
    expect(res.statusCode).toBe(200);
    const [audit] = await app.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(eq(auditLog.action, 'coordinator.mobile_revealed'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    return audit?.ip;
  };

  it('by default the audit row keeps the connecting address, not the one a client wrote', async () => {
    expect(await revealFrom(t, '10.30.0.7', '203.0.113.9')).toBe('10.30.0.7');
  });

  it('with TRUST_PROXY=10.30.0.1 the proxy’s X-Forwarded-For is the client, anyone else’s is ignored', async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: '10.30.0.1' } });
    try {
      expect(await revealFrom(proxied, '10.30.0.1', '198.51.100.23')).toBe('198.51.100.23');
      expect(await revealFrom(proxied, '10.30.0.8', '203.0.113.9')).toBe('10.30.0.8');
    } finally {
      await proxied.close();
    }
  });
});

describe('item 10: audit rows keep mobiles masked', () => {
  it('an enterprise contact mobile changed is audited as 138****5678, before and after', async () => {
    const target = await enterpriseAt(t, '330106002000', 2);
    for (const contactMobile of ['13812345678', '13987654321']) {
      const res = await t.request({
        method: 'PATCH',
        url: `/api/v1/enterprises/${target.id}`,
        as: '王海峰',
        payload: { contactMobile },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, target.id), eq(auditLog.action, 'enterprise.update')))
      .orderBy(desc(auditLog.id))
      .limit(1);
    const text = JSON.stringify([audit?.before, audit?.after]);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('13987654321');
    expect(audit?.before).toMatchObject({ contactMobile: '138****5678' });
    expect(audit?.after).toMatchObject({ contactMobile: '139****4321' });
  });
});

describe('item 11: tokens, profiles and photos', () => {
  const sign = (payload: Record<string, unknown>, options: Record<string, unknown>) =>
    (createSigner as (o: Record<string, unknown>) => (p: Record<string, unknown>) => string)({
      key: TEST_JWT_SECRET,
      expiresIn: 60_000,
      ...options,
    })(payload);

  it.each([
    ['no iss', { aud: 'coordnet-miniapp' }],
    ['no aud', { iss: 'coordnet' }],
    ['neither', {}],
  ])('a well-signed token with %s → 401', async (_what, options) => {
    const token = sign({ sub: await t.userId('陈建国') }, options);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it("someone else's profile shows only the training and awards of jurisdictions within my scope", async () => {
    const liuFang = await t.userId('刘芳');
    const session = await t.request({
      method: 'POST',
      url: '/api/v1/training-sessions',
      as: '林晓燕',
      payload: {
        jurisdictionCode: '330100000000',
        heldOn: '2026-09-12',
        topic: '杭州市协调员集中培训',
        hours: 4,
        trainer: '杭州市人力社保局',
        attendeeUserIds: [liuFang],
      },
    });
    expect(session.statusCode, session.body).toBe(201);
    const profile = async (as: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/coordinators/${liuFang}/profile`, as })).json() as {
        training: { sessions: { topic: string }[] };
        posts: unknown[];
      };
    const topics = async (as: string) => (await profile(as)).training.sessions.map((s) => s.topic);
    expect(await topics('刘芳')).toContain('杭州市协调员集中培训');
    expect(await topics('林晓燕')).toContain('杭州市协调员集中培训');
    expect(await topics('王海峰')).not.toContain('杭州市协调员集中培训');
    expect((await profile('王海峰')).posts).toHaveLength(1);
  });

  it('photos are sent private, no-store', async () => {
    const id = await uploadPhoto(t, '刘芳');
    const res = await t.request({ method: 'GET', url: `/api/v1/uploads/${id}`, as: '刘芳' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
  });
});

describe('item 12: authentication by default', () => {
  it('every operation of the OpenAPI document but the public ones answers 401 without a token', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const refused: string[] = [];
    const answered: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(methods)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        if (PUBLIC_API_ROUTES.has(route)) continue;
        operations++;
        const url = path
          .replace(/\{(id|userId|roleId)\}/g, UUID)
          .replace(/\{jurisdictionCode\}/g, '330106000000')
          .replace(/\{(\w+)\}/g, 'x');
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url });
        if (res.statusCode === 401 && res.json().code === 'unauthorized') refused.push(route);
        else answered.push(`${route} → ${res.statusCode}`);
      }
    }
    expect(answered).toEqual([]);
    expect(operations).toBeGreaterThan(60);
    expect(refused).toHaveLength(operations);
  });

  it('a new module that registers no hook of its own still needs a token', async () => {
    const withModule = await createTestApp({
      storage: createMemoryStorage(),
      apiModules: [
        async (api) => {
          api.get('/new-feature', async (request) => ({ who: request.principal?.user.name ?? null }));
        },
      ],
    });
    try {
      const anonymous = await withModule.app.inject({ method: 'GET', url: '/api/v1/new-feature' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('unauthorized');
      const signedIn = await withModule.request({ method: 'GET', url: '/api/v1/new-feature', as: '刘芳' });
      expect(signedIn.json()).toEqual({ who: '刘芳' });
    } finally {
      await withModule.close();
    }
  });

  it('the public ones are exactly sign-in, the client configuration and the single-use ledger link', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/client-config' });
    expect(res.statusCode).toBe(200);
    expect(
      [...PUBLIC_API_ROUTES].every((r) =>
        / \/api\/v1\/(client-config|auth\/|exports\/download\/:token$)/.test(r),
      ),
    ).toBe(true);
    // The link's token is its credential: without a valid one the download is refused.
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/exports/download/not-a-token' });
    expect(forged.statusCode).toBeGreaterThanOrEqual(400);
    expect(forged.statusCode).toBeLessThan(500);
  });
});

describe('item 9: /metrics and /docs in production', () => {
  const production = {
    NODE_ENV: 'production',
    SECRETS_KEY: 'k'.repeat(40),
    DATA_DIR: '/tmp/coordnet-test-unused',
  };

  it('has no /docs and no open /metrics unless switched on', async () => {
    const p = await createTestApp({ env: production });
    try {
      expect((await p.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(404);
      expect((await p.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404);
      expect((await p.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await p.close();
    }
  });

  it('asks for METRICS_TOKEN as a bearer token, and serves /docs when DOCS_ENABLED=1', async () => {
    const token = 'metrics-token-0123456789';
    const p = await createTestApp({ env: { ...production, METRICS_TOKEN: token, DOCS_ENABLED: '1' } });
    try {
      const anonymous = await p.app.inject({ method: 'GET', url: '/metrics' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().message).toMatch(/监控令牌/);
      const wrong = await p.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer metrics-token-0123456780' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await p.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('http_request_duration_seconds');
      expect((await p.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    } finally {
      await p.close();
    }
  });
});

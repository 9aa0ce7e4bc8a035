import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { createDingTalkClient } from '../src/integrations/dingtalk/client';
import { startFakeDingTalk, type FakeDingTalk } from '../src/integrations/dingtalk/fake-server';
import { signJsapi } from '../src/integrations/dingtalk/jsapi-sign';
import { TICKET_MARGIN_MS } from '../src/modules/dingtalk-jsapi/service';
import { createTestApp, testConfig, type TestApp } from './helpers/test-app';

const APP = 'https://coordnet.example.gov.cn';
let t: TestApp;
let dingtalk: FakeDingTalk;
/** A second server instance on the same database, as behind a load balancer. */
let other: FastifyInstance;

async function instance(env: NodeJS.ProcessEnv = {}) {
  const config = testConfig({
    DINGTALK_APP_KEY: dingtalk.appKey,
    DINGTALK_APP_SECRET: dingtalk.appSecret,
    DINGTALK_OAPI_URL: dingtalk.url,
    DINGTALK_CORP_ID: dingtalk.corpId,
    DINGTALK_AGENT_ID: String(dingtalk.agentId),
    PUBLIC_URL: APP,
    ...env,
  });
  const app = await buildApp({
    config,
    database: t.database,
    clock: t.clock,
    logger: false,
    principalTtlMs: 0,
    dingtalk: createDingTalkClient({ ...config.dingtalk, clock: t.clock }),
  });
  await app.ready();
  return app;
}

beforeAll(async () => {
  t = await createTestApp();
  dingtalk = await startFakeDingTalk({ clock: t.clock });
  await t.app.close();
  t.app = await instance();
  other = await instance();
});
afterAll(async () => {
  await other.close();
  await t.close();
  await dingtalk.close();
});

async function jsapiConfig(app: FastifyInstance, url: string, extra = '') {
  return app.inject({
    method: 'GET',
    url: `/api/v1/dingtalk/jsapi-config?url=${encodeURIComponent(url)}${extra}`,
    headers: { authorization: `Bearer ${await t.tokenFor('刘芳')}` },
  });
}

describe('DingTalk JSAPI authentication (dd.config)', () => {
  it('signs the test vector of DINGTALK.md §5', () => {
    expect(
      signJsapi({
        ticket: 'gUsHOoPPzLVZKVkClnESg88m7qMV4c0Ys9VGsMigqzZU7gA8PeoNzHODmYPZ85TYuoZryXuqEUFlXLN1OPEixm',
        nonceStr: 'abcde12345',
        timeStamp: '1463125744',
        url: 'http://test4.weixin.wtoip.com:80/wtoip/dingding/dzmp',
      }),
    ).toBe('d14dfc1d0d98cad2438e664723e8a9d8633b443f');
  });

  it('gives a page a config DingTalk accepts, signed without the fragment', async () => {
    const page = `${APP}/visit/new?enterprise=1#photos`;
    const res = await jsapiConfig(t.app, page);
    expect(res.statusCode).toBe(200);
    const config = res.json();
    expect(config).toMatchObject({ agentId: String(dingtalk.agentId), corpId: dingtalk.corpId });
    expect(dingtalk.checkJsapiConfig(page, config)).toBe('ok');
    expect(dingtalk.checkJsapiConfig(`${APP}/visit/new?enterprise=2`, config)).toBe('bad_signature');
  });

  it('shares one ticket between server instances and fetches it from DingTalk once', async () => {
    const before = dingtalk.jsapiTicketFetches();
    for (const app of [t.app, other, t.app, other]) {
      const page = `${APP}/home`;
      const res = await jsapiConfig(app, page);
      expect(dingtalk.checkJsapiConfig(page, res.json())).toBe('ok');
    }
    expect(dingtalk.jsapiTicketFetches() - before).toBe(0);
  });

  it('replaces the ticket before its 7,200 s run out', async () => {
    await jsapiConfig(t.app, `${APP}/home`);
    const before = dingtalk.jsapiTicketFetches();
    t.clock.advance(7_200_000 - TICKET_MARGIN_MS - 60_000);
    await jsapiConfig(other, `${APP}/home`);
    expect(dingtalk.jsapiTicketFetches()).toBe(before);
    t.clock.advance(2 * 60_000);
    const page = `${APP}/home`;
    const res = await jsapiConfig(other, page);
    expect(dingtalk.jsapiTicketFetches()).toBe(before + 1);
    expect(dingtalk.checkJsapiConfig(page, res.json())).toBe('ok');
  });

  it('fetches a new ticket when a page reports that DingTalk refused the old one, at most once a minute', async () => {
    const page = `${APP}/enterprises`;
    t.clock.advance(5 * 60_000);
    dingtalk.revokeJsapiTicket();
    const stale = await jsapiConfig(t.app, page);
    expect(dingtalk.checkJsapiConfig(page, stale.json())).toBe('bad_signature');

    const before = dingtalk.jsapiTicketFetches();
    const renewed = await jsapiConfig(other, page, '&refresh=1');
    expect(dingtalk.checkJsapiConfig(page, renewed.json())).toBe('ok');
    const again = await jsapiConfig(t.app, page, '&refresh=1');
    expect(dingtalk.checkJsapiConfig(page, again.json())).toBe('ok');
    expect(dingtalk.jsapiTicketFetches()).toBe(before + 1);
  });

  it('refetches the app token when DingTalk revoked it before the ticket call', async () => {
    t.clock.advance(7_200_000);
    dingtalk.revokeTokens();
    const page = `${APP}/home`;
    const res = await jsapiConfig(t.app, page);
    expect(res.statusCode).toBe(200);
    expect(dingtalk.checkJsapiConfig(page, res.json())).toBe('ok');
  });

  it("refuses to sign another site's page, in Chinese", async () => {
    const res = await jsapiConfig(t.app, 'https://evil.example.com/home');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'jsapi_url_invalid', message: expect.stringMatching(/本应用/) });
    const bad = await jsapiConfig(t.app, 'not a url');
    expect(bad.statusCode).toBe(400);
  });

  it('signs nothing for someone not signed in', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dingtalk/jsapi-config?url=${encodeURIComponent(`${APP}/home`)}`,
    });
    expect(res.statusCode).toBe(401);
  });

  it('says the DingTalk app is not configured with a 503, not a 500', async () => {
    const bare = await instance({ DINGTALK_CORP_ID: '' });
    try {
      const res = await jsapiConfig(bare, `${APP}/home`);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'dingtalk_unavailable',
        message: expect.stringMatching(/未配置/),
      });
    } finally {
      await bare.close();
    }
  });

  it('answers 503 while DingTalk is down and no ticket is stored', async () => {
    t.clock.advance(7_200_000);
    dingtalk.setDown(true, 'busy');
    try {
      const res = await jsapiConfig(t.app, `${APP}/home`);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('dingtalk_unavailable');
    } finally {
      dingtalk.setDown(false);
    }
  });
});

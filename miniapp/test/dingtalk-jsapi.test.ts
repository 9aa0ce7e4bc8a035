import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, mockFetch } from './http';

/** A DingTalk container: dd.config is accepted (dd.ready) or refused (dd.error) as `accept` says. */
const dd = vi.hoisted(() => {
  const state = {
    accept: (_config: { signature: string }) => true,
    errorHandler: (_error: unknown) => undefined as void,
    configs: [] as { signature: string; jsApiList: string[] }[],
  };
  return {
    state,
    core: {
      env: { platform: 'ios' },
      error: (handler: (error: unknown) => void) => {
        state.errorHandler = handler;
      },
      config: (config: { signature: string; jsApiList: string[] }) => {
        state.configs.push(config);
      },
      ready: (callback: () => void) => {
        const last = state.configs.at(-1);
        if (!last || state.accept(last)) callback();
        else state.errorHandler({ errorCode: '3', errorMessage: 'signature 校验失败' });
      },
    },
    getGeolocation: vi.fn(async () => ({
      latitude: 30.3,
      longitude: 120.1,
      accuracy: 25,
      address: '杭州市西湖区',
      isFromMock: false,
    })),
  };
});

vi.mock('dingtalk-jsapi/entry/union', () => ({ default: dd.core }));
vi.mock('dingtalk-jsapi/api/runtime/permission/requestAuthCode', () => ({ default: vi.fn() }));
vi.mock('dingtalk-jsapi/api/biz/navigation/setTitle', () => ({ default: vi.fn() }));
vi.mock('dingtalk-jsapi/api/device/geolocation/get', () => ({ default: dd.getGeolocation }));

function jsapiServer() {
  let n = 0;
  return mockFetch((request) =>
    request.url.pathname === '/api/v1/dingtalk/jsapi-config'
      ? json({
          agentId: '3000001',
          corpId: 'dingcorp',
          timeStamp: '1796600000000',
          nonceStr: `nonce${++n}`,
          signature: request.url.searchParams.get('refresh') ? 'fresh' : `sig${n}`,
        })
      : json({ code: 'route_not_found', message: '接口不存在' }, 404),
  );
}

beforeEach(() => {
  vi.resetModules();
  dd.state.configs = [];
  dd.state.accept = () => true;
  dd.getGeolocation.mockClear();
  window.history.replaceState(null, '', '/visit/new?enterprise=e1#top');
  vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 AliApp(DingTalk/7.6.0) DingTalk/7.6.0',
  );
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('dd.config before location, photos and the call menu (iOS DingTalk)', () => {
  it('configures each page once, for its URL without the fragment, with the JSAPIs the app uses', async () => {
    const { requests } = jsapiServer();
    const { getLocation, JS_API_LIST } = await import('../src/lib/dingtalk');

    expect((await getLocation()).address).toBe('杭州市西湖区');
    await getLocation();
    const asked = requests.filter((r) => r.url.pathname === '/api/v1/dingtalk/jsapi-config');
    expect(asked.map((r) => r.url.searchParams.get('url'))).toEqual([
      'http://localhost:3000/visit/new?enterprise=e1',
    ]);
    expect(dd.state.configs).toHaveLength(1);
    expect(dd.state.configs[0]).toMatchObject({ corpId: 'dingcorp', agentId: '3000001', signature: 'sig1' });
    expect(JS_API_LIST).toEqual(
      expect.arrayContaining([
        'device.geolocation.get',
        'biz.util.uploadImage',
        'biz.telephone.showCallMenu',
      ]),
    );
    expect(dd.state.configs[0]!.jsApiList).toEqual(JS_API_LIST);

    window.history.pushState(null, '', '/enterprises/e1');
    await getLocation();
    expect(dd.state.configs).toHaveLength(2);
  });

  it('when DingTalk refuses the signature (dd.error), asks for a fresh ticket once and carries on', async () => {
    const { requests } = jsapiServer();
    dd.state.accept = (config) => config.signature === 'fresh';
    dd.getGeolocation.mockImplementationOnce(async () => {
      throw { errorCode: '7', errorMessage: '没有调用该接口的权限' };
    });
    const { getLocation } = await import('../src/lib/dingtalk');

    expect((await getLocation()).coordinateSystem).toBe('gcj02');
    const refreshes = requests.filter((r) => r.url.searchParams.get('refresh') === '1');
    expect(refreshes).toHaveLength(1);
  });

  it("falls back to the WebView's own location with a Chinese message when DingTalk keeps refusing", async () => {
    jsapiServer();
    dd.state.accept = () => false;
    dd.getGeolocation.mockImplementation(async () => {
      throw { errorCode: '7', errorMessage: '没有调用该接口的权限' };
    });
    const geolocation = {
      getCurrentPosition: vi.fn((_ok: PositionCallback, fail: PositionErrorCallback) =>
        fail({ code: 2, PERMISSION_DENIED: 1 } as GeolocationPositionError),
      ),
    };
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { geolocation }));
    const { getLocation } = await import('../src/lib/dingtalk');

    await expect(getLocation()).rejects.toThrow(/^定位失败：.*请重试$/);
    expect(geolocation.getCurrentPosition).toHaveBeenCalled();
  });
});

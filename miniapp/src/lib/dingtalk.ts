// The only module that talks to DingTalk's JSAPI. A 浙政钉 (gdt-jsapi) adapter would sit beside it
// behind the same functions. Only types are imported statically; the SDK itself loads on demand.
import type DingTalkCore from 'dingtalk-jsapi/entry/union';
import type RequestAuthCode from 'dingtalk-jsapi/api/runtime/permission/requestAuthCode';
import type SetTitle from 'dingtalk-jsapi/api/biz/navigation/setTitle';
import type GetGeolocation from 'dingtalk-jsapi/api/device/geolocation/get';
import { jsapiConfigSchema, type JsapiConfig } from '@coordnet/shared/api/dingtalk';
import { apiRequest } from './api';

interface DingTalkSdk {
  core: typeof DingTalkCore;
  requestAuthCode: typeof RequestAuthCode;
  setTitle: typeof SetTitle;
  getGeolocation: typeof GetGeolocation;
}

export interface DeviceLocation {
  latitude: number;
  longitude: number;
  /** Radius in metres. */
  accuracy: number;
  address: string | null;
  /** Android DingTalk reports faked positions; other sources never do. */
  isFromMock: boolean;
  /** DingTalk answers in AMap's GCJ-02; the browser fallback gives raw WGS-84. */
  coordinateSystem: 'gcj02' | 'wgs84';
}

/** A JSAPI failure with a Chinese message for the user. */
export class DingTalkError extends Error {
  override readonly name = 'DingTalkError';
}

const READY_TIMEOUT_MS = 10_000;

/** The JSAPIs this app calls that need dd.config on iOS (DINGTALK.md §5). */
export const JS_API_LIST = [
  'device.geolocation.get',
  'biz.util.uploadImage',
  'biz.telephone.showCallMenu',
  'biz.navigation.setTitle',
];

let sdkPromise: Promise<DingTalkSdk> | null = null;
/** dd.config is done once per page URL (without the fragment, which DingTalk does not sign). */
const configuredPages = new Map<string, Promise<void>>();

/** User-agent check, so the SDK (large) is only downloaded inside DingTalk. */
export function isInDingTalk(): boolean {
  return typeof navigator !== 'undefined' && /DingTalk/i.test(navigator.userAgent);
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { errorMessage, message } = error as { errorMessage?: unknown; message?: unknown };
    if (typeof errorMessage === 'string' && errorMessage) return errorMessage;
    if (typeof message === 'string' && message) return message;
  }
  return '未知错误';
}

function whenReady(dd: DingTalkSdk['core']): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DingTalkError('钉钉环境初始化超时，请重新打开应用')),
      READY_TIMEOUT_MS,
    );
    dd.error((error: unknown) => {
      clearTimeout(timer);
      reject(new DingTalkError(`钉钉环境初始化失败：${describe(error)}`));
    });
    dd.ready(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Per-API modules (the package's documented 按需引入) weigh half of the whole SDK. */
async function importSdk(): Promise<DingTalkSdk> {
  const { default: core } = await import('dingtalk-jsapi/entry/union');
  if (String(core.env.platform) === 'notInDingTalk') throw new DingTalkError('当前不在钉钉环境中');
  const [auth, title, geolocation] = await Promise.all([
    import('dingtalk-jsapi/api/runtime/permission/requestAuthCode'),
    import('dingtalk-jsapi/api/biz/navigation/setTitle'),
    import('dingtalk-jsapi/api/device/geolocation/get'),
  ]);
  await whenReady(core);
  return {
    core,
    requestAuthCode: auth.default,
    setTitle: title.default,
    getGeolocation: geolocation.default,
  };
}

function loadSdk(): Promise<DingTalkSdk> {
  sdkPromise ??= importSdk().catch((error: unknown) => {
    sdkPromise = null;
    throw error instanceof DingTalkError ? error : new DingTalkError('钉钉组件加载失败，请检查网络后重试');
  });
  return sdkPromise;
}

const pageUrl = () => window.location.href.split('#', 1)[0]!;

function fetchJsapiConfig(url: string, refresh: boolean): Promise<JsapiConfig> {
  return apiRequest('/dingtalk/jsapi-config', jsapiConfigSchema, {
    query: { url, refresh: refresh ? '1' : undefined },
  });
}

/** dd.config, settled by dd.ready (accepted) or dd.error (refused: bad signature, stale ticket). */
async function applyConfig(core: DingTalkSdk['core'], refresh: boolean): Promise<void> {
  let config: JsapiConfig;
  try {
    config = await fetchJsapiConfig(pageUrl(), refresh);
  } catch (error) {
    throw new DingTalkError(`无法获取钉钉接口授权：${errorText(error)}`);
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DingTalkError('钉钉接口授权超时，请重试')), READY_TIMEOUT_MS);
    core.error((error: unknown) => {
      clearTimeout(timer);
      reject(new DingTalkError(`钉钉接口授权失败：${describe(error)}`));
    });
    core.config({ ...config, type: 0, jsApiList: JS_API_LIST });
    core.ready(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function configurePage(core: DingTalkSdk['core'], refresh = false): Promise<void> {
  const url = pageUrl();
  let done = refresh ? undefined : configuredPages.get(url);
  if (!done) {
    done = applyConfig(core, refresh);
    configuredPages.set(url, done);
    done.catch(() => configuredPages.delete(url));
  }
  return done;
}

/** DingTalk's answers when an API was called without a valid dd.config. */
const isPermissionFailure = (error: unknown) =>
  /权限|授权|签名|ticket|signature|auth|config/i.test(describe(error));

/**
 * Runs a JSAPI that iOS DingTalk allows only after dd.config. When DingTalk refuses it for want of
 * permission (or dd.config itself failed), the page is configured again with a fresh ticket and the
 * call is tried once more; the DingTalkError then carries a Chinese message for the caller's fallback.
 */
async function withJsapiAuth<T>(run: (sdk: DingTalkSdk) => Promise<T>): Promise<T> {
  const sdk = await loadSdk();
  // Android and PC need no dd.config, so a failed one is not yet a reason to give up.
  const configured = await configurePage(sdk.core).then(
    () => true,
    () => false,
  );
  try {
    return await run(sdk);
  } catch (error) {
    if (configured && !isPermissionFailure(error)) throw error;
    await configurePage(sdk.core, true);
    return run(sdk);
  }
}

function errorText(error: unknown): string {
  const text = describe(error);
  return /[\u4e00-\u9fff]/.test(text) ? text : '网络异常';
}

/** A 免登 auth code: valid five minutes, single use. Needs no dd.config. */
export async function requestAuthCode(corpId: string): Promise<string> {
  const sdk = await loadSdk();
  try {
    const { code } = await sdk.requestAuthCode({ corpId });
    return code;
  } catch (error) {
    throw new DingTalkError(`无法获取钉钉授权：${describe(error)}`);
  }
}

export async function setTitle(title: string): Promise<void> {
  document.title = title;
  if (!isInDingTalk()) return;
  try {
    const sdk = await loadSdk();
    await sdk.setTitle({ title });
  } catch {
    // The title is cosmetic; never let it break a page.
  }
}

function browserLocation(): Promise<DeviceLocation> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new DingTalkError('当前浏览器不支持定位'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) =>
        resolve({
          latitude: coords.latitude,
          longitude: coords.longitude,
          accuracy: coords.accuracy,
          address: null,
          isFromMock: false,
          coordinateSystem: 'wgs84',
        }),
      (error) =>
        reject(
          new DingTalkError(
            error.code === error.PERMISSION_DENIED
              ? '未获得定位权限，请在设置中允许定位'
              : '定位失败，请稍后重试',
          ),
        ),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}

/**
 * Current position for a site visit. Inside DingTalk after dd.config (iOS needs it); if DingTalk
 * refuses, the WebView's own geolocation (raw WGS-84, shown as approximate).
 */
export async function getLocation(): Promise<DeviceLocation> {
  if (!isInDingTalk()) return browserLocation();
  let raw: Awaited<ReturnType<DingTalkSdk['getGeolocation']>>;
  try {
    raw = await withJsapiAuth((sdk) =>
      sdk.getGeolocation({ targetAccuracy: 200, coordinate: 1, withReGeocode: true, useCache: false }),
    );
  } catch (error) {
    // DingTalk refused (dd.config failed twice, or no permission): the WebView's own location.
    try {
      return await browserLocation();
    } catch {
      throw new DingTalkError(`定位失败：${describe(error)}，请重试`);
    }
  }
  // DingTalk for Android 2.1 and earlier nests the answer one level deeper.
  const result = 'location' in raw ? (raw as unknown as { location: typeof raw }).location : raw;
  return {
    latitude: result.latitude,
    longitude: result.longitude,
    accuracy: result.accuracy,
    address: result.address || null,
    isFromMock: result.isFromMock === true,
    coordinateSystem: 'gcj02',
  };
}

/** The link that dials a number in a phone browser. */
export const telHref = (mobile: string): string => `tel:${mobile.replace(/[^\d+]/g, '')}`;

/**
 * Offers to call a number. Inside DingTalk its own call menu (phone call or DING call,
 * dd.biz.telephone.showCallMenu); elsewhere, or if the menu fails, the phone's dialer via `tel:`.
 */
export async function callPhone(mobile: string, open: (href: string) => void = openHref): Promise<void> {
  if (isInDingTalk()) {
    try {
      const { default: showCallMenu } = await import('dingtalk-jsapi/api/biz/telephone/showCallMenu');
      await withJsapiAuth(() => showCallMenu({ phoneNumber: mobile, code: '+86', showDingCall: true }));
      return;
    } catch {
      // Fall through to the dialer: a call must never be blocked by the SDK.
    }
  }
  open(telHref(mobile));
}

function openHref(href: string): void {
  window.location.href = href;
}

/**
 * Picks (or takes) up to `max` photos with DingTalk's own picker, which uploads them to DingTalk's
 * CDN and answers with their https URLs. Needs a network; callers fall back to a file input.
 */
export async function pickImagesInDingTalk(max: number): Promise<string[]> {
  try {
    const { default: uploadImage } = await import('dingtalk-jsapi/api/biz/util/uploadImage');
    // authType 6 (CDN_ONLY): public https links the app can read back to queue for its own server.
    return await withJsapiAuth(() => uploadImage({ multiple: max > 1, max, compression: true, authType: 6 }));
  } catch (error) {
    throw new DingTalkError(`选择照片失败：${describe(error)}`);
  }
}

/**
 * Opens a file link (a ledger's signed download link). Inside DingTalk its in-app browser
 * (dd.biz.util.openLink), which hands .xlsx to DingTalk's file viewer; elsewhere the browser itself.
 */
export async function openFileLink(url: string, open: (href: string) => void = openHref): Promise<void> {
  if (isInDingTalk()) {
    try {
      await loadSdk();
      const { default: openLink } = await import('dingtalk-jsapi/api/biz/util/openLink');
      await openLink({ url });
      return;
    } catch {
      // Fall through: the browser can still download it.
    }
  }
  open(url);
}

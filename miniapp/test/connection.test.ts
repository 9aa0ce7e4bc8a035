import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, apiGet, REQUEST_TIMEOUT_MS } from '../src/lib/api';
import {
  FIRST_PROBE_MS,
  isOnline,
  MAX_PROBE_MS,
  onConnectionRegained,
  resetConnection,
  subscribeConnection,
} from '../src/lib/online';
import { json } from './http';

const okSchema = z.object({ ok: z.boolean() });

/** A fake network: each request is answered by `answer` (a Response, or a thrown error). */
function fakeFetch() {
  const seen: string[] = [];
  let answer: (url: string, init: RequestInit) => Promise<Response> = () =>
    Promise.reject(new TypeError('Failed to fetch'));
  const fetchMock = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    seen.push(String(input));
    return answer(String(input), init);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    seen,
    probes: () => seen.filter((url) => url === '/healthz').length,
    answerWith(next: typeof answer) {
      answer = next;
    },
  };
}

/** Never answers; rejects like a browser when its signal aborts. */
const hang = (_url: string, init: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

beforeEach(() => {
  vi.useFakeTimers();
  resetConnection();
});

afterEach(() => {
  resetConnection();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('online but no connection', () => {
  it('a network error marks the connection lost although navigator.onLine says online', async () => {
    fakeFetch();
    const changes = vi.fn();
    const stop = subscribeConnection(changes);
    expect(navigator.onLine).toBe(true);
    expect(isOnline()).toBe(true);

    await expect(apiGet('/enterprises', okSchema)).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
    expect(isOnline()).toBe(false);
    expect(changes).toHaveBeenCalledTimes(1);
    stop();
  });

  it('a request without an answer times out, counts as no connection, and says so in Chinese', async () => {
    const net = fakeFetch();
    net.answerWith(hang);
    const request = apiGet('/enterprises', okSchema);
    const failed = expect(request).rejects.toMatchObject({ status: 0, code: 'network_timeout' });
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    await failed;
    await expect(request).rejects.toThrow(/网络连接超时/);
    expect(isOnline()).toBe(false);
  });

  it("the caller's own cancel is not a lost connection", async () => {
    const net = fakeFetch();
    net.answerWith(hang);
    const controller = new AbortController();
    const request = apiGet('/enterprises', okSchema, undefined, controller.signal);
    controller.abort();
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    expect(isOnline()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('probes /healthz with backoff until the server answers, then is online again and says so', async () => {
    const net = fakeFetch();
    const regained = vi.fn();
    const stop = onConnectionRegained(regained);
    await expect(apiGet('/enterprises', okSchema)).rejects.toBeInstanceOf(ApiError);
    expect(net.probes()).toBe(0);

    // 2 s, then 4 s, then 8 s after each failed probe.
    await vi.advanceTimersByTimeAsync(FIRST_PROBE_MS);
    expect(net.probes()).toBe(1);
    await vi.advanceTimersByTimeAsync(FIRST_PROBE_MS * 2 - 1);
    expect(net.probes()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(net.probes()).toBe(2);
    expect(isOnline()).toBe(false);

    net.answerWith((url) =>
      Promise.resolve(url === '/healthz' ? json({ status: 'ok' }) : json({ ok: true })),
    );
    await vi.advanceTimersByTimeAsync(FIRST_PROBE_MS * 4);
    expect(net.probes()).toBe(3);
    expect(isOnline()).toBe(true);
    expect(regained).toHaveBeenCalledTimes(1);
    // Nothing more is probed once online.
    await vi.advanceTimersByTimeAsync(MAX_PROBE_MS * 2);
    expect(net.probes()).toBe(3);
    stop();
  });

  it('the wait between probes stops growing at a minute', async () => {
    const net = fakeFetch();
    await expect(apiGet('/enterprises', okSchema)).rejects.toBeInstanceOf(ApiError);
    await vi.advanceTimersByTimeAsync(2_000 + 4_000 + 8_000 + 16_000 + 32_000);
    expect(net.probes()).toBe(5);
    await vi.advanceTimersByTimeAsync(MAX_PROBE_MS - 1);
    expect(net.probes()).toBe(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(net.probes()).toBe(6);
  });

  it('the online event probes at once; a probe timing out keeps it offline', async () => {
    const net = fakeFetch();
    await expect(apiGet('/enterprises', okSchema)).rejects.toBeInstanceOf(ApiError);
    net.answerWith(hang);
    window.dispatchEvent(new Event('online'));
    expect(net.probes()).toBe(1);
    await vi.advanceTimersByTimeAsync(8_000);
    expect(isOnline()).toBe(false);

    net.answerWith(() => Promise.resolve(json({ status: 'ok' })));
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(isOnline()).toBe(true);
  });

  it('any answer from the API, even an error status, means the connection works', async () => {
    const net = fakeFetch();
    await expect(apiGet('/enterprises', okSchema)).rejects.toBeInstanceOf(ApiError);
    expect(isOnline()).toBe(false);
    net.answerWith(() => Promise.resolve(json({ code: 'not_found', message: '未找到' }, 404)));
    await expect(apiGet('/enterprises', okSchema)).rejects.toMatchObject({ status: 404 });
    expect(isOnline()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

import { useSyncExternalStore } from 'react';

/**
 * Whether the app has a connection. `navigator.onLine` only says the phone has a network; in a
 * factory yard it says online while every request times out. So a request that gets no answer
 * (lib/api.ts: a network error or a timeout) marks the connection lost: the 离线 pill shows, reads
 * come from the offline copy and writes wait in the outbox. While lost the server is probed
 * (GET /healthz, which touches no database) with backoff, and at once on the `online` event; the
 * first answer brings the app back online and the outbox syncs.
 */

const PROBE_URL = '/healthz';
const PROBE_TIMEOUT_MS = 8_000;
export const FIRST_PROBE_MS = 2_000;
export const MAX_PROBE_MS = 60_000;

type Listener = () => void;

let lost = false;
let probeDelay = FIRST_PROBE_MS;
let probeTimer: ReturnType<typeof setTimeout> | null = null;
let probing = false;
let watching = false;
const changed = new Set<Listener>();
const regained = new Set<Listener>();

const navigatorOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** The phone has a network and the server answered the last request that was sent. */
export function isOnline(): boolean {
  return navigatorOnline() && !lost;
}

function emit(listeners: Set<Listener>) {
  for (const listener of [...listeners]) listener();
}

function clearProbe() {
  if (probeTimer !== null) clearTimeout(probeTimer);
  probeTimer = null;
}

function scheduleProbe(delay: number) {
  clearProbe();
  probeTimer = setTimeout(() => void probe(), delay);
}

async function probe(): Promise<void> {
  probeTimer = null;
  // Without a network at all there is nothing to try; the `online` event starts again.
  if (!lost || probing || !navigatorOnline()) return;
  probing = true;
  let answered = false;
  try {
    answered = (await fetchWithin(PROBE_URL, PROBE_TIMEOUT_MS)).ok;
  } catch {
    answered = false;
  } finally {
    probing = false;
  }
  if (!lost) return;
  if (answered) reportConnectionOk();
  else {
    probeDelay = Math.min(probeDelay * 2, MAX_PROBE_MS);
    scheduleProbe(probeDelay);
  }
}

async function fetchWithin(url: string, ms: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { cache: 'no-store', signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

function onBrowserOnline() {
  if (lost) {
    probeDelay = FIRST_PROBE_MS;
    void probe();
  } else emit(regained);
  emit(changed);
}

function onBrowserOffline() {
  clearProbe();
  emit(changed);
}

function watchBrowser() {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  window.addEventListener('online', onBrowserOnline);
  window.addEventListener('offline', onBrowserOffline);
}

/** A request got no answer (network error or timeout): treat the app as offline and start probing. */
export function reportConnectionLost(): void {
  watchBrowser();
  if (lost) return;
  lost = true;
  probeDelay = FIRST_PROBE_MS;
  scheduleProbe(probeDelay);
  emit(changed);
}

/** A request got an answer (whatever its status): the connection works. */
export function reportConnectionOk(): void {
  if (!lost) return;
  lost = false;
  clearProbe();
  emit(changed);
  emit(regained);
}

/** Calls `listener` whenever `isOnline()` may have changed. */
export function subscribeConnection(listener: Listener): () => void {
  watchBrowser();
  changed.add(listener);
  return () => changed.delete(listener);
}

/** Calls `listener` when the connection comes back: the `online` event, or the server answering again. */
export function onConnectionRegained(listener: Listener): () => void {
  watchBrowser();
  regained.add(listener);
  return () => regained.delete(listener);
}

/** Forgets a lost connection and stops probing (tests). */
export function resetConnection(): void {
  lost = false;
  probing = false;
  probeDelay = FIRST_PROBE_MS;
  clearProbe();
  emit(changed);
}

/** Connectivity as the app sees it: the browser's network and whether the server answers. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeConnection, isOnline, () => true);
}

import { liveQuery } from 'dexie';
import { Outbox, type NewItem, type PhotoInput } from './outbox';
import { pendingWritesOf, publishPendingWrites } from './pending-writes';
import { leaseLock, SyncEngine, webLock, type SyncReport } from './outbox-sync';
import { apiTransport } from './outbox-transport';
import { isOnline, onConnectionRegained } from './online';

/**
 * The app's one outbox and its sync loop. Loaded lazily (Dexie stays out of the first screen's
 * JavaScript); started for the signed-in person by the app layout.
 */

const TICK_MS = 15_000;

let outbox: Outbox | null = null;

export function getOutbox(): Outbox {
  outbox ??= new Outbox();
  return outbox;
}

export interface SyncState {
  running: boolean;
  /** The last pass stopped because the network was unreachable. */
  offline: boolean;
  lastRunAt: number | null;
}

let state: SyncState = { running: false, offline: false, lastRunAt: null };
const listeners = new Set<() => void>();

function setState(next: Partial<SyncState>) {
  state = { ...state, ...next };
  listeners.forEach((listener) => listener());
}

export function subscribeSyncState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const getSyncState = (): SyncState => state;

interface Runner {
  request(force: boolean): void;
}

let runner: Runner | null = null;

/** Asks the running loop for a pass now (after a save, or when the person taps 立即同步). */
export function requestSync(force = true): void {
  runner?.request(force);
}

/**
 * Starts syncing `userId`'s outbox: at once, on the `online` event, when the app comes to the
 * foreground, on a timer (Android WebViews have no Background Sync) and when a backoff ends.
 * Returns a stop function.
 */
export function startOutboxSync(userId: string, onSynced: (report: SyncReport) => void): () => void {
  const box = getOutbox();
  const engine = new SyncEngine({
    outbox: box,
    transport: apiTransport,
    userId,
    lock: webLock() ?? leaseLock(box.db),
  });
  let running = false;
  let again: boolean | null = null;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const run = async (force: boolean): Promise<void> => {
    if (running) {
      again = (again ?? false) || force;
      return;
    }
    running = true;
    setState({ running: true });
    try {
      const report = await engine.runOnce({ force });
      if (!report.skipped) setState({ offline: report.offline, lastRunAt: Date.now() });
      if (report.synced.length > 0 || report.failed.length > 0) onSynced(report);
      clearTimeout(retryTimer);
      if (report.retryAt !== null && !stopped) {
        retryTimer = setTimeout(() => void run(false), Math.max(0, report.retryAt - Date.now()) + 50);
      }
    } catch {
      // IndexedDB itself failed; the timer tries again.
    } finally {
      running = false;
      setState({ running: false });
      if (again !== null && !stopped) {
        const force = again;
        again = null;
        void run(force);
      }
    }
  };

  runner = { request: (force) => void run(force) };
  const onOnline = () => void run(true);
  const onVisible = () => {
    if (document.visibilityState === 'visible') void run(false);
  };
  const stopRegained = onConnectionRegained(onOnline);
  document.addEventListener('visibilitychange', onVisible);
  const tick = setInterval(() => void run(false), TICK_MS);
  // 首页's duty list shows 待同步 for enterprises the phone still holds a log about.
  const pending = liveQuery(() => box.itemsOf(userId)).subscribe({
    next: (items) => publishPendingWrites(userId, pendingWritesOf(items)),
    error: () => undefined,
  });
  // Ask the browser not to evict the outbox under storage pressure.
  void navigator.storage?.persist?.().catch(() => false);
  void run(true);

  return () => {
    stopped = true;
    runner = null;
    clearInterval(tick);
    clearTimeout(retryTimer);
    pending.unsubscribe();
    stopRegained();
    document.removeEventListener('visibilitychange', onVisible);
  };
}

/** Stores a write on the phone and asks for a sync; never waits for the network. */
export async function saveWrite(
  owner: { userId: string; enterpriseName: string },
  item: NewItem,
  photos: PhotoInput[] = [],
): Promise<string> {
  const clientId = await getOutbox().add(owner, item, photos);
  requestSync();
  return clientId;
}

/** Stores the person's correction of an item the server refused, and asks for a sync. */
export async function saveCorrection(
  clientId: string,
  change: Parameters<Outbox['update']>[1],
  photos: PhotoInput[] = [],
): Promise<string> {
  const next = await getOutbox().update(clientId, change, photos);
  requestSync();
  return next;
}

/** What the person is told after saving. */
export function savedMessage(): string {
  return !isOnline() ? '已保存，待同步' : '已保存，正在同步';
}

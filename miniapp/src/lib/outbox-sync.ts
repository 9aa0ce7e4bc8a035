import { ApiError } from './api';
import type { Outbox } from './outbox';
import type { OutboxDb, OutboxError, OutboxItem } from './outbox-db';

/** How the outbox reaches the server; the app's is in outbox-transport.ts, tests pass their own. */
export interface SyncTransport {
  /** Uploads a photo's bytes; `clientId` makes a retry return the first upload. */
  uploadPhoto(photo: Blob, name: string, clientId: string): Promise<{ id: string }>;
  /** Has the server fetch a DingTalk-hosted photo; idempotent on `clientId` too. */
  uploadPhotoFromUrl(url: string, clientId: string): Promise<{ id: string }>;
  /** Sends a log with the upload ids of its photos. Resolves once the server has stored it. */
  send(item: OutboxItem, photoIds: string[]): Promise<void>;
}

/** Runs `fn` only if no other sync loop (this tab or another) holds the lock; null when one does. */
export interface SyncLock {
  run<T>(fn: (heartbeat: () => Promise<void>) => Promise<T>): Promise<T | null>;
}

export interface SyncReport {
  /** Logs the server confirmed in this pass. */
  synced: OutboxItem[];
  failed: OutboxItem[];
  /** When the first item that could not be sent may be tried again; null when nothing waits. */
  retryAt: number | null;
  /** The last pass stopped on a network error (status 0). */
  offline: boolean;
  /** Another loop was running; this pass did nothing. */
  skipped: boolean;
}

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** 2 s, 4 s, 8 s … capped at 5 minutes, with ±20 % jitter so phones do not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * A refusal the person must act on (4xx) or a failure to wait out (network, 5xx, expired sign-in,
 * rate limit). A 2xx whose body did not parse was stored by the server, so it counts as sent.
 */
export function classify(error: unknown): 'rejected' | 'transient' | 'accepted' {
  if (!(error instanceof ApiError)) return 'transient';
  if (error.status >= 200 && error.status < 300) return 'accepted';
  if (error.status === 0 || error.status >= 500) return 'transient';
  if ([401, 408, 425, 429].includes(error.status)) return 'transient';
  return 'rejected';
}

function toOutboxError(error: unknown): OutboxError {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'client_error', message: '同步失败，将自动重试' };
}

class PhotoError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('photo upload failed');
  }
}

export interface SyncEngineOptions {
  outbox: Outbox;
  transport: SyncTransport;
  userId: string;
  lock: SyncLock;
  now?: () => number;
  random?: () => number;
}

/**
 * Sends a person's outbox strictly in order. A log's photos are uploaded first, each id saved as it
 * arrives, so a retry uploads only what is missing; then the log goes with those ids. The server
 * is idempotent on clientId (a replay answers 200 with the stored log), so resending after a lost
 * answer never duplicates. A 4xx marks the item failed with the server's message and the pass moves
 * on; a network error or 5xx keeps it pending and ends the pass, to be retried after a backoff.
 */
export class SyncEngine {
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** One pass under the lock. `force` ignores backoff (app opened, back online, person asked). */
  async runOnce({ force = false }: { force?: boolean } = {}): Promise<SyncReport> {
    const report = await this.options.lock.run((heartbeat) => this.pass(force, heartbeat));
    return report ?? { synced: [], failed: [], retryAt: null, offline: false, skipped: true };
  }

  private async pass(force: boolean, heartbeat: () => Promise<void>): Promise<SyncReport> {
    const { outbox, transport, userId } = this.options;
    const report: SyncReport = { synced: [], failed: [], retryAt: null, offline: false, skipped: false };
    const items = await outbox.itemsOf(userId);
    for (const queued of items) {
      // Re-read: the person may have deleted or corrected it while earlier items were sending.
      const item = await outbox.get(queued.clientId);
      if (!item || item.status === 'failed') continue;
      if (!force && item.nextAttemptAt > this.now()) {
        report.retryAt = item.nextAttemptAt;
        break;
      }
      await heartbeat();
      await outbox.markSyncing(item.clientId);
      try {
        const photoIds = await this.uploadPhotos(item);
        try {
          await transport.send(item, photoIds);
        } catch (error) {
          if (classify(error) !== 'accepted') throw error;
        }
        await outbox.remove(item.clientId);
        report.synced.push(item);
      } catch (error) {
        const cause = error instanceof PhotoError ? error.cause : error;
        if (classify(cause) === 'rejected') {
          const reason = toOutboxError(cause);
          const message =
            error instanceof PhotoError
              ? `第 ${error.index + 1} 张照片上传失败：${reason.message}`
              : reason.message;
          await outbox.fail(
            item.clientId,
            { code: reason.code, message },
            {
              resetUploads: reason.code === 'upload_invalid',
            },
          );
          report.failed.push(item);
          continue;
        }
        const attempts = item.attempts + 1;
        const retryAt = this.now() + backoffMs(attempts, this.random);
        await outbox.defer(item.clientId, attempts, retryAt, toOutboxError(cause));
        report.retryAt = retryAt;
        report.offline = cause instanceof ApiError && cause.status === 0;
        break;
      }
    }
    return report;
  }

  private async uploadPhotos(item: OutboxItem): Promise<string[]> {
    const { outbox, transport } = this.options;
    const ids: string[] = item.kind === 'visit_revision' ? [...item.keptPhotoIds] : [];
    for (const [index, photo] of item.photos.entries()) {
      if (photo.uploadId) {
        ids.push(photo.uploadId);
        continue;
      }
      const stored = await outbox.photo(photo.clientId);
      if (!stored) {
        throw new PhotoError(index, new ApiError(400, 'photo_missing', '照片已从本机删除，请重新拍摄'));
      }
      let uploaded: { id: string };
      try {
        const key = photo.uploadKey ?? photo.clientId;
        uploaded =
          'url' in stored
            ? await transport.uploadPhotoFromUrl(stored.url, key)
            : await transport.uploadPhoto(new Blob([stored.bytes], { type: stored.type }), stored.name, key);
      } catch (error) {
        throw new PhotoError(index, error);
      }
      await outbox.setPhotoUploaded(item.clientId, photo.clientId, uploaded.id);
      ids.push(uploaded.id);
    }
    return ids;
  }
}

const LOCK_NAME = 'coordnet-outbox-sync';

/** The Web Locks API: held by one tab at a time, released if the tab dies. */
export function webLock(): SyncLock | null {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks?.request) return null;
  return {
    run: (fn) =>
      locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) =>
        lock ? fn(async () => undefined) : null,
      ),
  };
}

/**
 * Where Web Locks are missing (older WebViews): a lease row in the outbox database, taken in a
 * transaction, renewed between items and left to expire if the tab dies mid-pass.
 */
export function leaseLock(
  db: OutboxDb,
  owner: string = crypto.randomUUID(),
  ttlMs = 30_000,
  now: () => number = Date.now,
): SyncLock {
  const take = () =>
    db.transaction('rw', db.leases, async () => {
      const lease = await db.leases.get(LOCK_NAME);
      if (lease && lease.owner !== owner && lease.expiresAt > now()) return false;
      await db.leases.put({ name: LOCK_NAME, owner, expiresAt: now() + ttlMs });
      return true;
    });
  return {
    async run(fn) {
      if (!(await take())) return null;
      try {
        return await fn(async () => {
          await take();
        });
      } finally {
        await db.transaction('rw', db.leases, async () => {
          const lease = await db.leases.get(LOCK_NAME);
          if (lease?.owner === owner) await db.leases.delete(LOCK_NAME);
        });
      }
    },
  };
}

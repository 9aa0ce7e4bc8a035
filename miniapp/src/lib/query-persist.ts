import { Dexie, type Table } from 'dexie';
import {
  dehydrate,
  hydrate,
  type DehydratedState,
  type Query,
  type QueryClient,
} from '@tanstack/react-query';
import { OFFLINE_MAX_AGE_MS } from '../app/query-client';

/**
 * Keeps the reads a person needs in the field (scope, duty status, own logs, settings) in IndexedDB
 * so the app opens with them without a signal. One snapshot, of whoever is signed in: another
 * person's is dropped unread, and signing out deletes it. Tokens are not part of it.
 */

export const CACHE_DB_NAME = 'coordnet-cache';
const SNAPSHOT = 'queries';
/** Bumped when a cached response would no longer fit the screens (its shape changed). */
export const CACHE_VERSION = 1;
const SAVE_DELAY_MS = 1000;

interface Snapshot {
  key: string;
  version: number;
  userId: string;
  savedAt: number;
  state: DehydratedState;
}

export class CacheDb extends Dexie {
  snapshots!: Table<Snapshot, string>;

  constructor(name = CACHE_DB_NAME) {
    super(name);
    this.version(1).stores({ snapshots: 'key' });
  }
}

/** Query keys kept: the registry, duty status, logs lists and settings (not approvals or searches). */
const PERSISTED: readonly (readonly string[])[] = [
  ['registry'],
  ['duty', 'summary'],
  ['duty', 'list'],
  ['duty', 'logs', 'list'],
  ['duty', 'settings'],
];

export function shouldPersist(query: Pick<Query, 'queryKey' | 'state'>): boolean {
  if (query.state.status !== 'success') return false;
  const key = query.queryKey;
  if (!PERSISTED.some((prefix) => prefix.every((part, i) => key[i] === part))) return false;
  // A search is typed anew each time; only what screens open with is worth the space.
  return !key.some((part) => typeof part === 'object' && part !== null && 'q' in part && Boolean(part.q));
}

/** Puts the person's saved snapshot into the cache; drops one that is someone else's, old or stale. */
export async function restoreQueries(
  client: QueryClient,
  userId: string,
  db: CacheDb,
  now = Date.now(),
): Promise<boolean> {
  const snapshot = await db.snapshots.get(SNAPSHOT);
  if (!snapshot) return false;
  if (
    snapshot.userId !== userId ||
    snapshot.version !== CACHE_VERSION ||
    now - snapshot.savedAt > OFFLINE_MAX_AGE_MS
  ) {
    await db.snapshots.delete(SNAPSHOT);
    return false;
  }
  // Never older than what is in memory: hydrate keeps a query whose data is newer.
  hydrate(client, snapshot.state);
  // What the phone kept is shown at once but is not fresh: with a signal, each screen reads again
  // on opening (offline the read waits, and the kept copy stays on screen).
  const restored = new Set(snapshot.state.queries.map((q) => q.queryHash));
  void client.invalidateQueries({ predicate: (q) => restored.has(q.queryHash), refetchType: 'none' });
  return true;
}

export async function saveQueries(client: QueryClient, userId: string, db: CacheDb, now = Date.now()) {
  const state = dehydrate(client, {
    shouldDehydrateQuery: shouldPersist,
    shouldDehydrateMutation: () => false,
  });
  await db.snapshots.put({ key: SNAPSHOT, version: CACHE_VERSION, userId, savedAt: now, state });
}

export interface Persistence {
  /** Resolves once the saved snapshot is in the cache (or there was none). */
  restored: Promise<void>;
  stop(): void;
}

/**
 * Restores the person's snapshot, then saves the cache a second after it changes and when the app
 * goes to the background. Nothing is saved before the restore, which would overwrite it.
 */
export function persistQueries(client: QueryClient, userId: string, db = new CacheDb()): Persistence {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe = () => undefined as void;

  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!stopped) void saveQueries(client, userId, db).catch(() => undefined);
  };
  const schedule = () => {
    if (!stopped && timer === undefined) timer = setTimeout(save, SAVE_DELAY_MS);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden' && timer !== undefined) save();
  };

  const restored = restoreQueries(client, userId, db)
    .catch(() => false)
    .then(() => {
      if (stopped) return;
      unsubscribe = client.getQueryCache().subscribe((event) => {
        if (event.type === 'removed' || (event.type === 'updated' && event.action.type === 'success'))
          schedule();
      });
      document.addEventListener('visibilitychange', onHidden);
    });

  return {
    restored,
    stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      document.removeEventListener('visibilitychange', onHidden);
    },
  };
}

/** Signing out: the next person must not open the app with this one's data. */
export async function clearPersistedQueries(db = new CacheDb()): Promise<void> {
  await db.snapshots.clear();
}

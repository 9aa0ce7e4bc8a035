import { useEffect, useState, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import type { OutboxItem } from './outbox-db';
import { getOutbox, getSyncState, subscribeSyncState, type SyncState } from './outbox-runtime';

/** The person's outbox items, live (also when another tab or the sync loop changes them). */
export function useOutboxItems(userId: string): OutboxItem[] | undefined {
  const [items, setItems] = useState<OutboxItem[]>();
  useEffect(() => {
    const subscription = liveQuery(() => getOutbox().itemsOf(userId)).subscribe({
      next: setItems,
      error: () => setItems([]),
    });
    return () => subscription.unsubscribe();
  }, [userId]);
  return items;
}

export function useSyncState(): SyncState {
  return useSyncExternalStore(subscribeSyncState, getSyncState, getSyncState);
}

/** Browser connectivity (kept in ./online so screens without the outbox need not load Dexie). */
export { useOnline } from './online';

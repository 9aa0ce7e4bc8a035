import { onlineManager, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api';
import { isOnline, subscribeConnection } from '../lib/online';

/** How long the phone keeps what it read for offline use (lib/query-persist.ts saves it to IndexedDB). */
export const OFFLINE_MAX_AGE_MS = 7 * 24 * 3600_000;

/** Client errors (4xx) will not change on retry; network and server failures may. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  // TanStack Query assumes a connection until an `offline` event; after a reload without a signal
  // there is none, and every query would fail (after its retries) instead of waiting for one. It
  // follows the app's view (lib/online.ts): a phone "online" whose requests get no answer is offline.
  onlineManager.setEventListener((setOnline) => subscribeConnection(() => setOnline(isOnline())));
  onlineManager.setOnline(isOnline());
  const client = new QueryClient({
    defaultOptions: {
      queries: { staleTime: 60_000, refetchOnWindowFocus: false, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
  // The reads kept for offline use stay in memory as long as on the phone: a query dropped after
  // five unused minutes would also drop out of the saved copy.
  for (const prefix of ['registry', 'duty'])
    client.setQueryDefaults([prefix], { gcTime: OFFLINE_MAX_AGE_MS });
  return client;
}

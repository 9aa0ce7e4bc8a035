import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { IsRestoringProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { AppProviders } from './providers';
import { routes } from './routes';
import { useSession } from './session-context';
import { SessionProvider } from './session-provider';

/** A broken IndexedDB must not keep the screens waiting for the offline copy. */
const RESTORE_TIMEOUT_MS = 3000;

export function App({ queryClient }: { queryClient?: QueryClient }) {
  return (
    <AppProviders queryClient={queryClient}>
      {/* Whoever signs in next starts from 首页, not from the page the last person left open. */}
      <SessionProvider onSignedOut={() => window.history.replaceState(null, '', '/')}>
        <SignedInApp />
      </SessionProvider>
    </AppProviders>
  );
}

/**
 * The router exists only while someone is signed in: creating it starts loading the page the URL
 * points at, and the sign-in page must not download (and run) the home page's code.
 */
function SignedInApp() {
  const [router] = useState(() => createBrowserRouter(routes));
  const restoring = useOfflineCache();
  return (
    <IsRestoringProvider value={restoring}>
      <RouterProvider router={router} />
    </IsRestoringProvider>
  );
}

/**
 * Restores the person's offline copy (IndexedDB) and keeps it up to date; true until restored, while
 * queries wait instead of fetching. Loaded after sign-in so the sign-in page stays without it.
 */
function useOfflineCache(): boolean {
  const client = useQueryClient();
  const { user } = useSession();
  // Without IndexedDB there is nothing to wait for.
  const [canRestore] = useState(() => typeof indexedDB !== 'undefined');
  const [restored, setRestored] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let stop: (() => void) | undefined;
    const done = () => {
      if (!cancelled) setRestored(user.id);
    };
    const timer = setTimeout(done, RESTORE_TIMEOUT_MS);
    import('../lib/offline-prefetch')
      .then(({ startOfflineCache }) => {
        if (cancelled) return;
        const cache = startOfflineCache(client, user);
        stop = cache.stop;
        return cache.restored;
      })
      .catch(() => undefined)
      .finally(done);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      stop?.();
    };
    // Once per person: a refreshed /me (same person) does not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, user.id]);
  return canRestore && restored !== user.id;
}

import { startTransition, useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { PageLoading } from '../lib/ui/page-loading';
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
  const router = useRouterInItsOwnTask();
  const restoring = useOfflineCache();
  if (!router) return <PageLoading />;
  return (
    <IsRestoringProvider value={restoring}>
      <RouterProvider router={router} />
    </IsRestoringProvider>
  );
}

type Router = ReturnType<typeof createBrowserRouter>;

/**
 * Creating the router matches the URL against every route and starts loading the page's code; done
 * during a render it made the first render one long task that React cannot split (Total Blocking
 * Time on a mid-range phone). In a task of its own, and rendered as a transition, the shell paints
 * its placeholder first.
 */
function useRouterInItsOwnTask(): Router | null {
  const [router, setRouter] = useState<Router | null>(null);
  useEffect(() => {
    let created: Router | null = null;
    const timer = setTimeout(() => {
      created = createBrowserRouter(routes);
      startTransition(() => setRouter(created));
    }, 0);
    return () => {
      clearTimeout(timer);
      created?.dispose();
    };
  }, []);
  return router;
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

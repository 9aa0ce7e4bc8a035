import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import type { QueryClient } from '@tanstack/react-query';
import { AppProviders } from './providers';
import { routes } from './routes';
import { SessionProvider } from './session-provider';

export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProviders queryClient={queryClient}>
      {/* Whoever signs in next starts from 首页, not from the page the last person left open. */}
      <SessionProvider onSignedOut={() => void router.navigate('/', { replace: true })}>
        <RouterProvider router={router} />
      </SessionProvider>
    </AppProviders>
  );
}

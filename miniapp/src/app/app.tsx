import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import type { QueryClient } from '@tanstack/react-query';
import { AppProviders } from './providers';
import { routes } from './routes';
import { SessionProvider } from './session-provider';

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
  return <RouterProvider router={router} />;
}

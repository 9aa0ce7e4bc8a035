import type { ComponentType } from 'react';
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import type { Me } from '@coordnet/shared/api/auth';
import { AppProviders } from '../src/app/providers';
import { SessionContext } from '../src/app/session-context';
import { makeMe, makeSession } from './fixtures';

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

export interface RenderPageOptions {
  /** Who is signed in; a county supervisor by default. */
  user?: Me;
  /** More routes, e.g. where the page navigates to. */
  routes?: RouteObject[];
  /** Fills the cache first (what the phone kept offline). */
  seed?: (client: QueryClient) => void;
}

/** Renders one page at `url` inside the app's providers, a signed-in session and a memory router. */
export function renderPage(path: string, Page: ComponentType, url: string, options: RenderPageOptions = {}) {
  const user = options.user ?? makeMe();
  const router = createMemoryRouter([{ path, Component: Page }, ...(options.routes ?? [])], {
    initialEntries: [url],
  });
  const session = { session: makeSession('token-1', user), user, signOut: () => undefined };
  const queryClient = testQueryClient();
  options.seed?.(queryClient);
  return {
    router,
    queryClient,
    ...render(
      <AppProviders queryClient={queryClient}>
        <SessionContext value={session}>
          <RouterProvider router={router} />
        </SessionContext>
      </AppProviders>,
    ),
  };
}

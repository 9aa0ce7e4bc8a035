import type { ComponentType } from 'react';
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../src/app/providers';

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

/** Renders one page at `url` inside the app's providers and a memory router. */
export function renderPage(path: string, Page: ComponentType, url: string) {
  const router = createMemoryRouter([{ path, Component: Page }], { initialEntries: [url] });
  return {
    router,
    ...render(
      <AppProviders queryClient={testQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>,
    ),
  };
}

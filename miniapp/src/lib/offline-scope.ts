import { coordinatorPageSchema, enterprisePageSchema } from '@coordnet/shared/api/registry';
import { apiGet } from './api';
import type { ScopeSnapshot } from './enterprise-queries';
import type { Page } from './registry-api';

/** The most a phone keeps offline: 25 pages of 200. */
const SCOPE_PAGES = 25;

async function fetchAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < SCOPE_PAGES; n++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return { items, truncated: false };
    cursor = page.nextCursor;
  }
  return { items, truncated: true };
}

export async function fetchScopeSnapshot(signal?: AbortSignal): Promise<ScopeSnapshot> {
  const [enterprises, coordinators] = await Promise.all([
    fetchAllPages((cursor) => apiGet('/enterprises', enterprisePageSchema, { limit: 200, cursor }, signal)),
    fetchAllPages((cursor) =>
      apiGet('/coordinators', coordinatorPageSchema, { limit: 200, cursor, kind: 'enterprise' }, signal),
    ),
  ]);
  return {
    enterprises: enterprises.items,
    coordinators: coordinators.items,
    truncated: enterprises.truncated || coordinators.truncated,
  };
}

import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Coordinator, Enterprise } from '@coordnet/shared/api/registry';
import { fetchCoordinatorPage, fetchEnterprise, registryKeys, type Page } from './registry-api';

/**
 * Every enterprise of a coordinator's scope with its enterprise coordinators, read while online so
 * that any of them can be opened and logged without a signal.
 */
export interface ScopeSnapshot {
  enterprises: Enterprise[];
  coordinators: Coordinator[];
  /** The scope is larger than the phone keeps; the rest needs a signal. */
  truncated: boolean;
}

/** The enterprise as a cached list has it (the offline scope or any list page), so its page opens offline. */
export function cachedEnterprise(
  client: QueryClient,
  id: string,
): { enterprise: Enterprise; updatedAt: number } | undefined {
  const scope = client.getQueryState<ScopeSnapshot>(registryKeys.offlineScope());
  const fromScope = scope?.data?.enterprises.find((e) => e.id === id);
  if (fromScope && scope) return { enterprise: fromScope, updatedAt: scope.dataUpdatedAt };
  for (const query of client.getQueryCache().findAll({ queryKey: ['registry', 'enterprises', 'list'] })) {
    const data = query.state.data as InfiniteData<Page<Enterprise>> | undefined;
    const found = data?.pages.flatMap((page) => page.items).find((e) => e.id === id);
    if (found) return { enterprise: found, updatedAt: query.state.dataUpdatedAt };
  }
  return undefined;
}

/** One enterprise, shown at once from a cached list and refreshed from the server when stale. */
export function enterpriseQuery(client: QueryClient, id: string) {
  return {
    queryKey: registryKeys.enterprise(id),
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchEnterprise(id, signal),
    initialData: () => cachedEnterprise(client, id)?.enterprise,
    initialDataUpdatedAt: () => cachedEnterprise(client, id)?.updatedAt,
  };
}

/** An enterprise's coordinators, from the offline scope until the server answers. */
export function enterpriseCoordinatorsQuery(client: QueryClient, enterpriseId: string) {
  const fromScope = () => {
    const scope = client.getQueryState<ScopeSnapshot>(registryKeys.offlineScope());
    if (!scope?.data?.enterprises.some((e) => e.id === enterpriseId)) return undefined;
    const items = scope.data.coordinators.filter((c) => c.enterpriseId === enterpriseId);
    return { data: { items, nextCursor: null } satisfies Page<Coordinator>, updatedAt: scope.dataUpdatedAt };
  };
  return {
    queryKey: registryKeys.enterpriseCoordinators(enterpriseId),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      fetchCoordinatorPage({ enterpriseId }, undefined, signal),
    initialData: () => fromScope()?.data,
    initialDataUpdatedAt: () => fromScope()?.updatedAt,
  };
}

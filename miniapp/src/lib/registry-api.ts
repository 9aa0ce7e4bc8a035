import type { CoordinatorKind } from '@coordnet/shared/domain/roles';
import type { EnterpriseSize } from '@coordnet/shared/domain/enterprise-size';
import {
  coordinatorPageSchema,
  coordinatorSchema,
  enterprisePageSchema,
  revealedMobileSchema,
  enterpriseSchema,
  jurisdictionListSchema,
  type Coordinator,
  type CoordinatorQualification,
  type Enterprise,
  type Jurisdiction,
} from '@coordnet/shared/api/registry';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from './api';

export const PAGE_SIZE = 20;

export interface EnterpriseFilter {
  jurisdiction?: string;
  q?: string;
  size?: EnterpriseSize;
}

export interface CoordinatorFilter {
  jurisdiction?: string;
  kind?: CoordinatorKind;
  enterpriseId?: string;
  q?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Query keys: every registry read starts with 'registry' so a sign-out can drop them together. */
export const registryKeys = {
  scopeTree: () => ['registry', 'jurisdictions', 'scope'] as const,
  children: (parent: string) => ['registry', 'jurisdictions', 'children', parent] as const,
  enterprises: (filter: EnterpriseFilter) => ['registry', 'enterprises', 'list', filter] as const,
  enterprise: (id: string) => ['registry', 'enterprises', 'one', id] as const,
  coordinators: (filter: CoordinatorFilter) => ['registry', 'coordinators', 'list', filter] as const,
  enterpriseCoordinators: (enterpriseId: string) =>
    ['registry', 'coordinators', 'of-enterprise', enterpriseId] as const,
  /** A coordinator's whole scope for offline use (lib/offline-prefetch.ts). */
  offlineScope: () => ['registry', 'offline-scope'] as const,
};

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

/** My scope roots and their direct children (each with childCount). */
export async function fetchScopeTree(signal?: AbortSignal): Promise<Jurisdiction[]> {
  return (await apiGet('/jurisdictions', jurisdictionListSchema, { depth: 1 }, signal)).items;
}

export async function fetchChildren(parent: string, signal?: AbortSignal): Promise<Jurisdiction[]> {
  return (await apiGet('/jurisdictions', jurisdictionListSchema, { parent, depth: 1 }, signal)).items.filter(
    (j) => j.parentCode === parent,
  );
}

/** The roots of a flat tree: nodes whose parent is not in the list. */
export function rootsOf(tree: Jurisdiction[]): Jurisdiction[] {
  const codes = new Set(tree.map((j) => j.code));
  return tree.filter((j) => j.parentCode === null || !codes.has(j.parentCode));
}

export function fetchEnterprisePage(
  filter: EnterpriseFilter,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Page<Enterprise>> {
  return apiGet('/enterprises', enterprisePageSchema, { ...filter, limit: PAGE_SIZE, cursor }, signal);
}

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

export function fetchEnterprise(id: string, signal?: AbortSignal): Promise<Enterprise> {
  return apiGet(`/enterprises/${encodeURIComponent(id)}`, enterpriseSchema, undefined, signal);
}

export function fetchCoordinatorPage(
  filter: CoordinatorFilter,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Page<Coordinator>> {
  return apiGet('/coordinators', coordinatorPageSchema, { ...filter, limit: PAGE_SIZE, cursor }, signal);
}

/** A coordinator's whole mobile, for tap-to-call; the server writes each reveal to its audit log. */
export async function revealMobile(roleId: string): Promise<string | null> {
  const revealed = await apiRequest(
    `/coordinators/${encodeURIComponent(roleId)}/reveal-mobile`,
    revealedMobileSchema,
    { method: 'POST' },
  );
  return revealed.mobile;
}

/** A post's skill level and certificate (supervisors managing its jurisdiction; audited). */
export function updateQualification(roleId: string, body: CoordinatorQualification): Promise<Coordinator> {
  return apiRequest(`/coordinators/${encodeURIComponent(roleId)}`, coordinatorSchema, {
    method: 'PATCH',
    body,
  });
}

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
import { apiGet, apiRequest } from './api';

export const PAGE_SIZE = 20;

export interface EnterpriseFilter {
  jurisdiction?: string;
  q?: string;
  size?: EnterpriseSize;
  /** only those whose 责任人 I am (我负责的) */
  mine?: boolean;
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
  const { mine, ...rest } = filter;
  return apiGet(
    '/enterprises',
    enterprisePageSchema,
    { ...rest, ...(mine ? { mine: 'true' } : {}), limit: PAGE_SIZE, cursor },
    signal,
  );
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

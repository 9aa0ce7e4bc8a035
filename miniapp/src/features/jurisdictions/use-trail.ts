import { useQueries } from '@tanstack/react-query';
import { ancestorCodes } from '@coordnet/shared/domain/jurisdiction-code';
import type { Jurisdiction } from '@coordnet/shared/api/registry';
import { fetchChildren, registryKeys, rootsOf } from '../../lib/registry-api';

export interface TrailStep {
  code: string;
  name: string;
}

/**
 * The path from the scope root down to `code`, named from the lists already browsed (cached), so a
 * page opened directly costs one request per level and normal browsing costs none.
 */
export function useTrail(code: string | null, scopeTree: Jurisdiction[] | undefined): TrailStep[] {
  const roots = scopeTree ? rootsOf(scopeTree) : [];
  const chain = code ? [...ancestorCodes(code), code] : [];
  const start = chain.findIndex((c) => roots.some((root) => root.code === c));
  const path = start >= 0 ? chain.slice(start) : chain.slice(-1);

  const parents = scopeTree ? path.slice(1, -1) : [];
  const lists = useQueries({
    queries: parents.map((parent) => ({
      queryKey: registryKeys.children(parent),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchChildren(parent, signal),
    })),
  });

  const names = new Map<string, string>();
  for (const j of [...(scopeTree ?? []), ...lists.flatMap((list) => list.data ?? [])])
    names.set(j.code, j.name);
  return path.map((c) => ({ code: c, name: names.get(c) ?? c }));
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import type { Enterprise } from '@coordnet/shared/api/registry';
import { enterpriseQuery } from './enterprise-queries';

/** Router state a page passes to a form so its title survives being offline. */
export interface EnterpriseLinkState {
  enterpriseName?: string;
}

/**
 * The enterprise a form writes about. Forms work without it (offline after a reload): the name
 * then comes from the link that opened the form or the stored draft.
 */
export function useFormEnterprise(
  id: string,
  fallbackName?: string,
): { enterprise: Enterprise | undefined; name: string } {
  const location = useLocation();
  // The cached scope or list has it offline, also when its page was never opened.
  const query = useQuery({ ...enterpriseQuery(useQueryClient(), id), enabled: id !== '', retry: false });
  const fromLink = (location.state as EnterpriseLinkState | null)?.enterpriseName;
  return { enterprise: query.data, name: query.data?.name ?? fromLink ?? fallbackName ?? '企业' };
}

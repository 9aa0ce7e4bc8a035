import { useEffect } from 'react';
import { TabBar } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, ScrollRestoration, useLocation, useMatches, useNavigate } from 'react-router';
import { APPROVALS_PATH } from '../lib/links';
import { fetchApprovalPage, logKeys } from '../lib/log-api';
import { managerRoles } from '../lib/roles';
import { useSession } from './session-context';
import { tabOf, tabsFor } from './tabs';

/** Routes whose handle sets `form` hide the tab bar: the form's own action bar sits at the bottom. */
function useIsFormPage(): boolean {
  return useMatches().some((match) => (match.handle as { form?: boolean } | undefined)?.form === true);
}

/**
 * Starts the outbox sync loop for the signed-in person. Loaded on demand so IndexedDB code stays
 * out of the first screen's JavaScript; a synced write refreshes the duty-loop queries.
 */
function useOutboxSync(userId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    import('../lib/outbox-runtime')
      .then(({ startOutboxSync }) => {
        if (cancelled) return;
        stop = startOutboxSync(userId, () => void queryClient.invalidateQueries({ queryKey: ['duty'] }));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [userId, queryClient]);
}

/** How many visits wait for this supervisor: the 待审批 tab's badge (shares the queue's query). */
function useApprovalBadge(enabled: boolean): string | undefined {
  const queue = useQuery({
    queryKey: logKeys.approvals(),
    queryFn: ({ signal }) => fetchApprovalPage(undefined, signal),
    enabled,
  });
  const total = queue.data?.total ?? 0;
  if (!enabled || total === 0) return undefined;
  return total > 99 ? '99+' : String(total);
}

export function AppLayout() {
  const { user } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const form = useIsFormPage();
  const tabs = tabsFor(user);
  useOutboxSync(user.id);
  const approvalBadge = useApprovalBadge(managerRoles(user).length > 0 && !form);
  // Signing in happens on another screen that may have been scrolled; start the app at the top.
  useEffect(() => window.scrollTo(0, 0), [user.id]);
  return (
    <div className={form ? 'app-shell app-shell-form' : 'app-shell'}>
      <ScrollRestoration />
      <main className="app-main">
        <Outlet />
      </main>
      {!form && (
        <nav className="app-tab-bar" aria-label="主导航">
          <TabBar safeArea activeKey={tabOf(tabs, pathname)} onChange={(key) => void navigate(key)}>
            {tabs.map((tab) => (
              <TabBar.Item
                key={tab.key}
                icon={tab.icon}
                title={tab.title}
                badge={tab.key === APPROVALS_PATH ? approvalBadge : undefined}
              />
            ))}
          </TabBar>
        </nav>
      )}
    </div>
  );
}

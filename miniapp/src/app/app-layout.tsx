import { useEffect } from 'react';
import { Badge } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, ScrollRestoration, useLocation, useMatches } from 'react-router';
import { APPROVALS_PATH } from '../lib/links';
import { logKeys } from '../lib/log-keys';
import { managerRoles } from '../lib/roles';
import { OfflineBadge } from '../lib/ui/offline-badge';
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
    // Loaded on demand: the logs' schemas are not needed to paint the shell.
    queryFn: async ({ signal }) => (await import('../lib/log-api')).fetchApprovalPage(undefined, signal),
    enabled,
  });
  const total = queue.data?.total ?? 0;
  if (!enabled || total === 0) return undefined;
  return total > 99 ? '99+' : String(total);
}

export function AppLayout() {
  const { user } = useSession();
  const { pathname } = useLocation();
  const form = useIsFormPage();
  const tabs = tabsFor(user);
  const activeTab = tabOf(tabs, pathname);
  useOutboxSync(user.id);
  const approvalBadge = useApprovalBadge(managerRoles(user).length > 0 && !form);
  // Signing in happens on another screen that may have been scrolled; start the app at the top.
  useEffect(() => window.scrollTo(0, 0), [user.id]);
  return (
    <div className={form ? 'app-shell app-shell-form' : 'app-shell'}>
      <ScrollRestoration />
      <OfflineBadge />
      <main className="app-main">
        <Outlet />
      </main>
      {!form && (
        // Links, not antd-mobile's TabBar (divs): reachable by keyboard, announced as links, the
        // current one as the current page.
        <nav className="app-tab-bar" aria-label="主导航">
          <ul className="tab-list">
            {tabs.map((tab) => {
              const current = tab.key === activeTab;
              const badge = tab.key === APPROVALS_PATH ? approvalBadge : undefined;
              return (
                <li key={tab.key}>
                  <Link
                    to={tab.key}
                    className={current ? 'tab-link tab-link-active' : 'tab-link'}
                    aria-current={current ? 'page' : undefined}
                  >
                    {/* The badge's number is read after the title, in words (an aria-label that
                        differs from the visible text fails label-content-name-mismatch). */}
                    <span aria-hidden="true">
                      <Badge content={badge} className="tab-badge">
                        <span className="tab-icon">{tab.icon}</span>
                      </Badge>
                    </span>
                    <span className="tab-title">{tab.title}</span>
                    {badge ? <span className="visually-hidden">（{badge} 条待办）</span> : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
    </div>
  );
}

import { lazy, memo, Suspense, useDeferredValue } from 'react';
import { Button, Card, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { Jurisdiction } from '@coordnet/shared/api/registry';
import { useSession } from '../../app/session-context';
import { LOCAL_CODE_NOTE, levelLabel } from '../../lib/labels';
import { enterprisePath, enterprisesInPath, jurisdictionChildrenPath, riskReportPath } from '../../lib/links';
import { describePosts } from '../../lib/posts';
import { fetchScopeTree, registryKeys, rootsOf } from '../../lib/registry-api';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { dutyRoles, enterpriseRoles, isSupervisor, loggingRoles, managerRoles } from '../../lib/roles';
import { DutyProgress } from './duty-progress';
import { SupervisorOverview } from './supervisor-overview';

// The phone's own pending writes (IndexedDB, Dexie) are read after the first paint: the database
// code is a sixth of the page's JavaScript, and the card shows only when something is pending.
const PendingSyncCard = lazy(async () => ({
  default: (await import('./pending-sync-card')).PendingSyncCard,
}));
// Same for visits sent back: the card also reads the outbox (a correction may already be queued).
const RejectedVisitsCard = lazy(async () => ({
  default: (await import('./rejected-visits-card')).RejectedVisitsCard,
}));
// 我负责的 (责任人): read after the first paint, shown only to a coordinator named for some.
const MineCard = lazy(async () => ({ default: (await import('./mine-card')).MineCard }));
// Province managers' notices (backup age, missing holiday schedule) stay out of everyone else's load.
const BackupWarning = lazy(async () => ({ default: (await import('./backup-warning')).BackupWarning }));
const ScheduleMissingCard = lazy(async () => ({
  default: (await import('./schedule-missing-card')).ScheduleMissingCard,
}));

export function HomePage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const hasScope = user.jurisdictions.length > 0;
  const tree = useQuery({
    queryKey: registryKeys.scopeTree(),
    queryFn: ({ signal }) => fetchScopeTree(signal),
    enabled: hasScope,
  });
  // Rendered in a transition when it arrives, in slices, not in one long task (docs/performance P6).
  const scopes = useDeferredValue(tree.data);
  const ownEnterprises = enterpriseRoles(user);
  const coordinator = loggingRoles(user).length > 0 || ownEnterprises.length > 0;
  const provinceManager = managerRoles(user).some((role) => role.jurisdictionLevel === 'province');

  return (
    <>
      <PageHeader title="劳动关系协调员网络" />
      <section className="page-section">
        <Card className="greeting-card">
          <h2 className="greeting-name">您好，{user.name}</h2>
          <ul className="post-list">
            {describePosts(user).map((post) => (
              <li key={post.key}>
                <span className="post-title">{post.title}</span>
                <span className="muted">{post.place}</span>
              </li>
            ))}
          </ul>
        </Card>
      </section>

      {provinceManager && (
        <Suspense fallback={null}>
          <BackupWarning />
          <ScheduleMissingCard />
        </Suspense>
      )}
      {coordinator && (
        <Suspense fallback={null}>
          <PendingSyncCard userId={user.id} />
        </Suspense>
      )}
      {dutyRoles(user).length > 0 && (
        <Suspense fallback={null}>
          <RejectedVisitsCard userId={user.id} />
        </Suspense>
      )}
      {isSupervisor(user) && <SupervisorOverview canApprove={managerRoles(user).length > 0} />}
      {dutyRoles(user).length > 0 && (
        <Suspense fallback={null}>
          <MineCard />
        </Suspense>
      )}
      {dutyRoles(user).length > 0 && <DutyProgress />}

      {ownEnterprises.length > 0 && (
        <>
          <h3 className="section-title">我所在的企业</h3>
          <List className="page-section">
            {ownEnterprises.map((role) => (
              <List.Item
                key={role.id}
                description={role.jurisdictionName}
                onClick={() => void navigate(enterprisePath(role.enterpriseId))}
                extra={
                  <Button
                    size="small"
                    color="danger"
                    fill="outline"
                    onClick={(event) => {
                      event.stopPropagation();
                      void navigate(riskReportPath(role.enterpriseId));
                    }}
                  >
                    风险上报
                  </Button>
                }
              >
                {role.enterpriseName}
              </List.Item>
            ))}
          </List>
        </>
      )}

      {hasScope && (
        <>
          <h3 className="section-title">我负责的区划</h3>
          {tree.isError && !tree.data ? (
            <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />
          ) : !scopes ? (
            <LoadingBlock />
          ) : scopes.length === 0 ? (
            <EmptyState title="暂无负责的区划" />
          ) : (
            <ScopeCards scopes={scopes} />
          )}
        </>
      )}
    </>
  );
}

/** Memoized on the (deferred) tree, so the page rendering again as queries settle skips the cards. */
const ScopeCards = memo(function ScopeCards({ scopes }: { scopes: Jurisdiction[] }) {
  return rootsOf(scopes).map((root) => (
    <ScopeCard key={root.code} root={root} subordinates={scopes.filter((j) => j.parentCode === root.code)} />
  ));
});

function ScopeCard({ root, subordinates }: { root: Jurisdiction; subordinates: Jurisdiction[] }) {
  const navigate = useNavigate();
  return (
    <section className="page-section">
      <Card
        className="scope-card"
        title={
          <span className="scope-card-title">
            {root.name}
            <Tag color="primary" fill="outline">
              {levelLabel(root.level)}
            </Tag>
          </span>
        }
        extra={<Link to={enterprisesInPath(root)}>查看企业</Link>}
      >
        <p className="muted">
          {root.childCount > 0 ? `下辖 ${root.childCount} 个区划，点击区划查看其企业` : '暂无下级区划'}
        </p>
        {subordinates.length > 0 && (
          <List className="scope-card-list">
            {subordinates.map((child) => (
              <List.Item
                key={child.code}
                description={`${levelLabel(child.level)}${child.localCode ? ` · ${LOCAL_CODE_NOTE}` : ''} · 下辖 ${child.childCount} 个`}
                onClick={() => void navigate(enterprisesInPath(child))}
              >
                {child.name}
              </List.Item>
            ))}
          </List>
        )}
        {root.childCount > 0 && (
          <Link className="scope-card-more" to={jurisdictionChildrenPath(root.code)}>
            逐级浏览下级区划
          </Link>
        )}
      </Card>
    </section>
  );
}

import { Button, List } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import { LOCAL_CODE_NOTE } from '../../lib/labels';
import type { Jurisdiction } from '@coordnet/shared/api/registry';
import { useSession } from '../../app/session-context';
import { levelLabel } from '../../lib/labels';
import { enterprisesInPath, jurisdictionChildrenPath } from '../../lib/links';
import { fetchChildren, fetchScopeTree, registryKeys, rootsOf } from '../../lib/registry-api';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { useTrail, type TrailStep } from './use-trail';

export function JurisdictionBrowserPage() {
  const [params] = useSearchParams();
  const parent = params.get('parent');
  const { user } = useSession();
  const navigate = useNavigate();

  const scopeTree = useQuery({
    queryKey: registryKeys.scopeTree(),
    queryFn: ({ signal }) => fetchScopeTree(signal),
  });
  const children = useQuery({
    queryKey: registryKeys.children(parent ?? ''),
    queryFn: ({ signal }) => fetchChildren(parent ?? '', signal),
    enabled: parent !== null,
  });
  const trail = useTrail(parent, scopeTree.data);
  const current = trail[trail.length - 1];

  // Enterprise coordinators see their enterprise's jurisdiction but may not browse beneath it.
  const canBrowse = (j: Jurisdiction) =>
    j.childCount > 0 && user.jurisdictions.some((root) => isWithin(j.code, root.code));
  const open = (j: Jurisdiction) =>
    void navigate(canBrowse(j) ? jurisdictionChildrenPath(j.code) : enterprisesInPath(j));

  const list = parent === null ? scopeTree : children;
  const nodes = parent === null ? rootsOf(scopeTree.data ?? []) : (children.data ?? []);

  return (
    <>
      <PageHeader title={current?.name ?? '区划'} backTo="/" />
      <Breadcrumb trail={trail} />
      {current && (
        <div className="page-section">
          <Button
            block
            color="primary"
            fill="outline"
            onClick={() => void navigate(enterprisesInPath(current))}
          >
            查看{current.name}的企业
          </Button>
        </div>
      )}
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : nodes.length === 0 ? (
        <EmptyState title="没有下级区划" />
      ) : (
        <List header={parent === null ? '我负责的区划' : '下级区划'}>
          {nodes.map((j) => (
            <List.Item
              key={j.code}
              description={`${levelLabel(j.level)}${j.localCode ? ` · ${LOCAL_CODE_NOTE}` : ''} · 下辖 ${j.childCount} 个`}
              extra={
                <Link to={enterprisesInPath(j)} onClick={(event) => event.stopPropagation()}>
                  企业
                </Link>
              }
              onClick={() => open(j)}
            >
              {j.name}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

function Breadcrumb({ trail }: { trail: TrailStep[] }) {
  return (
    <nav className="breadcrumb" aria-label="当前位置">
      {trail.length === 0 ? <span>我的区划</span> : <Link to="/jurisdictions">我的区划</Link>}
      {trail.map((step, i) => (
        <span key={step.code} className="breadcrumb-step">
          <span className="breadcrumb-separator" aria-hidden="true">
            /{' '}
          </span>
          {i === trail.length - 1 ? (
            <span aria-current="page">{step.name}</span>
          ) : (
            <Link to={jurisdictionChildrenPath(step.code)}>{step.name}</Link>
          )}
        </span>
      ))}
    </nav>
  );
}

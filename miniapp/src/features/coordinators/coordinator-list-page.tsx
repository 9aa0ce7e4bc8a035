import { useCallback, useEffect, useState } from 'react';
import { Button, InfiniteScroll, List, SearchBar } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router';
import type { Coordinator } from '@coordnet/shared/api/registry';
import { fetchCoordinatorPage, registryKeys, type CoordinatorFilter } from '../../lib/registry-api';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { CoordinatorListItem } from '../../lib/ui/coordinator-list-item';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { KindFilter, parseKind } from './kind-filter';
import { QualificationPopup } from './qualification-popup';

export function CoordinatorListPage() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');
  const q = useDebouncedValue(text.trim());
  const kind = parseKind(params.get('kind'));
  const jurisdiction = params.get('jurisdiction') ?? undefined;
  const [editing, setEditing] = useState<Coordinator | null>(null);
  const navigate = useNavigate();

  const updateParam = useCallback(
    (key: string, value: string | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  useEffect(() => {
    if ((params.get('q') ?? '') !== q) updateParam('q', q || undefined);
  }, [q, params, updateParam]);

  const filter: CoordinatorFilter = { jurisdiction, kind, q: q || undefined };
  const pages = useCursorPages({
    queryKey: registryKeys.coordinators(filter),
    fetchPage: (cursor, signal) => fetchCoordinatorPage(filter, cursor, signal),
  });
  const items = pages.items ?? [];

  return (
    <>
      <PageHeader title="协调员" />
      <div className="filter-bar">
        <SearchBar placeholder="按姓名搜索" value={text} onChange={setText} maxLength={60} />
        <KindFilter value={kind} onChange={(next) => updateParam('kind', next)} />
        <LedgerDownload ledger="coordinators" query={{ jurisdiction, kind }} label="下载协调员台账" />
      </div>
      {!pages.items ? (
        pages.error ? (
          <ErrorState error={pages.error} onRetry={() => void pages.query.refetch()} />
        ) : (
          <LoadingBlock rows={6} />
        )
      ) : items.length === 0 ? (
        <EmptyState title="没有符合条件的协调员" />
      ) : (
        <>
          <List className="coordinator-list">
            {items.map((coordinator) => (
              <CoordinatorListItem
                key={coordinator.roleId}
                coordinator={coordinator}
                action={
                  coordinator.canEditQualification && (
                    <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap' }}>
                      <Button
                        className="qualification-button"
                        size="small"
                        fill="outline"
                        aria-label={`修改等级/证书：${coordinator.name}`}
                        onClick={() => setEditing(coordinator)}
                      >
                        修改等级/证书
                      </Button>
                      <Button
                        className="qualification-button"
                        size="small"
                        fill="outline"
                        color="danger"
                        aria-label={`结束任职：${coordinator.name}`}
                        onClick={() =>
                          void navigate(
                            `/coordinators/${encodeURIComponent(coordinator.roleId)}/end?${new URLSearchParams(
                              {
                                name: coordinator.name,
                                post: `${coordinator.enterpriseName ?? coordinator.jurisdictionName}${coordinator.kindLabel}`,
                              },
                            )}`,
                          )
                        }
                      >
                        结束任职
                      </Button>
                      <Button
                        className="qualification-button"
                        size="small"
                        fill="outline"
                        color="danger"
                        aria-label={`停用人员：${coordinator.name}`}
                        onClick={() =>
                          void navigate(
                            `/people/${encodeURIComponent(coordinator.userId)}/deactivate?${new URLSearchParams(
                              {
                                name: coordinator.name,
                              },
                            )}`,
                          )
                        }
                      >
                        停用人员
                      </Button>
                    </span>
                  )
                }
              />
            ))}
          </List>
          <InfiniteScroll loadMore={pages.loadMore} hasMore={pages.hasMore} />
        </>
      )}
      <QualificationPopup
        key={editing?.roleId ?? 'closed'}
        coordinator={editing}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

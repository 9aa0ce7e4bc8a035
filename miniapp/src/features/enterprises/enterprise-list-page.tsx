import { useCallback, useEffect, useState } from 'react';
import { Button, InfiniteScroll, List, SearchBar, Selector, Toast } from 'antd-mobile';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { dutyRoles, managerRoles } from '../../lib/roles';
import { errorMessage } from '../../lib/api';
import { assignResponsibleBulk } from '../../lib/responsible-api';
import { ResponsiblePicker } from './responsible-picker';
import { SIZE_LABELS } from '@coordnet/shared/domain/enterprise-size';
import { fetchEnterprisePage, registryKeys, type EnterpriseFilter } from '../../lib/registry-api';
import type { ScopeSnapshot } from '../../lib/enterprise-queries';
import { useOnline } from '../../lib/online';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useProgressiveItems } from '../../lib/use-progressive-items';
import { DataAge } from '../../lib/ui/offline';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { EnterpriseListItem } from './enterprise-list-item';
import { filterEnterprises, parseSize, SIZES } from './enterprise-filters';
import { LedgerDownload } from '../../lib/ui/ledger-download';

const ALL = 'all';
const SIZE_OPTIONS = [
  { label: '全部', value: ALL },
  ...SIZES.map((size) => ({ label: SIZE_LABELS[size], value: size })),
];

export function EnterpriseListPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const manager = managerRoles(useSession().user).length > 0;
  const [text, setText] = useState(() => params.get('q') ?? '');
  const q = useDebouncedValue(text.trim());
  const { user } = useSession();
  const jurisdiction = params.get('jurisdiction') ?? undefined;
  const size = parseSize(params.get('size'));
  const mine = params.get('mine') === '1';
  // 批量指定责任人 (seed §二(三) 岗位责任制): township/park coordinators and managers; the server checks each.
  const mayAssign = manager || dutyRoles(user).length > 0;
  const [selected, setSelected] = useState<Map<string, string> | null>(null);
  const [picking, setPicking] = useState(false);
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: (roleId: string | null) => assignResponsibleBulk([...selected!.keys()], roleId),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      Toast.show({ content: `已为 ${result.updated} 家企业指定责任人` });
      setPicking(false);
      setSelected(null);
    },
    onError: (failure) => Toast.show({ content: errorMessage(failure) }),
  });
  const toggle = (id: string, code: string) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(id)) next.delete(id);
      else next.set(id, code);
      return next;
    });

  const updateParam = useCallback(
    (key: string, value: string | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          if (key === 'jurisdiction' && !value) next.delete('jurisdictionName');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  // Keep the search in the address so coming back from a detail page restores it.
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) updateParam('q', q || undefined);
  }, [q, params, updateParam]);

  const filter: EnterpriseFilter = { jurisdiction, q: q || undefined, size, ...(mine ? { mine } : {}) };
  const online = useOnline();
  // Offline, a coordinator's whole scope is on the phone: searched and filtered there.
  // Read from the cache only (lib/offline-prefetch.ts fetches it).
  const scope = useQuery<ScopeSnapshot>({ queryKey: registryKeys.offlineScope(), queryFn: skipToken });
  const offlineScope = !online && scope.data ? scope.data : undefined;
  const pages = useCursorPages({
    queryKey: registryKeys.enterprises(filter),
    fetchPage: (cursor, signal) => fetchEnterprisePage(filter, cursor, signal),
    enabled: !offlineScope,
  });
  const items = offlineScope ? filterEnterprises(offlineScope.enterprises, filter, user.id) : pages.items;
  // The whole scope at once would hold a phone's main thread; pages from the server are short.
  const progressive = useProgressiveItems(offlineScope ? items : undefined);
  const shown = offlineScope ? progressive : (items ?? []);

  return (
    <>
      <PageHeader title="企业" />
      {(manager || mayAssign) && (
        <div className="page-section button-row">
          {manager && (
            <Button
              size="small"
              color="primary"
              fill="outline"
              onClick={() => void navigate('/enterprises/new')}
            >
              新增企业
            </Button>
          )}
          {mayAssign &&
            (selected ? (
              <>
                <Button
                  size="small"
                  color="primary"
                  disabled={selected.size === 0}
                  onClick={() => setPicking(true)}
                >
                  指定责任人（{selected.size}）
                </Button>
                <Button size="small" fill="none" onClick={() => setSelected(null)}>
                  取消选择
                </Button>
              </>
            ) : (
              <Button size="small" fill="outline" onClick={() => setSelected(new Map())}>
                批量指定责任人
              </Button>
            ))}
        </div>
      )}
      <div className="filter-bar">
        <SearchBar
          placeholder="搜索企业名称或统一社会信用代码"
          value={text}
          onChange={setText}
          maxLength={60}
        />
        <Selector
          aria-label="企业规模"
          columns={5}
          showCheckMark={false}
          options={SIZE_OPTIONS}
          value={[size ?? ALL]}
          onChange={(values) => updateParam('size', values[0] === ALL ? undefined : values[0])}
        />
        {mine && (
          <div className="filter-chip-row">
            <span>我负责的企业</span>
            <button type="button" className="link-button" onClick={() => updateParam('mine', undefined)}>
              清除
            </button>
          </div>
        )}
        {jurisdiction && (
          <div className="filter-chip-row">
            <span>区划：{params.get('jurisdictionName') ?? jurisdiction}（含下级）</span>
            <button
              type="button"
              className="link-button"
              onClick={() => updateParam('jurisdiction', undefined)}
            >
              清除
            </button>
          </div>
        )}
        {user.jurisdictions.length > 0 && (
          <LedgerDownload ledger="enterprises" query={{ jurisdiction, size }} label="下载企业台账" />
        )}
      </div>
      {items && <DataAge updatedAt={offlineScope ? scope.dataUpdatedAt : pages.updatedAt} />}
      {!items ? (
        pages.error ? (
          <ErrorState error={pages.error} onRetry={() => void pages.query.refetch()} />
        ) : (
          <LoadingBlock rows={6} />
        )
      ) : items.length === 0 ? (
        <EmptyState title="没有符合条件的企业" description={q ? '换个关键词试试' : undefined} />
      ) : (
        <>
          <List className="enterprise-list">
            {shown.map((enterprise) => (
              <EnterpriseListItem
                key={enterprise.id}
                enterprise={enterprise}
                selected={selected ? selected.has(enterprise.id) : undefined}
                onToggle={() => toggle(enterprise.id, enterprise.jurisdictionCode)}
              />
            ))}
          </List>
          {!offlineScope && <InfiniteScroll loadMore={pages.loadMore} hasMore={pages.hasMore} />}
        </>
      )}
      {selected && selected.size > 0 && (
        <ResponsiblePicker
          jurisdiction={selected.values().next().value!}
          visible={picking}
          busy={assign.isPending}
          onPick={(roleId) => assign.mutate(roleId)}
          onClose={() => setPicking(false)}
        />
      )}
    </>
  );
}

import { useState } from 'react';
import { Input, InfiniteScroll, List, SearchBar, Selector, Tag } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { AUDIT_GROUPS, auditPageSchema, type AuditGroup } from '@coordnet/shared/api/audit';
import { apiGet } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';

const GROUP_OPTIONS = (Object.keys(AUDIT_GROUPS) as AuditGroup[]).map((g) => ({
  value: g,
  label: AUDIT_GROUPS[g],
}));

/**
 * 操作日志 (province, city and county managers): who did what, when and from where in my area,
 * newest first, by person, kind of action and date; unmasked reads and exports stand out.
 */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const [name, setName] = useState(() => params.get('q') ?? '');
  const q = useDebouncedValue(name.trim(), 300);
  const group = (params.get('group') as AuditGroup | null) ?? undefined;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const set = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const pages = useCursorPages({
    queryKey: ['audit-log', { q, group, from, to }],
    fetchPage: (cursor: number | undefined, signal) =>
      apiGet(
        '/audit-log',
        auditPageSchema,
        { q: q || undefined, group, from: from || undefined, to: to || undefined, cursor, limit: 50 },
        signal,
      ),
  });
  const items = pages.items;

  return (
    <>
      <PageHeader title="操作日志" backTo="/me" />
      <div className="filter-bar">
        <SearchBar placeholder="按人员姓名筛选" value={name} onChange={setName} aria-label="按人员姓名筛选" />
        <Selector
          aria-label="操作分类"
          className="compact-selector"
          columns={3}
          showCheckMark={false}
          options={GROUP_OPTIONS}
          value={group ? [group] : []}
          onChange={(v) => set('group', v[0])}
        />
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Input type="date" aria-label="开始日期" value={from} onChange={(v) => set('from', v)} />
          <span className="muted">至</span>
          <Input type="date" aria-label="结束日期" value={to} onChange={(v) => set('to', v)} />
        </div>
        <LedgerDownload
          ledger="audit-log"
          query={{ q: q || undefined, group, from: from || undefined, to: to || undefined }}
          label="导出操作日志"
        />
      </div>
      {!items ? (
        pages.error ? (
          <ErrorState error={pages.error} onRetry={() => void pages.query.refetch()} />
        ) : (
          <LoadingBlock rows={6} />
        )
      ) : items.length === 0 ? (
        <EmptyState title="没有符合条件的操作记录" />
      ) : (
        <>
          <List>
            {items.map((e) => (
              <List.Item
                key={e.id}
                className="audit-item"
                description={
                  <>
                    <span>
                      {formatDateTime(e.at)} · {e.ip ?? '地址未知'}
                    </span>
                    {e.summary && (
                      <>
                        <br />
                        <span>{e.summary}</span>
                      </>
                    )}
                  </>
                }
                extra={
                  e.sensitive ? (
                    <Tag color="danger" className="status-tag">
                      {e.action === 'coordinator.mobile_revealed' ? '查看号码' : '导出'}
                    </Tag>
                  ) : undefined
                }
              >
                {e.actor?.name ?? '系统'} · {e.actionLabel}
              </List.Item>
            ))}
          </List>
          <InfiniteScroll loadMore={pages.loadMore} hasMore={pages.hasMore} />
        </>
      )}
    </>
  );
}

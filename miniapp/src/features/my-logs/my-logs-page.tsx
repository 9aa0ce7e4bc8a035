import { useState } from 'react';
import { InfiniteScroll, List, Selector } from 'antd-mobile';
import type { LogKind } from '@coordnet/shared/api/keys';
import { useSession } from '../../app/session-context';
import { fetchLogPage } from '../../lib/log-api';
import { logKeys, type LogFilter } from '../../lib/log-keys';
import { useOutboxItems } from '../../lib/use-outbox';
import { LogItem } from '../../lib/ui/log-item';
import { OutboxList } from '../../lib/ui/outbox-list';
import { RejectedVisitAction } from '../../lib/ui/rejected-visit-action';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { DataAge } from '../../lib/ui/offline';
import { useCursorPages } from '../../lib/use-cursor-pages';

const ALL = 'all';
const KIND_OPTIONS: { label: string; value: LogKind | typeof ALL }[] = [
  { label: '全部', value: ALL },
  { label: '联络', value: 'contact' },
  { label: '走访', value: 'visit' },
  { label: '上报', value: 'risk_report' },
];

/** 我的记录: what is still on the phone, then what the server has and its status. */
export function MyLogsPage() {
  const { user } = useSession();
  const [kind, setKind] = useState<LogKind | typeof ALL>(ALL);
  const outbox = useOutboxItems(user.id) ?? [];
  // Only my own: supervisors and enterprise coordinators would otherwise get others' logs too.
  const filter: LogFilter = { kind: kind === ALL ? undefined : kind, mine: true };
  const pages = useCursorPages({
    queryKey: logKeys.list(filter),
    fetchPage: (cursor, signal) => fetchLogPage(filter, cursor, signal),
  });
  const logs = pages.items;

  return (
    <>
      <PageHeader title="我的记录" />
      <OutboxList items={outbox} />
      <div className="filter-bar">
        <Selector
          aria-label="记录类型"
          columns={4}
          showCheckMark={false}
          options={KIND_OPTIONS}
          value={[kind]}
          onChange={(values) => values[0] && setKind(values[0])}
        />
      </div>
      {logs && <DataAge updatedAt={pages.updatedAt} />}
      {!logs ? (
        pages.error ? (
          <ErrorState error={pages.error} onRetry={() => void pages.query.refetch()} />
        ) : (
          <LoadingBlock rows={6} />
        )
      ) : logs.length === 0 ? (
        <EmptyState title="暂无记录" />
      ) : (
        <>
          <List className="log-list">
            {logs.map((log) => (
              <LogItem key={log.id} log={log}>
                <RejectedVisitAction log={log} userId={user.id} outbox={outbox} />
              </LogItem>
            ))}
          </List>
          <InfiniteScroll loadMore={pages.loadMore} hasMore={pages.hasMore} />
        </>
      )}
    </>
  );
}

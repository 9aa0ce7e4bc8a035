import { useState } from 'react';
import { InfiniteScroll, List, Selector } from 'antd-mobile';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { LogKind } from '@coordnet/shared/api/logs';
import { useSession } from '../../app/session-context';
import { fetchLogPage, logKeys, type LogFilter } from '../../lib/log-api';
import { useOutboxItems } from '../../lib/use-outbox';
import { LogItem } from '../../lib/ui/log-item';
import { OutboxList } from '../../lib/ui/outbox-list';
import { RejectedVisitAction } from '../../lib/ui/rejected-visit-action';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';

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
  const pages = useInfiniteQuery({
    queryKey: logKeys.list(filter),
    queryFn: ({ pageParam, signal }) => fetchLogPage(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const logs = pages.data?.pages.flatMap((page) => page.items) ?? [];

  const loadMore = async () => {
    const result = await pages.fetchNextPage();
    if (result.isFetchNextPageError) throw result.error;
  };

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
      {!pages.data ? (
        pages.isError ? (
          <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
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
          <InfiniteScroll loadMore={loadMore} hasMore={pages.hasNextPage} />
        </>
      )}
    </>
  );
}

import { List } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../app/session-context';
import { fetchLogPage } from '../../lib/log-api';
import { logKeys } from '../../lib/log-keys';
import { useOutboxItems } from '../../lib/use-outbox';
import { LogItem } from '../../lib/ui/log-item';
import { OutboxList } from '../../lib/ui/outbox-list';
import { RejectedVisitAction } from '../../lib/ui/rejected-visit-action';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';

/** Contacts, visits and reports about one enterprise: those still on the phone, then the server's. */
export function EnterpriseHistory({ enterpriseId }: { enterpriseId: string }) {
  const { user } = useSession();
  const outbox = (useOutboxItems(user.id) ?? []).filter((item) => item.enterpriseId === enterpriseId);
  const filter = { enterpriseId };
  const logs = useQuery({
    queryKey: logKeys.list(filter),
    queryFn: ({ signal }) => fetchLogPage(filter, undefined, signal, 20),
  });
  return (
    <>
      <OutboxList items={outbox} showEnterprise={false} />
      {logs.isPending ? (
        <LoadingBlock rows={3} />
      ) : logs.isError ? (
        <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />
      ) : logs.data.items.length === 0 ? (
        outbox.length === 0 && <EmptyState title="暂无联络和走访记录" />
      ) : (
        <List className="log-list">
          {logs.data.items.map((log) => (
            <LogItem key={log.id} log={log} showEnterprise={false}>
              <RejectedVisitAction log={log} userId={user.id} outbox={outbox} />
            </LogItem>
          ))}
        </List>
      )}
    </>
  );
}

import { List } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { fetchLogPage } from '../../lib/log-api';
import { logKeys, type LogFilter } from '../../lib/log-keys';
import { useOutboxItems } from '../../lib/use-outbox';
import { LogItem } from '../../lib/ui/log-item';
import { RejectedVisitAction } from '../../lib/ui/rejected-visit-action';

const REJECTED: LogFilter = { kind: 'visit', status: 'rejected', mine: true };

/**
 * The coordinator's own visits a supervisor sent back, on 首页 where they cannot be missed: each with
 * its 已退回 tag, the reason, and 修改后重新提交. Nothing shows when there are none (or offline).
 */
export function RejectedVisitsCard({ userId }: { userId: string }) {
  const outbox = useOutboxItems(userId) ?? [];
  const rejected = useQuery({
    queryKey: logKeys.list(REJECTED),
    queryFn: ({ signal }) => fetchLogPage(REJECTED, undefined, signal, 20),
  });
  const items = rejected.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="page-section rejected-visits" aria-labelledby="rejected-visits-title">
      <h3 className="section-title" id="rejected-visits-title">
        被退回的走访（{items.length}
        {rejected.data?.nextCursor ? '+' : ''} 条）
      </h3>
      <List className="log-list">
        {items.map((log) => (
          <LogItem key={log.id} log={log}>
            <RejectedVisitAction log={log} userId={userId} outbox={outbox} />
          </LogItem>
        ))}
      </List>
    </section>
  );
}

import { useDeferredValue } from 'react';
import { List } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { DutyStatus } from '@coordnet/shared/api/duties';
import { dutyKeys, fetchDutyPage, type DutyTarget } from '../../lib/duty-api';
import { formatDateTime } from '../../lib/format';
import { enterprisePath } from '../../lib/links';
import { DutyStatusTag } from '../../lib/ui/status-tag';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';

/** Enterprises of a jurisdiction with their duty status for the rule and period, overdue first. */
export function DutyEnterpriseList({
  target,
  status,
  emptyTitle,
  limit = 50,
}: {
  target: DutyTarget;
  status?: DutyStatus;
  emptyTitle: string;
  limit?: number;
}) {
  const navigate = useNavigate();
  const page = useQuery({
    queryKey: [...dutyKeys.list(target, status), limit],
    queryFn: ({ signal }) => fetchDutyPage(target, { status, limit }, signal),
  });
  // Rendered in a transition when it arrives, in slices, not in one long task (docs/performance P6).
  const data = useDeferredValue(page.data);
  if (page.isError) return <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  if (!data) return <LoadingBlock rows={4} />;
  if (data.items.length === 0) return <EmptyState title={emptyTitle} />;
  return (
    <>
      <List className="duty-list">
        {data.items.map((item) => (
          <List.Item
            key={item.id}
            onClick={() => void navigate(enterprisePath(item.id))}
            extra={<DutyStatusTag status={item.status} />}
            description={
              <>
                <div>{item.jurisdictionName}</div>
                <div>
                  {item.lastLog
                    ? `最近：${formatDateTime(item.lastLog.occurredAt)} ${item.lastLog.authorName}`
                    : '本期尚无记录'}
                </div>
                {item.responsible.length > 0 && (
                  <div>负责：{item.responsible.map((p) => p.name).join('、')}</div>
                )}
              </>
            }
          >
            {item.name}
          </List.Item>
        ))}
      </List>
      {data.nextCursor && <p className="section-note muted">仅显示前 {data.items.length} 家</p>}
    </>
  );
}

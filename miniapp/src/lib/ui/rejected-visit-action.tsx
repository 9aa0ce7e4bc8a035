import { Button } from 'antd-mobile';
import { useNavigate } from 'react-router';
import type { Log } from '@coordnet/shared/api/logs';
import { correctVisitPath } from '../links';
import type { OutboxItem } from '../outbox-db';

/** Whether this is the author's own visit that a supervisor sent back. */
export function isOwnRejectedVisit(log: Log, userId: string): boolean {
  return log.kind === 'visit' && log.status === 'rejected' && log.author.userId === userId;
}

/**
 * 修改后重新提交 under the author's own rejected visit, or a note that the correction is already on
 * the phone (an outbox `visit_revision`) waiting to be sent. Renders nothing for any other log.
 */
export function RejectedVisitAction({
  log,
  userId,
  outbox,
}: {
  log: Log;
  userId: string;
  outbox: OutboxItem[];
}) {
  const navigate = useNavigate();
  if (!isOwnRejectedVisit(log, userId)) return null;
  const queued = outbox.some((item) => item.kind === 'visit_revision' && item.logId === log.id);
  return (
    <div className="log-actions">
      {queued ? (
        <span className="muted">已修改，等待同步</span>
      ) : (
        <Button
          size="small"
          color="primary"
          onClick={(event) => {
            event.stopPropagation();
            void navigate(correctVisitPath(log.id));
          }}
        >
          修改后重新提交
        </Button>
      )}
    </div>
  );
}

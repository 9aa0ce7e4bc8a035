import { useQuery } from '@tanstack/react-query';
import type { LogDetail, LogEvent } from '@coordnet/shared/api/logs';
import { errorMessage } from '../api';
import { formatDateTime, formatDistance, formatShortDateTime } from '../format';
import { fetchLog } from '../log-api';
import { logKeys } from '../log-keys';

const REVISION_ACTIONS: readonly string[] = ['created', 'revised'];

/** 打卡 12-03 10:21 · 距企业 120 米 (重新打卡), or 未打卡. */
export function checkInLine(checkIn: LogEvent['checkIn']): string {
  if (!checkIn) return '未打卡';
  const distance =
    checkIn.distanceMeters === null ? '' : ` · 距企业 ${formatDistance(checkIn.distanceMeters)}`;
  return `${checkIn.redone ? '重新打卡' : '打卡'} ${formatShortDateTime(checkIn.at)}${distance}`;
}

/** 修改记录: every revision of a visit with the check-in it stood on, and each decision on it. */
export function VisitRevisions({ history }: { history: LogDetail['history'] }) {
  if (history.length <= 1) return null;
  return (
    <section className="visit-revisions" aria-label="修改记录">
      <h3 className="section-title">修改记录</h3>
      <ol className="revision-list">
        {history.map((event, i) => (
          <li key={i} className="revision-item">
            <div>
              第 {event.revision} 版 · {event.actionLabel} · {event.actor.name} · {formatDateTime(event.at)}
            </div>
            {REVISION_ACTIONS.includes(event.action) && (
              <div className="muted">{checkInLine(event.checkIn)}</div>
            )}
            {event.reason && <div className="muted">原因：{event.reason}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** 修改记录 of a visit read when asked for (a card in 待审批 shows the current revision only). */
export function LoadedVisitRevisions({ logId }: { logId: string }) {
  const log = useQuery({ queryKey: logKeys.one(logId), queryFn: ({ signal }) => fetchLog(logId, signal) });
  if (log.isPending) return <p className="muted">正在读取修改记录…</p>;
  if (log.isError) return <p className="muted">{errorMessage(log.error)}</p>;
  return <VisitRevisions history={log.data.history} />;
}

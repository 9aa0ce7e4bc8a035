import { ErrorBlock } from 'antd-mobile';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import { formatDateTime } from '../format';
import { useOnline } from '../online';

/** Always on screen without a signal: what is shown is the phone's copy, and writes wait to be sent. */
export function OfflineBadge() {
  const online = useOnline();
  if (online) return null;
  return (
    <div className="offline-badge" role="status" aria-label="离线：显示本机保存的数据，记录将在联网后同步">
      离线
    </div>
  );
}

/** "10:05" today, "3月2日 10:05" otherwise (Shanghai time). */
export function dataAgeText(updatedAt: number, now = Date.now()): string {
  const time = formatDateTime(updatedAt, now);
  const sameDay = shanghaiDate(new Date(updatedAt)) === shanghaiDate(new Date(now));
  return `数据更新于 ${sameDay ? time.slice(time.indexOf(' ') + 1) : time}`;
}

/** How old a cached screen's data is; shown offline, when it cannot be refreshed. */
export function DataAge({ updatedAt }: { updatedAt: number | undefined }) {
  const online = useOnline();
  if (online || !updatedAt) return null;
  return <p className="data-age muted">{dataAgeText(updatedAt)}</p>;
}

/** Offline with nothing saved on the phone for this screen: say so at once, and what to do. */
export function OfflineEmpty() {
  return (
    <ErrorBlock
      status="disconnected"
      title="暂无离线数据"
      description="这部分内容还没有保存到本机，请联网后打开一次"
      className="state-block offline-empty"
    />
  );
}

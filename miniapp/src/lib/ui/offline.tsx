import { shanghaiDate } from '@coordnet/shared/domain/period';
import { formatDateTime } from '../format';
import { useOnline } from '../online';

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

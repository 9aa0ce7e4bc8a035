import { NoticeBar } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { backupStatusSchema } from '@coordnet/shared/api/backups';
import { apiGet } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

/** For province managers: a warning when the last good backup is over two days old (or never ran). */
export function BackupWarning() {
  const status = useQuery({
    queryKey: ['backups', 'status'],
    queryFn: ({ signal }) => apiGet('/backups/status', backupStatusSchema, undefined, signal),
    staleTime: 10 * 60_000,
  });
  if (!status.data?.stale) return null;
  const { lastGoodAt } = status.data;
  return (
    <div className="page-section" role="alert">
      <NoticeBar
        color="alert"
        wrap
        content={
          lastGoodAt
            ? `数据备份已超过两天未成功（上次成功：${formatDateTime(lastGoodAt)}），请联系信息化人员检查备份。`
            : '系统尚未成功备份过数据，请联系信息化人员按运维手册设置每日备份。'
        }
      />
    </div>
  );
}

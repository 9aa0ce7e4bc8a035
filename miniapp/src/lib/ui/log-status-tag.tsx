import { Tag } from 'antd-mobile';
import { LOG_STATUSES, type LogStatus } from '@coordnet/shared/api/logs';
import type { TagColor } from './status-tag';

// Apart from the duty tag: importing the logs' labels builds all of the logs' schemas, which 首页
// and 看板 do not need.
const LOG_COLORS: Record<LogStatus, TagColor> = {
  recorded: 'success',
  submitted: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
  open: 'warning',
  closed: 'default',
};

export function LogStatusTag({ status }: { status: LogStatus }) {
  return (
    <Tag color={LOG_COLORS[status]} fill="outline" className="status-tag">
      {LOG_STATUSES[status]}
    </Tag>
  );
}

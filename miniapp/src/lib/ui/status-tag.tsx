import { Tag } from 'antd-mobile';
import { DUTY_STATUSES } from '@coordnet/shared/api/duties';
import { LOG_STATUSES, type LogStatus } from '@coordnet/shared/api/logs';
import type { ShownDutyStatus } from '../pending-writes';

type TagColor = 'default' | 'primary' | 'success' | 'warning' | 'danger';

const DUTY_COLORS: Record<ShownDutyStatus, TagColor> = {
  pending_sync: 'warning',
  overdue: 'danger',
  due: 'primary',
  awaiting_approval: 'warning',
  done: 'success',
};

const LOG_COLORS: Record<LogStatus, TagColor> = {
  recorded: 'success',
  submitted: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
  open: 'warning',
  closed: 'default',
};

const DUTY_LABELS: Record<ShownDutyStatus, string> = { ...DUTY_STATUSES, pending_sync: '待同步' };

/** A duty's status; 待同步 when the log that fulfils it is still only on this phone. */
export function DutyStatusTag({ status }: { status: ShownDutyStatus }) {
  return (
    <Tag color={DUTY_COLORS[status]} fill="outline" className="status-tag">
      {DUTY_LABELS[status]}
    </Tag>
  );
}

export function LogStatusTag({ status }: { status: LogStatus }) {
  return (
    <Tag color={LOG_COLORS[status]} fill="outline" className="status-tag">
      {LOG_STATUSES[status]}
    </Tag>
  );
}

import { Tag } from 'antd-mobile';
import { DUTY_STATUSES, type DutyStatus } from '@coordnet/shared/api/duties';
import { LOG_STATUSES, type LogStatus } from '@coordnet/shared/api/logs';

type TagColor = 'default' | 'primary' | 'success' | 'warning' | 'danger';

const DUTY_COLORS: Record<DutyStatus, TagColor> = {
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

export function DutyStatusTag({ status }: { status: DutyStatus }) {
  return (
    <Tag color={DUTY_COLORS[status]} fill="outline" className="status-tag">
      {DUTY_STATUSES[status]}
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

import { Tag } from 'antd-mobile';
import { DUTY_STATUSES } from '@coordnet/shared/api/duties';
import type { ShownDutyStatus } from '../pending-writes';

export type TagColor = 'default' | 'primary' | 'success' | 'warning' | 'danger';

const DUTY_COLORS: Record<ShownDutyStatus, TagColor> = {
  pending_sync: 'warning',
  overdue: 'danger',
  due: 'primary',
  awaiting_approval: 'warning',
  done: 'success',
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

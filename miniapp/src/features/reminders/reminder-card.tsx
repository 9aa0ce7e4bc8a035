import { useState } from 'react';
import { Card, Tag } from 'antd-mobile';
import {
  errcodeMeaning,
  REMINDER_CHANNELS,
  type Reminder,
  type ReminderStatus,
} from '@coordnet/shared/api/reminders';
import { formatDateTime } from '../../lib/format';
import { MarkdownText } from './markdown-text';

const STATUS_COLORS: Record<ReminderStatus, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  sent: 'success',
  pending: 'primary',
  sending: 'primary',
  failed: 'danger',
  blocked: 'warning',
  cancelled: 'default',
};

/** Long reminders are folded after this many lines until opened. */
const FOLDED_LINES = 8;

export function ReminderCard({ reminder: r }: { reminder: Reminder }) {
  const [open, setOpen] = useState(false);
  const long = r.text.split('\n').length > FOLDED_LINES;
  const target =
    r.channel === 'robot' ? (r.group?.name ?? r.jurisdictionName) : `${r.recipient?.name ?? ''}（工作通知）`;
  return (
    <Card className="reminder-card">
      <div className="reminder-head">
        <Tag color={STATUS_COLORS[r.status]} fill="outline" className="status-tag">
          {r.statusLabel}
        </Tag>
        <span className="reminder-rule">{r.ruleLabel}</span>
        {r.parts > 1 && (
          <span className="muted">
            第 {r.part}/{r.parts} 条
          </span>
        )}
        {r.estimatedCalendar && (
          <Tag color="warning" fill="outline" className="status-tag">
            按估算日历安排
          </Tag>
        )}
      </div>
      <p className="reminder-target">
        {REMINDER_CHANNELS[r.channel]} · {target}
      </p>
      <p className="muted reminder-time">
        {r.sentAt ? `发送于 ${formatDateTime(r.sentAt)}` : `生成于 ${formatDateTime(r.createdAt)}`}
        {r.status === 'pending' && r.nextAttemptAt && ` · 预计 ${formatDateTime(r.nextAttemptAt)} 发送`}
        {r.attempts > 1 && ` · 已尝试 ${r.attempts} 次`}
      </p>
      {r.estimatedCalendar && (
        <p className="muted">安排时该年国务院放假安排尚未录入，发送日按法定节假日估算（不含调休）。</p>
      )}
      {r.errcode !== null || r.errmsg ? (
        <p className={r.errcode === 0 ? 'reminder-errcode ok' : 'reminder-errcode'}>
          发送结果：{errcodeMeaning(r.errcode, r.errmsg)}
        </p>
      ) : null}
      <div className={long && !open ? 'reminder-text folded' : 'reminder-text'}>
        <MarkdownText text={r.text} />
      </div>
      {long && (
        <button type="button" className="link-button" onClick={() => setOpen((v) => !v)}>
          {open ? '收起' : '展开全文'}
        </button>
      )}
    </Card>
  );
}

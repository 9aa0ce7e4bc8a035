import type { ReactNode } from 'react';
import { List } from 'antd-mobile';
import {
  CONTACT_CHANNELS,
  GUIDANCE_METHODS,
  RISK_KINDS,
  RISK_LEVELS,
  RISK_SEVERITIES,
  type Log,
} from '@coordnet/shared/api/logs';
import { GUIDANCE_TOPICS } from '@coordnet/shared/domain/guidance-topics';
import { formatDateTime } from '../format';
import { dutyLabels } from './duty-chips';
import { LogStatusTag } from './log-status-tag';

function detailOf(log: Log): string | null {
  if (log.contact) return `联络方式：${CONTACT_CHANNELS[log.contact.channel]}`;
  if (log.visit) return `风险等级：${RISK_LEVELS[log.visit.riskLevel]} · 照片 ${log.visit.photos.length} 张`;
  if (log.guidance)
    return `${GUIDANCE_METHODS[log.guidance.method]} · ${log.guidance.topics.map((t) => GUIDANCE_TOPICS[t]).join('、')} · 指导 ${log.guidance.coordinators.map((c) => c.name).join('、')}`;
  if (log.riskReport)
    return `${RISK_KINDS[log.riskReport.riskKind]} · ${RISK_SEVERITIES[log.riskReport.severity]} · 涉及 ${log.riskReport.peopleAffected} 人`;
  return null;
}

/** One contact, visit or report in a list; `showEnterprise` when the list spans enterprises. */
export function LogItem({
  log,
  showEnterprise = true,
  onClick,
  children,
}: {
  log: Log;
  showEnterprise?: boolean;
  onClick?: () => void;
  children?: ReactNode;
}) {
  const rejected = log.status === 'rejected' ? log.visit?.decision : null;
  const detail = detailOf(log);
  return (
    <List.Item
      className="log-item"
      onClick={onClick}
      extra={<LogStatusTag status={log.status} />}
      description={
        <>
          <div>
            {formatDateTime(log.occurredAt)} · {log.author.name}
          </div>
          {log.duties.length > 0 && <div className="log-duties">{dutyLabels(log.duties)}</div>}
          {detail && <div>{detail}</div>}
          {log.notes && <div className="log-notes">{log.notes}</div>}
          {rejected && (
            <div className="log-rejection" role="note">
              退回原因：{rejected.reason ?? '未填写'}（{rejected.by.name}）
            </div>
          )}
          {children}
        </>
      }
    >
      {showEnterprise ? `${log.kindLabel} · ${log.enterprise.name}` : log.kindLabel}
    </List.Item>
  );
}

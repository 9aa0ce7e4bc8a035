import { Tag } from 'antd-mobile';
import type { RiskCase, RiskCaseStage } from '@coordnet/shared/api/risk-cases';

const STAGE_COLORS: Record<RiskCaseStage, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  pending: 'warning',
  accepted: 'primary',
  in_progress: 'primary',
  closed: 'success',
};

/** The stage, the severity when it is not 一般, and 已逾期 / 已上报 N 级 when so. */
export function RiskCaseTags({ c }: { c: RiskCase }) {
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4, justifyContent: 'flex-end' }}>
      <Tag color={STAGE_COLORS[c.stage]} fill="outline" className="status-tag">
        {c.stageLabel}
      </Tag>
      {c.severity !== 'general' && (
        <Tag color="danger" fill="outline" className="status-tag">
          {c.severity === 'major' ? '重大' : c.severityLabel}
        </Tag>
      )}
      {c.overdue && (
        <Tag color="danger" className="status-tag">
          已逾期
        </Tag>
      )}
      {c.escalations > 0 && (
        <Tag color="warning" className="status-tag">
          已上报{c.handling.name}
        </Tag>
      )}
    </span>
  );
}

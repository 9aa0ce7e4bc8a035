import { Checkbox, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import type { Enterprise } from '@coordnet/shared/api/registry';
import { industryLabel, sizeLabel, statusLabel } from '../../lib/labels';
import { enterprisePath } from '../../lib/links';

export function EnterpriseListItem({
  enterprise: e,
  selected,
  onToggle,
}: {
  enterprise: Enterprise;
  /** in 批量指定责任人: whether it is ticked (undefined: not selecting) */
  selected?: boolean;
  onToggle?: () => void;
}) {
  const navigate = useNavigate();
  const selecting = selected !== undefined;
  return (
    <List.Item
      className="enterprise-item"
      prefix={selecting ? <Checkbox checked={selected} aria-label={`选择${e.name}`} /> : undefined}
      onClick={() => (selecting ? onToggle?.() : void navigate(enterprisePath(e.id)))}
      description={
        <>
          <div>
            {e.jurisdictionName} · {industryLabel(e.industry)}
          </div>
          <div className="list-meta">
            <Tag color="primary" fill="outline">
              {sizeLabel(e.size)}
            </Tag>
            {e.isKey && (
              <Tag color="danger" fill="outline">
                重点企业
              </Tag>
            )}
            {e.status !== 'active' && <Tag color="warning">{statusLabel(e.status)}</Tag>}
            {e.employees !== null && <span>{e.employees} 人</span>}
            {e.responsible && <span>责任人 {e.responsible.name}</span>}
          </div>
        </>
      }
    >
      {e.name}
    </List.Item>
  );
}

import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import type { Enterprise } from '@coordnet/shared/api/registry';
import { industryLabel, sizeLabel, statusLabel } from '../../lib/labels';
import { enterprisePath } from '../../lib/links';

export function EnterpriseListItem({ enterprise: e }: { enterprise: Enterprise }) {
  const navigate = useNavigate();
  return (
    <List.Item
      className="enterprise-item"
      onClick={() => void navigate(enterprisePath(e.id))}
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
          </div>
        </>
      }
    >
      {e.name}
    </List.Item>
  );
}

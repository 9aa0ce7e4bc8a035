import { Button, Card, List, Tag } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { managerRoles } from '../../lib/roles';
import type { Enterprise } from '@coordnet/shared/api/registry';
import {
  NOT_FILLED,
  displayMobile,
  formatAmount,
  industryLabel,
  sizeLabel,
  statusLabel,
} from '../../lib/labels';
import { enterpriseCoordinatorsQuery, enterpriseQuery } from '../../lib/enterprise-queries';
import { CoordinatorListItem } from '../../lib/ui/coordinator-list-item';
import { InfoRows, type InfoRow } from '../../lib/ui/info-rows';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { DataAge } from '../../lib/ui/offline';
import { EnterpriseActions } from './enterprise-actions';
import { EnterpriseHistory } from './enterprise-history';
import { ResponsibleRow } from './responsible-row';

function sizeText(e: Enterprise): string {
  if (!e.size) return sizeLabel(null);
  return `${sizeLabel(e.size)}（${e.declaredSize ? '企业申报' : '按指标测算'}）`;
}

function rowsOf(e: Enterprise): InfoRow[] {
  return [
    { label: '所属区划', value: e.jurisdictionName },
    { label: '行业', value: industryLabel(e.industry) },
    { label: '规模', value: sizeText(e) },
    {
      label: '从业人员',
      value: e.employees === null ? NOT_FILLED : `${e.employees.toLocaleString('zh-CN')} 人`,
    },
    { label: '营业收入(万元)', value: formatAmount(e.revenue) },
    { label: '资产总额(万元)', value: formatAmount(e.assets) },
    { label: '联系人', value: e.contactName ?? NOT_FILLED },
    { label: '手机', value: displayMobile(e.contactMobile) },
    { label: '地址', value: e.address ?? NOT_FILLED },
    { label: '重点企业', value: e.isKey ? '是' : '否' },
    { label: '状态', value: statusLabel(e.status) },
  ];
}

export function EnterpriseDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const manager = managerRoles(useSession().user).length > 0;
  // Opens at once from the cached scope or list (also offline), then refreshes when stale.
  const enterprise = useQuery(enterpriseQuery(useQueryClient(), id));

  return (
    <>
      <PageHeader title="企业详情" backTo="/enterprises" />
      {enterprise.isPending ? (
        <LoadingBlock rows={8} />
      ) : !enterprise.data ? (
        <ErrorState error={enterprise.error} onRetry={() => void enterprise.refetch()} />
      ) : (
        <>
          <DataAge updatedAt={enterprise.dataUpdatedAt} />
          <section className="page-section">
            <Card>
              <h2 className="detail-title">{enterprise.data.name}</h2>
              <p className="muted">统一社会信用代码 {enterprise.data.uscc}</p>
              {manager && (
                <Button
                  size="small"
                  fill="outline"
                  onClick={() => void navigate(`/enterprises/${encodeURIComponent(enterprise.data.id)}/edit`)}
                >
                  编辑企业信息
                </Button>
              )}
              <div className="list-meta">
                <Tag color="primary" fill="outline">
                  {sizeLabel(enterprise.data.size)}
                </Tag>
                {enterprise.data.isKey && (
                  <Tag color="danger" fill="outline">
                    重点企业
                  </Tag>
                )}
              </div>
            </Card>
          </section>
          <ResponsibleRow enterprise={enterprise.data} />
          <EnterpriseActions enterprise={enterprise.data} />
          <h3 className="section-title">联络和走访记录</h3>
          <EnterpriseHistory enterpriseId={enterprise.data.id} />
          <h3 className="section-title">基本信息</h3>
          <InfoRows rows={rowsOf(enterprise.data)} />
          <h3 className="section-title">企业劳动关系协调员</h3>
          <EnterpriseCoordinators enterpriseId={enterprise.data.id} />
        </>
      )}
    </>
  );
}

function EnterpriseCoordinators({ enterpriseId }: { enterpriseId: string }) {
  const page = useQuery(enterpriseCoordinatorsQuery(useQueryClient(), enterpriseId));
  if (page.isPending) return <LoadingBlock rows={3} />;
  if (!page.data) return <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  if (page.data.items.length === 0) return <EmptyState title="暂无登记的协调员" />;
  return (
    <>
      <List>
        {page.data.items.map((coordinator) => (
          <CoordinatorListItem key={coordinator.roleId} coordinator={coordinator} />
        ))}
      </List>
      {page.data.nextCursor && <p className="section-title muted">仅显示前 {page.data.items.length} 位</p>}
    </>
  );
}

import { Card, List, Selector, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import {
  PLATFORM_STATUSES,
  STAFFING_STATUSES,
  staffingSchema,
  type PlatformStatus,
  type Staffing,
  type StaffingStatus,
} from '@coordnet/shared/api/compliance';
import { SIZE_LABELS } from '@coordnet/shared/domain/enterprise-size';
import { apiGet } from '../../lib/api';
import { formatRate } from '../../lib/format';
import { enterprisePath } from '../../lib/links';
import { PageHeader } from '../../lib/ui/page-header';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LedgerDownload } from '../../lib/ui/ledger-download';

const STATUS_COLORS: Record<StaffingStatus, string> = {
  below: 'danger',
  covered: 'warning',
  compliant: 'success',
};
const PLATFORM_COLORS: Record<PlatformStatus, string> = {
  below: 'danger',
  advised: 'warning',
  compliant: 'success',
};
const FILTERS = [
  { value: 'below', label: '未达标' },
  { value: 'all', label: '全部' },
] as const;

/** 配备达标 (seed §二(一)): staffing minimums per child jurisdiction, drilling down to enterprises. */
export function CompliancePage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const jurisdiction = params.get('jurisdiction');
  const status = params.get('status') === 'all' ? undefined : 'below';
  const staffing = useQuery({
    queryKey: ['compliance', 'staffing', jurisdiction, status],
    queryFn: ({ signal }) =>
      apiGet('/compliance/staffing', staffingSchema, { jurisdiction, status, limit: 50 }, signal),
  });

  return (
    <>
      <PageHeader title="协调员配备达标" backTo="/me" />
      {staffing.isPending ? (
        <LoadingBlock rows={8} />
      ) : staffing.isError ? (
        <ErrorState error={staffing.error} onRetry={() => void staffing.refetch()} />
      ) : (
        <ComplianceBody
          data={staffing.data}
          filter={status ?? 'all'}
          onFilter={(value) =>
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('status', value);
              return next;
            })
          }
          onDrill={(code) => void navigate(`/compliance?${new URLSearchParams({ jurisdiction: code })}`)}
          onEnterprise={(id) => void navigate(enterprisePath(id))}
        />
      )}
    </>
  );
}

function ComplianceBody({
  data,
  filter,
  onFilter,
  onDrill,
  onEnterprise,
}: {
  data: Staffing;
  filter: string;
  onFilter: (value: string) => void;
  onDrill: (code: string) => void;
  onEnterprise: (id: string) => void;
}) {
  const { enterprises, platforms, communities } = data.total;
  return (
    <>
      <section className="page-section">
        <Card>
          <h2 className="detail-title">{data.jurisdiction.name}</h2>
          <p className="muted">截至 {data.asOf}，大中型企业至少 2 名，小微企业至少 1 名</p>
          <LedgerDownload
            ledger="staffing"
            query={{ jurisdiction: data.jurisdiction.code }}
            label="下载配备达标台账"
          />
          <div className="stat-grid">
            <Figure label="企业达标率" value={formatRate(enterprises.complianceRate)} />
            <Figure label="未达标企业" value={`${enterprises.below} 家`} />
            <Figure label="在册企业" value={`${enterprises.total} 家`} />
            <Figure label="乡镇园区未达标" value={`${platforms.below} 个`} />
            {platforms.belowAdvice > 0 && (
              <Figure label="乡镇园区建议增配" value={`${platforms.belowAdvice} 个`} />
            )}
            <Figure label="社区(村)未达标" value={`${communities.below} 个`} />
            <Figure label="企业协调员" value={`${enterprises.coordinators} 人`} />
          </div>
        </Card>
      </section>
      {data.platform && (
        <section className="page-section">
          <Card>
            <p>
              {data.platform.name}：在册企业 {data.platform.enterprises} 家，协调员{' '}
              {data.platform.coordinators} 人，至少应配 {data.platform.minimum} 人
              {data.platform.advised > data.platform.minimum &&
                `（企业数较多，建议 ${data.platform.advised} 名）`}{' '}
              <Tag color={PLATFORM_COLORS[data.platform.status]}>
                {PLATFORM_STATUSES[data.platform.status]}
              </Tag>
            </p>
          </Card>
        </section>
      )}
      {data.items.length > 0 && (
        <>
          <h3 className="section-title">按下级区划</h3>
          <List>
            {data.items.map((row) => (
              <List.Item
                key={row.code}
                onClick={row.self ? undefined : () => onDrill(row.code)}
                description={`未达标企业 ${row.enterprises.below} 家 · 乡镇园区 ${row.platforms.below}${row.platforms.belowAdvice > 0 ? `（建议增配 ${row.platforms.belowAdvice}）` : ''} · 社区 ${row.communities.below}`}
                extra={formatRate(row.enterprises.complianceRate)}
              >
                {row.name}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {data.enterprises && (
        <>
          <h3 className="section-title">企业</h3>
          <div className="filter-bar">
            <Selector
              aria-label="达标情况"
              columns={2}
              showCheckMark={false}
              options={[...FILTERS]}
              value={[filter]}
              onChange={(values) => values[0] && onFilter(values[0])}
            />
          </div>
          {data.enterprises.items.length === 0 ? (
            <EmptyState title="没有未达标的企业" />
          ) : (
            <List>
              {data.enterprises.items.map((e) => (
                <List.Item
                  key={e.id}
                  onClick={() => onEnterprise(e.id)}
                  description={`${e.size ? SIZE_LABELS[e.size] : '未分类'} · 协调员 ${e.coordinators}/${e.minimum} 人`}
                  extra={<Tag color={STATUS_COLORS[e.status]}>{STAFFING_STATUSES[e.status]}</Tag>}
                >
                  {e.name}
                </List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat-figure">
      <strong>{value}</strong>
      <span className="muted">{label}</span>
    </div>
  );
}

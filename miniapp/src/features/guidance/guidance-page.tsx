import { Card, List, Selector } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { DutyStatus } from '@coordnet/shared/api/duties';
import { dutyKeys, fetchDutyPage, fetchDutySummary, type DutyTarget } from '../../lib/duty-api';
import { formatRate } from '../../lib/format';
import { CountRow } from '../../lib/ui/duty-counts';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { DutyStatusTag } from '../../lib/ui/status-tag';
import { guidanceFormPath } from './guidance-paths';

const FILTERS = [
  { value: 'open', label: '未指导' },
  { value: 'done', label: '已指导' },
  { value: 'all', label: '全部' },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

/**
 * C3 年度指导 (seed §二(三) 岗位责任制: 每年至少对企业劳动关系协调员工作进行一次指导服务): the county's
 * enterprises with a coordinator of their own, those not yet guided this year first; a tap records one.
 */
export function GuidancePage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = (params.get('show') as Filter | null) ?? 'open';
  const target: DutyTarget = { rule: 'C3', period: params.get('year') ?? undefined };
  const status: DutyStatus | undefined = filter === 'done' ? 'done' : undefined;
  const summary = useQuery({
    queryKey: dutyKeys.summary(target),
    queryFn: ({ signal }) => fetchDutySummary(target, signal),
  });
  const page = useQuery({
    queryKey: dutyKeys.list(target, status),
    queryFn: ({ signal }) => fetchDutyPage(target, { status, limit: 200 }, signal),
  });
  const items = (page.data?.items ?? []).filter((i) => filter !== 'open' || i.status !== 'done');

  return (
    <>
      <PageHeader title="年度指导" />
      <section className="page-section">
        <Card>
          {summary.isPending ? (
            <LoadingBlock />
          ) : summary.error ? (
            <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
          ) : (
            <>
              <h2 className="detail-title">
                {summary.data.jurisdiction.name} · {summary.data.periodLabel}
              </h2>
              <p className="muted">
                县(市、区)人力社保局每年至少对企业劳动关系协调员工作指导服务一次；没有本企业协调员的企业不在此列。
              </p>
              <p>
                已指导覆盖率 <strong>{formatRate(summary.data.total.coverageRate)}</strong>
              </p>
              <CountRow counts={summary.data.total} />
              <LedgerDownload
                ledger="guidance"
                query={{ jurisdiction: summary.data.jurisdiction.code, period: summary.data.period }}
                label="下载年度指导台账"
              />
            </>
          )}
        </Card>
      </section>
      <div className="filter-bar">
        <Selector
          aria-label="指导情况"
          columns={3}
          showCheckMark={false}
          options={[...FILTERS]}
          value={[filter]}
          onChange={(values) =>
            values[0] &&
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('show', values[0]!);
              return next;
            })
          }
        />
      </div>
      {page.isPending ? (
        <LoadingBlock />
      ) : page.error ? (
        <ErrorState error={page.error} onRetry={() => void page.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filter === 'open' ? '本年度的企业都已指导' : '暂无记录'} />
      ) : (
        <List className="page-section">
          {items.map((item) => (
            <List.Item
              key={item.id}
              description={`${item.jurisdictionName}${item.lastLog ? ` · 最近指导 ${item.lastLog.occurredAt.slice(0, 10)} ${item.lastLog.authorName}` : ''}`}
              extra={<DutyStatusTag status={item.status} />}
              onClick={() =>
                void navigate(guidanceFormPath(item.id), { state: { enterpriseName: item.name } })
              }
            >
              {item.name}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

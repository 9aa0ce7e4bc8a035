import { lazy, Suspense } from 'react';
import { Card, List, Selector } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { coordinatorStatsSchema, type CoordinatorStats } from '@coordnet/shared/api/stats';
import { periodOf } from '@coordnet/shared/domain/period';
import { apiGet } from '../../lib/api';
import { PageHeader } from '../../lib/ui/page-header';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { ErrorState } from '../../lib/ui/query-states';

const StatsCharts = lazy(() => import('./stats-charts'));

const PERIODS = [
  { value: 'month', label: '本月' },
  { value: 'year', label: '本年' },
] as const;
const LEAF_LEVELS = new Set(['community']);

function fetchStats(jurisdiction: string | null, period: string, signal: AbortSignal) {
  return apiGet('/stats/coordinators', coordinatorStatsSchema, { jurisdiction, period }, signal);
}

/** 信息库统计: how many coordinators, of which kinds and skill levels, where, trained and honoured. */
export function StatsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const jurisdiction = params.get('jurisdiction');
  const kind = params.get('period') === 'year' ? 'year' : 'month';
  const period = periodOf(new Date(), kind);
  const stats = useQuery({
    queryKey: ['stats', 'coordinators', jurisdiction, period],
    queryFn: ({ signal }) => fetchStats(jurisdiction, period, signal),
  });

  return (
    <>
      <PageHeader title="协调员信息库" backTo="/me" />
      <div className="filter-bar">
        <Selector
          aria-label="统计期间"
          columns={2}
          showCheckMark={false}
          options={[...PERIODS]}
          value={[kind]}
          onChange={(values) =>
            values[0] &&
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('period', values[0]!);
              return next;
            })
          }
        />
      </div>
      {stats.isPending ? (
        <LoadingBlock rows={8} />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <StatsBody
          data={stats.data}
          onDrill={(code) =>
            void navigate(`/stats?${new URLSearchParams({ jurisdiction: code, period: kind })}`)
          }
        />
      )}
    </>
  );
}

function StatsBody({ data, onDrill }: { data: CoordinatorStats; onDrill: (code: string) => void }) {
  const { coordinators, work, development } = data.total;
  const certified = coordinators.posts - coordinators.bySkill.none;
  return (
    <>
      <section className="page-section">
        <Card>
          <h2 className="detail-title">{data.jurisdiction.name}</h2>
          <p className="muted">
            在岗人数截至 {data.asOf}；工作量、培训和荣誉为{data.periodLabel}
          </p>
          <div className="stat-grid">
            <Figure label="在岗协调员" value={coordinators.people} unit="人" />
            <Figure label="岗位" value={coordinators.posts} unit="个" />
            <Figure label="持技能等级证书" value={certified} unit="个" />
            <Figure label="联络" value={work.contacts} unit="次" />
            <Figure label="实地走访" value={work.visits.approved + work.visits.submitted} unit="次" />
            <Figure label="风险报告" value={work.riskReports.total} unit="件" />
            <Figure label="参训" value={development.trainedPeople} unit="人" />
            <Figure label="培训学时" value={development.trainingHours} unit="时" />
            <Figure label="荣誉/竞赛" value={development.honours + development.competitions} unit="项" />
          </div>
        </Card>
      </section>
      <Suspense fallback={<LoadingBlock rows={4} />}>
        <StatsCharts counts={coordinators} />
      </Suspense>
      <h3 className="section-title">按下级区划</h3>
      <List>
        {data.items.map((row) => (
          <List.Item
            key={row.code}
            onClick={row.self || LEAF_LEVELS.has(row.level) ? undefined : () => onDrill(row.code)}
            description={`联络 ${row.work.contacts} · 走访 ${row.work.visits.approved + row.work.visits.submitted} · 培训 ${row.development.trainingHours} 学时`}
            extra={`${row.coordinators.people} 人`}
          >
            {row.name}
          </List.Item>
        ))}
      </List>
      <p className="page-section muted">
        <Link to={`/compliance?${new URLSearchParams({ jurisdiction: data.jurisdiction.code })}`}>
          查看配备达标情况
        </Link>
      </p>
    </>
  );
}

function Figure({ label, value, unit }: { label: string; value: number; unit: string }) {
  return (
    <div className="stat-figure">
      <strong>{value}</strong>
      <span className="muted">
        {label}({unit})
      </span>
    </div>
  );
}

import { lazy, Suspense, useDeferredValue } from 'react';
import { Card, List, Selector } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { DutyRule, DutySummary } from '@coordnet/shared/api/duties';
import { daysLeftInPeriod, formatPeriod, previousPeriod } from '@coordnet/shared/domain/period';
import { dutyKeys, fetchDutySummary, type DutyTarget } from '../../lib/duty-api';
import { formatRate } from '../../lib/format';
import { SETTINGS_PATH } from '../../lib/links';
import { useSession } from '../../app/session-context';
import { managerRoles } from '../../lib/roles';
import { CountRow } from '../../lib/ui/duty-counts';
import { PageHeader } from '../../lib/ui/page-header';
import { ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { formatTrail, parseTrail, type TrailStep } from './dashboard-trail';
import { CoverageBars } from './coverage-bars';
import { DutyEnterpriseList } from './duty-enterprise-list';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { BoardSkeleton } from './board-skeleton';

/** The seven duties, C1/C2/C3, the heat grid and the trend: loaded after the first paint (JS budget). */
const BoardSections = lazy(() => import('./board-sections'));

const RULE_LABELS = { C1: 'C1 每月联络', C2: 'C2 每季走访', C3: 'C3 年度指导' } as const;
const RULE_OPTIONS = (['C1', 'C2', 'C3'] as const).map((rule) => ({ value: rule, label: RULE_LABELS[rule] }));
const LEAF_LEVELS = new Set(['township', 'park', 'community']);

/**
 * 看板: C1/C2/C3 coverage by child jurisdiction, drilled down from the person's scope to enterprises;
 * below the rule's card the seven duties, C1/C2/C3 side by side, the risk and coverage heat grid and
 * the last 12 months (issue 17, lazy).
 */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const { user } = useSession();
  const asked = params.get('rule');
  const rule: DutyRule = asked === 'C2' || asked === 'C3' ? asked : 'C1';
  const trail = parseTrail(params.get('trail'));
  const period = params.get('period') ?? undefined;
  const target: DutyTarget = { rule, period, jurisdiction: trail[trail.length - 1]?.code };
  const summary = useQuery({
    queryKey: dutyKeys.summary(target),
    queryFn: ({ signal }) => fetchDutySummary(target, signal),
  });
  // Rendered in a transition when it arrives, in slices, not in one long task (docs/performance P6).
  const data = useDeferredValue(summary.data);

  const go = (change: { rule?: DutyRule; trail?: TrailStep[]; period?: string | null }) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (change.rule) {
        next.set('rule', change.rule);
        next.delete('period');
      }
      if (change.trail) next.set('trail', formatTrail(change.trail));
      if (change.period === null) next.delete('period');
      else if (change.period) next.set('period', change.period);
      return next;
    });

  return (
    <>
      <PageHeader title="履职看板" />
      <div className="filter-bar">
        <Selector
          aria-label="履职规则"
          columns={3}
          showCheckMark={false}
          options={RULE_OPTIONS}
          value={[rule]}
          onChange={(values) => values[0] && go({ rule: values[0] })}
        />
      </div>
      {summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : !data ? (
        <LoadingBlock rows={8} />
      ) : (
        <DashboardBody
          data={data}
          trail={trail}
          current={period !== undefined}
          onPeriod={(p) => go({ period: p })}
          onDrill={(step) => go({ trail: [...(trail.length ? trail : [rootStep(data)]), step] })}
          onTrail={(steps) => go({ trail: steps })}
        />
      )}
      {managerRoles(user).length > 0 && (
        <p className="section-note">
          <Link to={SETTINGS_PATH}>工作规则设置</Link>
        </p>
      )}
    </>
  );
}

const rootStep = (data: DutySummary): TrailStep => ({
  code: data.jurisdiction.code,
  name: data.jurisdiction.name,
});

function DashboardBody({
  data,
  trail,
  current,
  onPeriod,
  onDrill,
  onTrail,
}: {
  data: DutySummary;
  trail: TrailStep[];
  /** A period other than the current one is shown. */
  current: boolean;
  onPeriod: (period: string | null) => void;
  onDrill: (step: TrailStep) => void;
  onTrail: (trail: TrailStep[]) => void;
}) {
  const steps = trail.length ? trail : [rootStep(data)];
  const children = data.items.filter((row) => !row.self);
  const leaf = LEAF_LEVELS.has(data.jurisdiction.level);
  const ranking = [...data.items].sort(
    (a, b) => (b.counts.coverageRate ?? -1) - (a.counts.coverageRate ?? -1),
  );
  const target: DutyTarget = { rule: data.rule, period: data.period, jurisdiction: data.jurisdiction.code };
  const drill = (index: number) => {
    const row = data.items[index];
    if (row && !row.self) onDrill({ code: row.code, name: row.name });
  };

  return (
    <>
      <nav className="breadcrumb" aria-label="当前位置">
        {steps.map((step, i) => (
          <span key={step.code} className="breadcrumb-step">
            {i > 0 && <span className="breadcrumb-separator">/ </span>}
            {i === steps.length - 1 ? (
              <span aria-current="page">{step.name}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => onTrail(steps.slice(0, i + 1))}>
                {step.name}
              </button>
            )}
          </span>
        ))}
      </nav>
      <section className="page-section">
        <Card className="duty-card">
          <div className="duty-card-head">
            <h2 className="duty-card-title">
              {data.periodLabel} · {data.ruleLabel}
            </h2>
            <button
              type="button"
              className="link-button"
              onClick={() => onPeriod(current ? null : previousPeriod(data.period))}
            >
              {current ? '回到本期' : `查看${formatPeriod(previousPeriod(data.period))}`}
            </button>
          </div>
          {data.rule !== 'C3' && (
            <LedgerDownload
              ledger={data.rule === 'C1' ? 'contacts' : 'visits'}
              query={{ jurisdiction: data.jurisdiction.code, period: data.period }}
              label={data.rule === 'C1' ? '下载联络台账' : '下载走访台账'}
            />
          )}
          <p className="duty-rate">
            覆盖率 <strong>{formatRate(data.total.coverageRate)}</strong>
            <span className="muted">
              {' '}
              （{data.total.done}/{data.total.total} 家）
              {data.periodClosed ? ' 本期已结束' : ` 剩余 ${daysLeftInPeriod(data.period, new Date())} 天`}
            </span>
          </p>
          <CountRow counts={data.total} />
        </Card>
      </section>
      <Suspense fallback={<BoardSkeleton heatRows={data.items.length} />}>
        <BoardSections
          jurisdiction={data.jurisdiction.code}
          // The month shown: C1's when C1 is chosen (possibly last month), else this month.
          period={data.rule === 'C1' ? data.period : undefined}
          heatRows={data.items.length}
          onDrill={onDrill}
        />
      </Suspense>
      {!leaf && children.length > 0 && (
        <>
          <h3 className="section-title">各地区完成情况</h3>
          <section className="page-section chart-section">
            <CoverageBars rows={data.items} onSelect={drill} />
          </section>
          <h3 className="section-title">覆盖率排名</h3>
          <List className="ranking">
            {ranking.map((row, i) => (
              <List.Item
                key={row.code}
                prefix={<span className="rank">{i + 1}</span>}
                extra={formatRate(row.counts.coverageRate)}
                description={`已完成 ${row.counts.done} · 待审核 ${row.counts.awaiting_approval} · 未完成 ${row.counts.due + row.counts.overdue} / 共 ${row.counts.total} 家`}
                onClick={row.self ? undefined : () => onDrill({ code: row.code, name: row.name })}
              >
                {row.name}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {leaf && (
        <>
          <h3 className="section-title">企业履职情况</h3>
          <DutyEnterpriseList target={target} emptyTitle="本期无需履职的企业" />
        </>
      )}
      {!leaf && (
        <>
          <h3 className="section-title">{data.periodClosed ? '逾期未完成的企业' : '尚未完成的企业'}</h3>
          <DutyEnterpriseList
            target={target}
            status={data.periodClosed ? 'overdue' : 'due'}
            limit={10}
            emptyTitle={data.periodClosed ? '本期没有逾期企业' : '全部企业已完成或待审核'}
          />
        </>
      )}
    </>
  );
}

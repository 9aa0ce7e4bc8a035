import { memo, useDeferredValue, useState } from 'react';
import { Card, List, ProgressBar } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { DutyRule } from '@coordnet/shared/api/duties';
import { useSession } from '../../app/session-context';
import { daysLeftInPeriod } from '@coordnet/shared/domain/period';
import { dutyKeys, fetchDutyPage, fetchDutySummary } from '../../lib/duty-api';
import { formatDateTime, formatRate } from '../../lib/format';
import { useProgressiveItems } from '../../lib/use-progressive-items';
import { enterprisePath } from '../../lib/links';
import { CountRow } from '../../lib/ui/duty-counts';
import { DutyStatusTag } from '../../lib/ui/status-tag';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { ListPlaceholder } from '../../lib/ui/loading-block';
import { SegmentedTabs } from '../../lib/ui/segmented-tabs';
import { DataAge } from '../../lib/ui/offline';
import { OfflineEmpty } from '../../lib/ui/offline-empty';
import { useOnline } from '../../lib/online';
import { shownDutyStatus, usePendingEnterprises } from '../../lib/pending-writes';
import type { DutyItem } from '@coordnet/shared/api/duties';

const RULES: { key: 'C1' | 'C2'; title: string }[] = [
  { key: 'C1', title: '本月联络' },
  { key: 'C2', title: '本季度走访' },
];

/**
 * This month's C1 and this quarter's C2 for the coordinator's enterprises: counts, then the list.
 * Memoized: 首页 renders again as its own queries settle, and that must not render the list again.
 */
export const DutyProgress = memo(function DutyProgress() {
  const [rule, setRule] = useState<'C1' | 'C2'>('C1');
  return (
    <>
      <section className="page-section duty-cards">
        {RULES.map(({ key, title }) => (
          <DutySummaryCard key={key} rule={key} title={title} />
        ))}
      </section>
      <SegmentedTabs tabs={RULES} active={rule} onChange={setRule} label="履职清单" className="duty-tabs" />
      <div role="tabpanel" aria-label={RULES.find((r) => r.key === rule)!.title}>
        <DutyList key={rule} rule={rule} />
      </div>
    </>
  );
});

function DutySummaryCard({ rule, title }: { rule: DutyRule; title: string }) {
  const { user } = useSession();
  const online = useOnline();
  const summary = useQuery({
    queryKey: dutyKeys.summary({ rule }),
    queryFn: ({ signal }) => fetchDutySummary({ rule }, signal),
  });
  // Rendered in a transition when it arrives, in slices, not in one long task (docs/performance P6).
  const data = useDeferredValue(summary.data);
  const pending = usePendingEnterprises(user.id, rule, data?.period).size;
  if (summary.isPending && !online)
    return (
      <Card className="duty-card" title={title}>
        <OfflineEmpty />
      </Card>
    );
  if (summary.isError && !summary.data)
    return (
      <Card className="duty-card" title={title}>
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      </Card>
    );
  // The placeholder has the loaded card's shape, so nothing below it moves when the figures arrive.
  if (!data)
    return (
      <Card className="duty-card" title={title} aria-busy="true">
        <div className="duty-rate muted">
          已完成 <strong>–</strong>/– 家
        </div>
        <RateBar label={`${title}完成率`} percent={0} />
        <CountRow />
      </Card>
    );
  const { total, period, periodLabel, periodClosed } = data;
  const rate = total.coverageRate ?? 0;
  return (
    <Card
      className="duty-card"
      title={`${title}（${periodLabel}）`}
      extra={
        <span className="muted">
          {periodClosed ? '已结束' : `剩余 ${daysLeftInPeriod(period, new Date())} 天`}
        </span>
      }
    >
      <div className="duty-rate">
        已完成 <strong>{total.done}</strong>/{total.total} 家 · {formatRate(total.coverageRate)}
      </div>
      <RateBar label={`${title}完成率`} percent={Math.round(rate * 100)} />
      <CountRow counts={total} />
      {pending > 0 && <p className="duty-pending muted">另有 {pending} 家的记录在本机待同步，同步后计入</p>}
    </Card>
  );
}

/** antd-mobile's bar is a plain div; the progressbar role carries the name and the value. */
function RateBar({ label, percent }: { label: string; percent: number }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <ProgressBar percent={percent} />
    </div>
  );
}

function DutyList({ rule }: { rule: DutyRule }) {
  const { user } = useSession();
  const page = useQuery({
    queryKey: dutyKeys.list({ rule }),
    queryFn: ({ signal }) => fetchDutyPage({ rule }, { limit: 100 }, signal),
  });
  const data = useDeferredValue(page.data);
  // A log saved on the phone (offline) fulfils the duty once sent: 待同步, not 待完成.
  const pending = usePendingEnterprises(user.id, rule, data?.period);
  if (page.isError && !page.data)
    return <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  if (!data) return <ListPlaceholder rows={5} />;
  if (data.items.length === 0) return <EmptyState title="本期没有需要履职的企业" />;
  return (
    <>
      <DataAge updatedAt={page.dataUpdatedAt} />
      <DutyRows items={data.items} label={`${data.ruleLabel}企业清单`} pending={pending} />
    </>
  );
}

/**
 * The rows, memoized on the (deferred) items: a query refreshing in the background renders its
 * owner at once (TanStack Query updates are synchronous) and that must not redo a hundred rows.
 */
const DutyRows = memo(function DutyRows({
  items,
  label,
  pending,
}: {
  items: DutyItem[];
  label: string;
  pending: Set<string>;
}) {
  const navigate = useNavigate();
  const shown = useProgressiveItems(items);
  return (
    <List className="duty-list" aria-label={label}>
      {shown.map((item) => (
        <List.Item
          key={item.id}
          onClick={() => void navigate(enterprisePath(item.id), { state: { enterpriseName: item.name } })}
          extra={<DutyStatusTag status={shownDutyStatus(item.status, pending.has(item.id))} />}
          description={
            item.lastLog
              ? `最近：${formatDateTime(item.lastLog.occurredAt)} ${item.lastLog.authorName}`
              : `${item.jurisdictionName} · 本期尚无记录`
          }
        >
          {item.name}
        </List.Item>
      ))}
    </List>
  );
});

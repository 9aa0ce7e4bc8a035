import { useState } from 'react';
import { Card, InfiniteScroll, List, Selector } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import type { DutyRule } from '@coordnet/shared/api/duties';
import type { LogKind } from '@coordnet/shared/api/keys';
import { useSession } from '../../app/session-context';
import { dutyKeys, fetchDutyPage } from '../../lib/duty-api';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { fetchLogPage } from '../../lib/log-api';
import { logKeys, type LogFilter } from '../../lib/log-keys';
import { enterpriseRoles } from '../../lib/roles';
import { LogItem } from '../../lib/ui/log-item';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { DutyStatusTag } from '../../lib/ui/status-tag';

const ALL = 'all';
const KIND_OPTIONS: { label: string; value: LogKind | typeof ALL }[] = [
  { label: '全部', value: ALL },
  { label: '联络', value: 'contact' },
  { label: '走访', value: 'visit' },
  { label: '指导', value: 'guidance' },
];

/**
 * 联络记录 for an enterprise coordinator: whether the township has contacted (C1, this month) and
 * visited (C2, this quarter) his enterprise, and every contact, visit and guidance made with it.
 * Read only: the township coordinators and the county write these.
 */
export function ContactHistoryPage() {
  const { user } = useSession();
  const own = enterpriseRoles(user);
  const [chosen, setChosen] = useState(own[0]?.enterpriseId ?? '');
  const [kind, setKind] = useState<LogKind | typeof ALL>(ALL);
  const enterpriseId = own.some((r) => r.enterpriseId === chosen) ? chosen : (own[0]?.enterpriseId ?? '');

  return (
    <>
      <PageHeader title="联络记录" />
      {own.length === 0 ? (
        <EmptyState title="您不是企业劳动关系协调员" />
      ) : (
        <>
          {own.length > 1 && (
            <div className="filter-bar">
              <Selector
                aria-label="企业"
                columns={1}
                showCheckMark={false}
                options={own.map((r) => ({ label: r.enterpriseName ?? '企业', value: r.enterpriseId }))}
                value={[enterpriseId]}
                onChange={(values) => values[0] && setChosen(values[0])}
              />
            </div>
          )}
          <section className="page-section">
            <Card className="duty-status-card" title={own.length === 1 ? own[0]!.enterpriseName : '本期情况'}>
              <DutyLine enterpriseId={enterpriseId} rule="C1" label="本月联络" />
              <DutyLine enterpriseId={enterpriseId} rule="C2" label="本季度走访" />
            </Card>
          </section>
          <div className="filter-bar">
            <Selector
              aria-label="记录类型"
              columns={4}
              showCheckMark={false}
              options={KIND_OPTIONS}
              value={[kind]}
              onChange={(values) => values[0] && setKind(values[0])}
            />
          </div>
          <HistoryList enterpriseId={enterpriseId} kind={kind === ALL ? undefined : kind} />
        </>
      )}
    </>
  );
}

/** This period's status of one duty for the enterprise (GET /duties?enterpriseId=). */
function DutyLine({ enterpriseId, rule, label }: { enterpriseId: string; rule: DutyRule; label: string }) {
  const target = { rule, enterpriseId };
  const duty = useQuery({
    queryKey: dutyKeys.list(target),
    queryFn: ({ signal }) => fetchDutyPage(target, { limit: 1 }, signal),
  });
  const item = duty.data?.items[0];
  return (
    <div className="duty-line">
      <span>
        {label}
        {duty.data && <span className="muted">（{duty.data.periodLabel}）</span>}
      </span>
      {duty.isPending ? (
        <span className="muted">加载中…</span>
      ) : duty.isError ? (
        <span className="muted">暂时无法获取</span>
      ) : item ? (
        <DutyStatusTag status={item.status} />
      ) : (
        <span className="muted">本期不在考核范围</span>
      )}
    </div>
  );
}

function HistoryList({ enterpriseId, kind }: { enterpriseId: string; kind: LogKind | undefined }) {
  const filter: LogFilter = { enterpriseId, kind };
  const pages = useCursorPages({
    queryKey: logKeys.list(filter),
    fetchPage: (cursor, signal) => fetchLogPage(filter, cursor, signal),
  });
  const logs = pages.items ?? [];
  if (!pages.items) {
    return pages.error ? (
      <ErrorState error={pages.error} onRetry={() => void pages.query.refetch()} />
    ) : (
      <LoadingBlock rows={6} />
    );
  }
  if (logs.length === 0) return <EmptyState title="暂无联络和走访记录" />;
  return (
    <>
      <List className="log-list">
        {logs.map((log) => (
          <LogItem key={log.id} log={log} showEnterprise={false} />
        ))}
      </List>
      <InfiniteScroll loadMore={pages.loadMore} hasMore={pages.hasMore} />
    </>
  );
}

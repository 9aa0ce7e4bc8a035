import { Button, List, Selector, Tabs, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { fetchAwards, fetchSessions, trainingKeys } from './training-api';
import { useOrganiser } from './use-organiser';

const thisYear = new Date().getFullYear();
const YEARS = [thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}年` }));

/**
 * 培训与比武 (seed §二(三) 职业培训机制、技能比武, §二(四)4): the training sessions, competition
 * results and honours a city or county records for the people holding posts under it.
 */
export function TrainingPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { roles, role } = useOrganiser();
  const year = Number(params.get('year')) || thisYear;
  const tab = params.get('tab') === 'awards' ? 'awards' : 'sessions';
  const code = role?.jurisdictionCode ?? '';
  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const sessions = useQuery({
    queryKey: trainingKeys.sessions(code, year),
    queryFn: ({ signal }) => fetchSessions(code, year, signal),
    enabled: code !== '' && tab === 'sessions',
  });
  const awards = useQuery({
    queryKey: trainingKeys.awards(code, year),
    queryFn: ({ signal }) => fetchAwards(code, year, signal),
    enabled: code !== '' && tab === 'awards',
  });
  const withCode = (path: string) => `${path}?${new URLSearchParams({ jurisdiction: code })}`;

  if (!role)
    return (
      <>
        <PageHeader title="培训与比武" backTo="/me" />
        <EmptyState title="暂无权限" description="培训和比武由市、县(市、区)人力社保局管理人员登记" />
      </>
    );
  return (
    <>
      <PageHeader title="培训与比武" backTo="/me" />
      <div className="filter-bar">
        {roles.length > 1 && (
          <Selector
            aria-label="登记单位"
            className="compact-selector"
            columns={2}
            showCheckMark={false}
            options={roles.map((r) => ({ value: r.jurisdictionCode, label: r.jurisdictionName }))}
            value={[code]}
            onChange={(v) => v[0] && set('jurisdiction', v[0])}
          />
        )}
        <Selector
          aria-label="年度"
          className="compact-selector"
          columns={3}
          showCheckMark={false}
          options={YEARS}
          value={[year]}
          onChange={(v) => v[0] && set('year', String(v[0]))}
        />
      </div>
      <Tabs activeKey={tab} onChange={(key) => set('tab', key)}>
        <Tabs.Tab title="培训" key="sessions" />
        <Tabs.Tab title="比武与荣誉" key="awards" />
      </Tabs>
      <div className="page-section button-row">
        {tab === 'sessions' ? (
          <>
            <Button color="primary" onClick={() => void navigate(withCode('/training/new-session'))}>
              登记培训
            </Button>
            <LedgerDownload ledger="training" query={{ jurisdiction: code, year }} />
          </>
        ) : (
          <>
            <Button color="primary" onClick={() => void navigate(withCode('/training/new-award'))}>
              登记比武成绩或荣誉
            </Button>
            <Button
              color="primary"
              fill="outline"
              onClick={() => void navigate(`/incentives?${new URLSearchParams({ jurisdiction: code })}`)}
            >
              补贴与金牌名单
            </Button>
          </>
        )}
      </div>
      {tab === 'sessions' ? (
        sessions.isPending ? (
          <LoadingBlock rows={5} />
        ) : sessions.isError ? (
          <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : sessions.data.items.length === 0 ? (
          <EmptyState title={`${role.jurisdictionName}${year}年暂无培训记录`} />
        ) : (
          <List header={`${role.jurisdictionName} · ${year}年 · ${sessions.data.items.length} 期`}>
            {sessions.data.items.map((s) => (
              <List.Item
                key={s.id}
                onClick={() => void navigate(`/training/sessions/${s.id}`)}
                description={`${s.heldOn} · ${s.trainer} · ${s.jurisdictionName}`}
                extra={`${s.hours} 学时 · ${s.attendees} 人`}
              >
                {s.topic}
              </List.Item>
            ))}
          </List>
        )
      ) : awards.isPending ? (
        <LoadingBlock rows={5} />
      ) : awards.isError ? (
        <ErrorState error={awards.error} onRetry={() => void awards.refetch()} />
      ) : awards.data.items.length === 0 ? (
        <EmptyState title={`${role.jurisdictionName}${year}年暂无比武成绩和荣誉`} />
      ) : (
        <List header={`${role.jurisdictionName} · ${year}年`}>
          {awards.data.items.map((a) => (
            <List.Item
              key={a.id}
              description={`${a.userName} · ${a.awardedOn} · ${a.issuer}`}
              extra={
                <Tag color={a.kind === 'honour' ? 'warning' : 'primary'} fill="outline">
                  {a.kind === 'honour' ? `${a.year ?? ''}年度 ${a.levelLabel ?? ''}` : (a.result ?? '')}
                </Tag>
              }
            >
              {a.title}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

import { Button, Dialog, List, Selector, Tabs, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import {
  INCENTIVE_ACTIONS,
  INCENTIVE_KINDS,
  INCENTIVE_STATUSES,
  NEXT_INCENTIVE_STATUS,
  type IncentiveEntry,
  type IncentiveKind,
  type IncentiveStatus,
} from '@coordnet/shared/api/incentives';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import { useSession } from '../../app/session-context';
import { errorMessage } from '../../lib/api';
import { managerRoles } from '../../lib/roles';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { advanceIncentive, fetchIncentives, trainingKeys } from './training-api';

const STATUS_COLOR: Record<IncentiveStatus, 'default' | 'primary' | 'success'> = {
  pending: 'default',
  claimed: 'primary',
  paid: 'success',
};
const LEDGER = { subsidy: 'subsidies', gold: 'gold-coordinators' } as const;

/**
 * 技能提升补贴 and 金牌 lists (seed §二(四)2, 4) for city and county staff: each person's entry with
 * its status; managers move it 待申领 → 已申领 → 已发放 after confirming, and download the ledger.
 */
export function IncentivesPage() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind: IncentiveKind = params.get('kind') === 'gold' ? 'gold' : 'subsidy';
  const status = (params.get('status') ?? '') as IncentiveStatus | '';
  const code = params.get('jurisdiction') ?? user.jurisdictions[0]?.code ?? '';
  const managers = managerRoles(user);
  const manages = (entry: IncentiveEntry) =>
    managers.some((r) => isWithin(entry.jurisdictionCode, r.jurisdictionCode));
  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const list = useQuery({
    queryKey: trainingKeys.incentives(kind, code, status),
    queryFn: ({ signal }) => fetchIncentives(kind, code, status, signal),
    enabled: code !== '',
  });
  const advance = useMutation({
    mutationFn: (args: { entry: IncentiveEntry; to: 'claimed' | 'paid' }) =>
      advanceIncentive(kind, {
        userId: args.entry.userId,
        to: args.to,
        ...(kind === 'subsidy' ? { skillLevel: args.entry.skillLevel! } : { awardId: args.entry.awardId! }),
      }),
    onSuccess: (entry) => {
      Toast.show({ content: `${entry.name}：${entry.statusLabel}` });
      void queryClient.invalidateQueries({ queryKey: ['training', 'incentives'] });
    },
    onError: (e) => void Dialog.alert({ content: errorMessage(e), confirmText: '知道了' }),
  });
  const move = async (entry: IncentiveEntry) => {
    const to = NEXT_INCENTIVE_STATUS[entry.status];
    if (to !== 'claimed' && to !== 'paid') return;
    const ok = await Dialog.confirm({
      title: INCENTIVE_ACTIONS[to],
      content: `确认将 ${entry.name} 的${INCENTIVE_KINDS[kind]}（${subject(entry)}）由「${entry.statusLabel}」改为「${INCENTIVE_STATUSES[to]}」？日期记为今天，变更后不能退回。`,
      confirmText: '确认',
      cancelText: '取消',
    });
    if (ok) advance.mutate({ entry, to });
  };

  if (!code)
    return (
      <>
        <PageHeader title="补贴与金牌名单" backTo="/me" />
        <EmptyState title="暂无权限" description="名单由市、县(市、区)人力社保局查看和登记" />
      </>
    );
  const counts = list.data?.counts;
  return (
    <>
      <PageHeader title="补贴与金牌名单" backTo="/me" />
      <Tabs activeKey={kind} onChange={(key) => set('kind', key)}>
        <Tabs.Tab title="技能提升补贴" key="subsidy" />
        <Tabs.Tab title="金牌协调员" key="gold" />
      </Tabs>
      <div className="filter-bar">
        <Selector
          aria-label="状态"
          className="compact-selector"
          columns={4}
          showCheckMark={false}
          options={[
            { value: '', label: '全部' },
            ...(Object.keys(INCENTIVE_STATUSES) as IncentiveStatus[]).map((s) => ({
              value: s,
              label: `${INCENTIVE_STATUSES[s]}${counts ? ` ${counts[s]}` : ''}`,
            })),
          ]}
          value={[status]}
          onChange={(v) => set('status', v[0] ?? '')}
        />
      </div>
      <p className="muted page-section">
        {kind === 'subsidy'
          ? '取得劳动关系协调师四级、三级证书的企业职工，可按规定申领技能提升补贴（浙人社发〔2023〕18号 二(四)2）。'
          : '认定的金牌劳动关系协调员（浙人社发〔2023〕18号 二(四)4）。'}
      </p>
      <div className="page-section button-row">
        <LedgerDownload ledger={LEDGER[kind]} query={{ jurisdiction: code, status: status || undefined }} />
      </div>
      {list.isPending ? (
        <LoadingBlock rows={5} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={status ? `暂无${INCENTIVE_STATUSES[status]}的记录` : '暂无名单'} />
      ) : (
        <List>
          {list.data.items.map((entry) => {
            const to = NEXT_INCENTIVE_STATUS[entry.status];
            return (
              <List.Item
                key={`${entry.userId}:${entry.skillLevel ?? entry.awardId}`}
                description={
                  <>
                    <div>
                      {subject(entry)} · {entry.jurisdictionName}
                      {entry.detail && kind === 'subsidy' ? ` · ${entry.detail}` : ''}
                    </div>
                    {entry.claimedOn && (
                      <div>
                        申领 {entry.claimedOn} {entry.claimedBy ?? ''}
                        {entry.paidOn ? ` · 发放 ${entry.paidOn} ${entry.paidBy ?? ''}` : ''}
                      </div>
                    )}
                    {manages(entry) && (to === 'claimed' || to === 'paid') && (
                      <Button
                        size="mini"
                        color="primary"
                        fill="outline"
                        className="incentive-action"
                        onClick={() => void move(entry)}
                      >
                        {INCENTIVE_ACTIONS[to]}
                      </Button>
                    )}
                  </>
                }
                extra={<Tag color={STATUS_COLOR[entry.status]}>{entry.statusLabel}</Tag>}
              >
                {entry.name}
                {entry.mobile ? <span className="muted"> {entry.mobile}</span> : null}
              </List.Item>
            );
          })}
        </List>
      )}
    </>
  );
}

const subject = (entry: IncentiveEntry) =>
  entry.kind === 'subsidy' ? (entry.skillLabel ?? '') : (entry.detail ?? '金牌劳动关系协调员');

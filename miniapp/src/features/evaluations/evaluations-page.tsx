import { useState } from 'react';
import { Button, Card, Dialog, List, Selector, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Evaluation, EvaluationList } from '@coordnet/shared/api/evaluations';
import { useSession } from '../../app/session-context';
import { errorMessage } from '../../lib/api';
import { PageHeader } from '../../lib/ui/page-header';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { computeEvaluations, evaluationKeys, fetchEvaluations, finalizeAll } from './evaluation-api';
import { CountyPicker, useCounties } from './county-picker';
import { EvaluationPopup } from './evaluation-popup';
import { LedgerDownload } from '../../lib/ui/ledger-download';

const thisYear = new Date().getFullYear();
const YEARS = [thisYear, thisYear - 1].map((y) => ({ value: y, label: `${y}年` }));

/**
 * 年度评价 (seed §二(三) 技能比武和评价机制, C5) of a county's grassroots coordinators, for supervisors.
 * A county's staff see their county; city and province staff choose a county of their area first.
 */
export function EvaluationsPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const ownCounties = user.supervisorRoles.filter((r) => r.jurisdictionLevel === 'county');
  const above = user.supervisorRoles.some(
    (r) => r.jurisdictionLevel === 'city' || r.jurisdictionLevel === 'province',
  );
  const counties = useCounties(above || ownCounties.length > 1);
  const jurisdiction = params.get('jurisdiction') ?? ownCounties[0]?.jurisdictionCode ?? '';
  const year = Number(params.get('year')) || thisYear;
  const setParam = (key: string, value: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set(key, value);
      return next;
    });
  const list = useQuery({
    queryKey: evaluationKeys.list(jurisdiction, year),
    queryFn: ({ signal }) => fetchEvaluations(jurisdiction, year, signal),
    enabled: jurisdiction !== '',
  });

  return (
    <>
      <PageHeader title="基层协调员年度评价" backTo="/me" />
      <div className="filter-bar">
        <Selector
          aria-label="评价年度"
          columns={2}
          showCheckMark={false}
          options={YEARS}
          value={[year]}
          onChange={(values) => values[0] && setParam('year', String(values[0]))}
        />
        {counties.data && counties.data.length > 1 && (
          <CountyPicker
            options={counties.data}
            value={jurisdiction}
            onChange={(code) => setParam('jurisdiction', code)}
          />
        )}
      </div>
      {jurisdiction === '' ? (
        counties.isPending && above ? (
          <LoadingBlock rows={4} />
        ) : counties.isError ? (
          <ErrorState error={counties.error} onRetry={() => void counties.refetch()} />
        ) : (
          <EmptyState
            title="请先选择县(市、区)"
            description={
              counties.data && counties.data.length > 0
                ? '基层协调员年度评价按县(市、区)进行，请点按上方“选择县(市、区)”'
                : '年度评价由县(市、区)人力社保局进行，您的管辖范围内没有县(市、区)'
            }
          />
        )
      ) : list.isPending ? (
        <LoadingBlock rows={8} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <EvaluationBody data={list.data} />
      )}
    </>
  );
}

function EvaluationBody({ data }: { data: EvaluationList }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Evaluation | null>(null);
  const key = evaluationKeys.list(data.county.code, data.year);
  const onList = (next: EvaluationList) => queryClient.setQueryData(key, next);
  const compute = useMutation({
    mutationFn: () => computeEvaluations(data.county.code, data.year),
    onSuccess: (next) => {
      onList(next);
      Toast.show({ content: `已计算 ${next.items.length} 人` });
    },
    onError: (error) => Toast.show({ content: errorMessage(error) }),
  });
  const finalize = useMutation({
    mutationFn: () => finalizeAll(data.county.code, data.year),
    onSuccess: (next) => {
      onList(next);
      Toast.show({ content: '已全部定稿' });
    },
    onError: (error) => Toast.show({ content: errorMessage(error) }),
  });
  const drafts = data.items.filter((e) => e.status === 'draft').length;
  const w = data.weights;

  return (
    <>
      <section className="page-section">
        <Card>
          <h2 className="detail-title">
            {data.county.name} {data.year}年度
          </h2>
          <p className="muted">
            权重：覆盖面 {w.coverage} · 频次 {w.frequency} · 质量 {w.quality} · 难度 {w.difficulty}
          </p>
          <p className="muted">
            共 {data.items.length} 人，待定稿 {drafts} 人
          </p>
          <LedgerDownload ledger="evaluations" query={{ jurisdiction: data.county.code, year: data.year }} />
          {data.editable && (
            <div className="button-row">
              <Button
                color="primary"
                size="small"
                loading={compute.isPending}
                onClick={() => compute.mutate()}
              >
                {data.items.length === 0 ? '计算评价' : '重新计算'}
              </Button>
              <Button
                size="small"
                disabled={drafts === 0}
                loading={finalize.isPending}
                onClick={() =>
                  void Dialog.confirm({
                    content: `确定将 ${drafts} 份评价全部定稿吗？定稿后不能再调整。`,
                    confirmText: '定稿',
                    cancelText: '取消',
                  }).then((ok) => ok && finalize.mutate())
                }
              >
                全部定稿
              </Button>
            </div>
          )}
        </Card>
      </section>
      {data.items.length === 0 ? (
        <EmptyState title="本年度尚未计算评价" />
      ) : (
        <List>
          {data.items.map((e) => (
            <List.Item
              key={e.id}
              onClick={() => setOpen(e)}
              prefix={<span className="rank-badge">{e.rank}</span>}
              description={`${e.jurisdictionName} · 覆盖 ${e.scores.coverage ?? '不适用'} · 频次 ${e.scores.frequency ?? '不适用'} · 质量 ${e.scores.quality ?? '不适用'} · 难度 ${e.scores.difficulty ?? '不适用'}`}
              extra={
                <div className="score-cell">
                  <strong>{e.finalScore === null ? '—' : e.finalScore.toFixed(2)}</strong>
                  <Tag color={e.status === 'final' ? 'success' : 'default'} fill="outline">
                    {e.statusLabel}
                  </Tag>
                </div>
              }
            >
              {e.name}
              {e.adjustment !== 0 && (
                <span className="muted">
                  {' '}
                  ({e.adjustment > 0 ? '+' : ''}
                  {e.adjustment})
                </span>
              )}
            </List.Item>
          ))}
        </List>
      )}
      <EvaluationPopup
        key={open?.id ?? 'closed'}
        item={open}
        editable={data.editable}
        onClose={() => setOpen(null)}
        onSaved={() => {
          setOpen(null);
          void queryClient.invalidateQueries({ queryKey: key });
        }}
      />
    </>
  );
}

import { useState } from 'react';
import { Button, Card, Popup, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { riskReportCloseBodySchema } from '@coordnet/shared/api/logs';
import type { RiskCase } from '@coordnet/shared/api/risk-cases';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { CountedTextArea } from '../../lib/ui/counted-text-area';
import { InfoRows, type InfoRow } from '../../lib/ui/info-rows';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { ErrorState } from '../../lib/ui/query-states';
import { acceptRiskCase, closeRiskCase, fetchRiskCase, riskCaseKeys, startRiskCase } from './risk-case-api';
import { RiskCaseTags } from './risk-case-tags';

/** One risk report as a case: what was reported, who handles it until when, and the next step. */
export function RiskCaseDetailPage() {
  const { id = '' } = useParams();
  const one = useQuery({
    queryKey: riskCaseKeys.one(id),
    queryFn: ({ signal }) => fetchRiskCase(id, signal),
  });
  return (
    <>
      <PageHeader title="风险报告办理" backTo="/risk-cases" />
      {one.isPending ? (
        <LoadingBlock rows={6} />
      ) : one.isError ? (
        <ErrorState error={one.error} onRetry={() => void one.refetch()} />
      ) : (
        <RiskCaseBody c={one.data} />
      )}
    </>
  );
}

function RiskCaseBody({ c }: { c: RiskCase }) {
  const queryClient = useQueryClient();
  const [closing, setClosing] = useState(false);
  const done = (next: RiskCase | null, message: string) => {
    if (next) queryClient.setQueryData(riskCaseKeys.one(c.id), next);
    void queryClient.invalidateQueries({ queryKey: riskCaseKeys.all });
    Toast.show({ content: message });
  };
  const onError = (error: unknown) => Toast.show({ content: errorMessage(error) });
  const accept = useMutation({
    mutationFn: () => acceptRiskCase(c.id),
    onSuccess: (next) => done(next, '已受理'),
    onError,
  });
  const start = useMutation({
    mutationFn: () => startRiskCase(c.id),
    onSuccess: (next) => done(next, '已开始处理'),
    onError,
  });
  const close = useMutation({
    mutationFn: (outcome: string) => closeRiskCase(c.id, outcome),
    onSuccess: () => {
      setClosing(false);
      done(null, '已办结');
    },
    onError,
  });

  const rows: InfoRow[] = [
    { label: '所在地', value: c.jurisdiction.name },
    { label: '类型', value: `${c.riskKindLabel}（${c.severityLabel}）` },
    { label: '涉及人数', value: `${c.peopleAffected} 人` },
    ...(c.amountInvolved !== null ? [{ label: '涉及金额', value: `${c.amountInvolved} 万元` }] : []),
    { label: '发生时间', value: formatDateTime(c.occurredAt) },
    { label: '报告人', value: `${c.reporter.name} · ${formatDateTime(c.reportedAt)}` },
    { label: '情况说明', value: c.description },
  ];
  const progress: InfoRow[] = [
    { label: '办理状态', value: c.stageLabel },
    {
      label: '负责层级',
      value: c.escalations > 0 ? `${c.handling.name}（逾期上报 ${c.escalations} 次）` : c.handling.name,
    },
    ...(c.deadlineAt
      ? [{ label: '办结期限', value: `${formatDateTime(c.deadlineAt)}${c.overdue ? '（已逾期）' : ''}` }]
      : []),
    ...(c.acceptedBy && c.acceptedAt
      ? [{ label: '受理人', value: `${c.acceptedBy.name} · ${formatDateTime(c.acceptedAt)}` }]
      : []),
    ...(c.startedAt ? [{ label: '开始处理', value: formatDateTime(c.startedAt) }] : []),
    ...(c.closedBy && c.closedAt
      ? [{ label: '办结', value: `${c.closedBy.name} · ${formatDateTime(c.closedAt)}` }]
      : []),
    ...(c.result ? [{ label: '处理结果', value: c.result }] : []),
  ];

  return (
    <>
      <section className="page-section">
        <Card>
          <h2 className="detail-title">{c.enterprise.name}</h2>
          <RiskCaseTags c={c} />
        </Card>
      </section>
      <section className="page-section">
        <Card title="办理情况">
          <InfoRows rows={progress} />
          {c.canAct && (
            <div className="button-row">
              {c.stage === 'pending' && (
                <Button color="primary" loading={accept.isPending} onClick={() => accept.mutate()}>
                  受理
                </Button>
              )}
              {c.stage === 'accepted' && (
                <Button color="primary" loading={start.isPending} onClick={() => start.mutate()}>
                  开始处理
                </Button>
              )}
              <Button onClick={() => setClosing(true)}>办结</Button>
            </div>
          )}
        </Card>
      </section>
      <section className="page-section">
        <Card title="报告内容">
          <InfoRows rows={rows} />
        </Card>
      </section>
      <ClosePopup
        visible={closing}
        busy={close.isPending}
        onCancel={() => setClosing(false)}
        onConfirm={(outcome) => close.mutate(outcome)}
      />
    </>
  );
}

function ClosePopup(p: {
  visible: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (outcome: string) => void;
}) {
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    const parsed = riskReportCloseBodySchema.safeParse({ outcome });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请填写处理结果');
    setError(null);
    p.onConfirm(parsed.data.outcome);
  };
  return (
    <Popup visible={p.visible} onMaskClick={p.onCancel} bodyClassName="reject-popup" destroyOnClose>
      <h3 className="reject-title">办结风险报告</h3>
      <label className="muted" htmlFor="risk-case-outcome">
        处理结果
      </label>
      <CountedTextArea
        id="risk-case-outcome"
        placeholder="请写明处理结果，如经调解企业已补发工资（必填）"
        value={outcome}
        onChange={(next) => {
          setOutcome(next);
          setError(null);
        }}
        max={2000}
        maxRows={6}
      />
      {error && (
        <p className="form-error-inline" role="alert">
          {error}
        </p>
      )}
      <div className="approval-actions">
        <Button onClick={p.onCancel}>取消</Button>
        <Button color="primary" loading={p.busy} onClick={confirm}>
          确认办结
        </Button>
      </div>
    </Popup>
  );
}

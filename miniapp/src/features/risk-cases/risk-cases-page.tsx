import { useState } from 'react';
import { Button, List, Popup, Selector } from 'antd-mobile';
import { CheckOutline, DownOutline } from 'antd-mobile-icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { RISK_SEVERITIES, type RiskSeverity } from '@coordnet/shared/api/logs';
import { RISK_CASE_STAGES, type RiskCaseStage } from '@coordnet/shared/api/risk-cases';
import { formatDateTime } from '../../lib/format';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { LedgerDownload } from '../../lib/ui/ledger-download';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { fetchRiskCases, placesInScope, riskCaseKeys, type RiskCaseFilters } from './risk-case-api';
import { RiskCaseTags } from './risk-case-tags';

const thisYear = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
const STAGES = Object.keys(RISK_CASE_STAGES) as RiskCaseStage[];
const SEVERITIES = Object.keys(RISK_SEVERITIES) as RiskSeverity[];

/**
 * 风险与纠纷: the risk reports of my area as cases — 待受理 → 已受理 → 处理中 → 已办结 — with their
 * deadlines, filtered by place, stage, severity and 已逾期 (township, county and city supervisors).
 */
export function RiskCasesPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters: RiskCaseFilters = {
    jurisdiction: params.get('jurisdiction') ?? undefined,
    stage: (params.get('stage') as RiskCaseStage | null) ?? undefined,
    severity: (params.get('severity') as RiskSeverity | null) ?? undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
  };
  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const list = useQuery({
    queryKey: riskCaseKeys.list(filters),
    queryFn: ({ signal }) => fetchRiskCases(filters, signal),
  });
  const counts = list.data?.counts;

  return (
    <>
      <PageHeader title="风险与纠纷" backTo="/me" />
      <div className="filter-bar">
        <PlacePicker value={filters.jurisdiction} onChange={(code) => setParam('jurisdiction', code)} />
        <LedgerDownload
          ledger="risk-reports"
          query={{ jurisdiction: filters.jurisdiction, period: thisYear() }}
          label="下载本年风险隐患报告台账"
        />
        <Selector
          aria-label="办理状态"
          className="compact-selector"
          columns={4}
          showCheckMark={false}
          options={STAGES.map((s) => ({
            value: s,
            label: counts ? `${RISK_CASE_STAGES[s]} ${counts[s]}` : RISK_CASE_STAGES[s],
          }))}
          value={filters.stage ? [filters.stage] : []}
          onChange={(values) => setParam('stage', values[0])}
        />
        <Selector
          aria-label="严重程度和期限"
          className="compact-selector"
          columns={4}
          showCheckMark={false}
          multiple
          options={[
            ...SEVERITIES.map((s) => ({ value: s, label: s === 'major' ? '重大' : RISK_SEVERITIES[s] })),
            { value: 'overdue', label: '已逾期' },
          ]}
          value={[...(filters.severity ? [filters.severity] : []), ...(filters.overdue ? ['overdue'] : [])]}
          onChange={(values) => {
            const severity = values.filter((v) => v !== 'overdue' && v !== filters.severity).at(-1);
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                const keep = severity ?? values.find((v) => v === filters.severity);
                if (keep) next.set('severity', keep);
                else next.delete('severity');
                if (values.includes('overdue')) next.set('overdue', 'true');
                else next.delete('overdue');
                return next;
              },
              { replace: true },
            );
          }}
        />
      </div>
      {list.isPending ? (
        <LoadingBlock rows={6} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="没有符合条件的风险报告" description="协调员上报的劳动关系风险和纠纷会出现在这里" />
      ) : (
        <List header={`共 ${list.data.total} 件`}>
          {list.data.items.map((c) => (
            <List.Item
              key={c.id}
              onClick={() => void navigate(`/risk-cases/${encodeURIComponent(c.id)}`)}
              description={
                <>
                  <span>
                    {c.jurisdiction.name} · {c.riskKindLabel} · {c.peopleAffected} 人
                  </span>
                  <br />
                  <span>
                    {c.deadlineAt
                      ? `${c.handling.name}办理 · 期限 ${formatDateTime(c.deadlineAt)}`
                      : `${c.closedAt ? formatDateTime(c.closedAt) : ''} 办结`}
                  </span>
                </>
              }
              extra={<RiskCaseTags c={c} />}
            >
              {c.enterprise.name}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

/** 全部地区 or one township/county of my area. */
function PlacePicker({ value, onChange }: { value: string | undefined; onChange: (code?: string) => void }) {
  const [open, setOpen] = useState(false);
  const places = useQuery({
    queryKey: riskCaseKeys.places(),
    queryFn: ({ signal }) => placesInScope(signal),
    staleTime: 10 * 60_000,
  });
  const options = places.data ?? [];
  if (options.length < 2) return null;
  const current = options.find((o) => o.code === value);
  const pick = (code?: string) => {
    setOpen(false);
    onChange(code);
  };
  return (
    <>
      <Button
        className="county-picker-button"
        size="small"
        onClick={() => setOpen(true)}
        aria-label={current ? `地区：${current.name}，点按更换` : '选择地区'}
      >
        {current ? current.name : '全部地区'} <DownOutline />
      </Button>
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        bodyStyle={{ maxHeight: '75vh', overflowY: 'auto' }}
      >
        <h2 className="sheet-title">选择地区</h2>
        <List>
          <List.Item
            arrowIcon={false}
            onClick={() => pick(undefined)}
            extra={!value ? <CheckOutline /> : null}
          >
            全部地区
          </List.Item>
          {options.map((o) => (
            <List.Item
              key={o.code}
              arrowIcon={false}
              extra={o.code === value ? <CheckOutline aria-label="当前" /> : undefined}
              onClick={() => pick(o.code)}
            >
              {o.name}
            </List.Item>
          ))}
        </List>
      </Popup>
    </>
  );
}

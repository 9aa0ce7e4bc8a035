import { memo } from 'react';
import { Card } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { dutyKeys, fetchDutySummary } from '../../lib/duty-api';
import { formatRate } from '../../lib/format';
import { logKeys } from '../../lib/log-keys';
import { APPROVALS_PATH, DASHBOARD_PATH, GUIDANCE_PATH } from '../../lib/links';

/**
 * For supervisors: visits waiting for approval and the scope's C1/C2/C3 coverage at a glance.
 * Memoized: 首页 renders again as its own queries settle.
 */
export const SupervisorOverview = memo(function SupervisorOverview({ canApprove }: { canApprove: boolean }) {
  const navigate = useNavigate();
  const approvals = useQuery({
    queryKey: logKeys.approvals(),
    // Loaded on demand (as for the tab's badge): the logs' schemas stay out of 首页's first load.
    queryFn: async ({ signal }) => (await import('../../lib/log-api')).fetchApprovalPage(undefined, signal),
    enabled: canApprove,
  });
  const c1 = useQuery({
    queryKey: dutyKeys.summary({ rule: 'C1' }),
    queryFn: ({ signal }) => fetchDutySummary({ rule: 'C1' }, signal),
  });
  const c2 = useQuery({
    queryKey: dutyKeys.summary({ rule: 'C2' }),
    queryFn: ({ signal }) => fetchDutySummary({ rule: 'C2' }, signal),
  });
  const c3 = useQuery({
    queryKey: dutyKeys.summary({ rule: 'C3' }),
    queryFn: ({ signal }) => fetchDutySummary({ rule: 'C3' }, signal),
  });
  const waiting = approvals.data ? String(approvals.data.total) : '—';

  return (
    <section className="page-section overview-grid">
      {canApprove && (
        <Card className="overview-card" onClick={() => void navigate(APPROVALS_PATH)}>
          <div className="overview-number">{waiting}</div>
          <div>条走访待审批</div>
        </Card>
      )}
      {[
        { label: '本月联络覆盖率', query: c1, path: DASHBOARD_PATH },
        { label: '本季度走访覆盖率', query: c2, path: DASHBOARD_PATH },
        { label: '本年度指导覆盖率', query: c3, path: GUIDANCE_PATH },
      ].map(({ label, query, path }) => (
        <Card key={label} className="overview-card" onClick={() => void navigate(path)}>
          <div className="overview-number">
            {query.data ? formatRate(query.data.total.coverageRate) : '—'}
          </div>
          <div>{label}</div>
          {query.data && (
            <div className="muted">
              逾期 {query.data.total.overdue} · 待完成 {query.data.total.due}
            </div>
          )}
        </Card>
      ))}
    </section>
  );
});

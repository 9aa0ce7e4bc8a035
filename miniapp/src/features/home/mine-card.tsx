import { Card } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { formatPeriod } from '@coordnet/shared/domain/period';
import { fetchMineSummary, responsibleKeys } from '../../lib/responsible-api';

/**
 * 我负责的 (seed §二(三) 岗位责任制): the enterprises a township/park coordinator is 责任人 of and
 * what is open among them; a tap opens the list of them. Nothing shows while none is named.
 */
export function MineCard() {
  const navigate = useNavigate();
  const summary = useQuery({
    queryKey: responsibleKeys.summary(),
    queryFn: ({ signal }) => fetchMineSummary(signal),
  });
  const s = summary.data;
  if (!s || s.total === 0) return null;
  return (
    <section className="page-section" aria-labelledby="mine-card-title">
      <Card
        className="mine-card"
        title={<span id="mine-card-title">我负责的（{s.total} 家）</span>}
        extra={<span className="muted">查看 ›</span>}
        onClick={() => void navigate('/enterprises?mine=1')}
      >
        <ul className="mine-card-list">
          <li>
            {formatPeriod(s.month)}待联络 <strong>{s.c1Due}</strong> 家
          </li>
          <li>
            {formatPeriod(s.quarter)}待走访 <strong>{s.c2Due}</strong> 家
          </li>
          <li className={s.c1Overdue > 0 ? 'mine-card-overdue' : undefined}>
            {formatPeriod(s.lastMonth)}逾期未联络 <strong>{s.c1Overdue}</strong> 家
          </li>
        </ul>
      </Card>
    </section>
  );
}

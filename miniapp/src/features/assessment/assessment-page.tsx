import { useState } from 'react';
import { Card, List, Selector, Tag, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import {
  FIRST_ASSESSMENT_YEAR,
  TARGET_KEYS,
  TARGET_LABELS,
  type AssessmentRow,
} from '@coordnet/shared/api/assessment';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import { useSession } from '../../app/session-context';
import { formatRate } from '../../lib/format';
import { managerRoles } from '../../lib/roles';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { assessmentKeys, fetchAssessment } from './assessment-api';
import { TargetPopup } from './target-popup';
import { LedgerDownload } from '../../lib/ui/ledger-download';

const thisYear = () =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/**
 * 年度目标考核 (seed §三(一): 从2023年起，按企业数量比例对各地进行年度目标考核): the cities of the province
 * or the counties of a city ranked, actual against the targets the level above set; 2023 counts from
 * July (seed §四). The province's managers set cities' targets, a city's managers its counties'.
 */
export function AssessmentPage() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear();
  const jurisdiction = params.get('jurisdiction') ?? undefined;
  const [editing, setEditing] = useState<AssessmentRow | null>(null);
  const query = useQuery({
    queryKey: assessmentKeys.regions(jurisdiction, year),
    queryFn: ({ signal }) => fetchAssessment(jurisdiction, year, signal),
  });
  const years = Array.from({ length: thisYear() - FIRST_ASSESSMENT_YEAR + 1 }, (_, i) => thisYear() - i);
  const data = query.data;
  const setsTargets =
    data !== undefined &&
    data.jurisdiction.level !== 'county' &&
    managerRoles(user).some((role) => isWithin(data.jurisdiction.code, role.jurisdictionCode));

  return (
    <>
      <PageHeader title="年度目标考核" />
      <div className="filter-bar">
        <Selector
          aria-label="考核年度"
          columns={4}
          showCheckMark={false}
          options={years.map((y) => ({ value: String(y), label: `${y}年` }))}
          value={[String(year)]}
          onChange={(values) =>
            values[0] &&
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              next.set('year', values[0]!);
              return next;
            })
          }
        />
      </div>
      {query.isPending ? (
        <LoadingBlock rows={6} />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : data!.items.length === 0 ? (
        <EmptyState title="暂无可考核的地区" />
      ) : (
        <>
          <section className="page-section">
            <Card>
              <h2 className="detail-title">
                {data!.jurisdiction.name} · {data!.year}年
              </h2>
              <p className="muted">
                按企业数量核定应配协调员，截至 {data!.asOf}；计入 {data!.months.length} 个月、
                {data!.quarters.length} 个季度
                {data!.year === FIRST_ASSESSMENT_YEAR &&
                  '（《指导意见》自 2023 年 6 月 30 日起施行，7 月起计）'}
                。{setsTargets && '点击地区设定年度目标。'}
              </p>
              <LedgerDownload
                ledger="assessment"
                query={{ jurisdiction: data!.jurisdiction.code, year: data!.year }}
                label="下载考核台账"
              />
            </Card>
          </section>
          <List className="page-section assessment-list">
            {data!.items.map((row) => (
              <List.Item
                key={row.code}
                prefix={<span className="rank-badge">{row.rank}</span>}
                onClick={setsTargets ? () => setEditing(row) : undefined}
                extra={
                  row.onTarget === null ? (
                    <Tag fill="outline">未设目标</Tag>
                  ) : (
                    <Tag color={row.onTarget ? 'success' : 'danger'} fill="outline">
                      {row.onTarget ? '达到目标' : '未达目标'}
                    </Tag>
                  )
                }
                description={
                  <>
                    {TARGET_KEYS.map((key) => (
                      <div key={key}>
                        {TARGET_LABELS[key]} {formatRate(row[key])}
                        {row.target?.[key] != null && (
                          <span className="muted"> / 目标 {formatRate(row.target[key])}</span>
                        )}
                      </div>
                    ))}
                    <div>
                      在岗 {row.inPost.total} / 应配 {row.required.total} 人 · 企业 {row.enterprises} 家
                    </div>
                    {row.platformsBelowAdvice > 0 && (
                      <div className="muted">
                        乡镇园区建议增至 4 名：{row.platformsBelowAdvice} 个（不计入考核）
                      </div>
                    )}
                  </>
                }
              >
                {row.name}
              </List.Item>
            ))}
          </List>
        </>
      )}
      <TargetPopup
        row={editing}
        year={year}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          Toast.show({ content: '已保存年度目标', position: 'bottom' });
          void queryClient.invalidateQueries({ queryKey: ['assessment'] });
        }}
      />
    </>
  );
}

import { Button, InfiniteScroll, List, SearchBar, Selector, Tag } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router';
import { DUTIES, DUTY_KEYS } from '@coordnet/shared/domain/duties';
import { formatDateTime } from '../../lib/format';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { PageHeader } from '../../lib/ui/page-header';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { caseKeys, fetchCases } from './case-api';

const DUTY_OPTIONS = [
  { value: '', label: '全部' },
  ...DUTY_KEYS.map((key) => ({ value: key, label: DUTIES[key].split('，')[0]!.slice(0, 8) })),
];

/** 协调员之家: cases shared with me, newest first; search by text and duty. */
export function CasesPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const q = params.get('q') ?? '';
  const duty = params.get('duty') ?? '';
  const cases = useCursorPages({
    queryKey: caseKeys.list(q, duty),
    fetchPage: (cursor, signal) => fetchCases(q, duty, cursor, signal),
  });
  const set = (key: string, value: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const items = cases.items;

  return (
    <>
      <PageHeader title="协调员之家" backTo="/me" />
      <div className="filter-bar">
        <SearchBar
          placeholder="搜索案例标题或内容"
          defaultValue={q}
          onSearch={(value) => set('q', value.trim())}
          onClear={() => set('q', '')}
        />
        <div className="chip-scroll">
          <Selector
            aria-label="职责类别"
            showCheckMark={false}
            options={DUTY_OPTIONS}
            value={[duty]}
            onChange={(values) => set('duty', values[0] ?? '')}
          />
        </div>
      </div>
      <div className="page-section">
        <Button block color="primary" onClick={() => void navigate('/cases/new')}>
          分享案例
        </Button>
      </div>
      {!items ? (
        cases.error ? (
          <ErrorState error={cases.error} onRetry={() => void cases.query.refetch()} />
        ) : (
          <LoadingBlock rows={6} />
        )
      ) : items.length === 0 ? (
        <EmptyState title="暂无案例" description="分享您调处纠纷、推动创建的经验，供同行借鉴" />
      ) : (
        <>
          <List>
            {items.map((c) => (
              <List.Item
                key={c.id}
                onClick={() => void navigate(`/cases/${c.id}`)}
                description={
                  <>
                    <span className="case-excerpt">{c.excerpt}</span>
                    <span className="muted">
                      {c.authorName} · {c.jurisdictionName} · {formatDateTime(c.createdAt)}
                    </span>
                  </>
                }
                extra={c.status === 'hidden' ? <Tag color="danger">已屏蔽</Tag> : undefined}
              >
                <span className="case-title">{c.title}</span>
                <Tag color="primary" fill="outline" className="case-duty">
                  {c.dutyLabel.split('，')[0]!.slice(0, 8)}
                </Tag>
              </List.Item>
            ))}
          </List>
          <InfiniteScroll loadMore={cases.loadMore} hasMore={cases.hasMore}>
            {cases.hasMore ? '加载中…' : '没有更多了'}
          </InfiniteScroll>
        </>
      )}
    </>
  );
}

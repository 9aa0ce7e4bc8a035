import { Button, Card, Dialog, Input, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { CaseDetail } from '@coordnet/shared/api/cases';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { AuthPhotos } from '../../lib/ui/auth-photos';
import { PageHeader } from '../../lib/ui/page-header';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { ErrorState } from '../../lib/ui/query-states';
import { caseKeys, fetchCase, moderateCase } from './case-api';

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const item = useQuery({ queryKey: caseKeys.one(id), queryFn: ({ signal }) => fetchCase(id, signal) });
  return (
    <>
      <PageHeader title="案例详情" backTo="/cases" />
      {item.isPending ? (
        <LoadingBlock rows={8} />
      ) : item.isError ? (
        <ErrorState error={item.error} onRetry={() => void item.refetch()} />
      ) : (
        <CaseBody data={item.data} />
      )}
    </>
  );
}

function CaseBody({ data }: { data: CaseDetail }) {
  const queryClient = useQueryClient();
  const moderate = useMutation({
    mutationFn: (reason: string | null) => moderateCase(data.id, reason),
    onSuccess: (next) => {
      queryClient.setQueryData(caseKeys.one(data.id), next);
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
      Toast.show({ content: next.status === 'hidden' ? '已屏蔽' : '已恢复' });
    },
    onError: (error) => Toast.show({ content: errorMessage(error) }),
  });
  const hide = async () => {
    let reason = '';
    const ok = await Dialog.confirm({
      title: '屏蔽该案例',
      content: <Input placeholder="请填写屏蔽原因" onChange={(v) => (reason = v)} aria-label="屏蔽原因" />,
      confirmText: '屏蔽',
      cancelText: '取消',
    });
    if (ok) moderate.mutate(reason.trim());
  };

  return (
    <section className="page-section">
      <Card>
        <h2 className="detail-title">{data.title}</h2>
        <p>
          <Tag color="primary" fill="outline">
            {data.dutyLabel}
          </Tag>{' '}
          <Tag fill="outline">{data.visibilityLabel}</Tag>{' '}
          {data.status === 'hidden' && <Tag color="danger">已屏蔽</Tag>}
        </p>
        <p className="muted">
          {data.authorName} · {data.jurisdictionName} · {formatDateTime(data.createdAt)}
        </p>
        {data.hiddenReason && <p className="form-error">屏蔽原因：{data.hiddenReason}</p>}
        <div className="case-body">
          {data.body.split(/\n+/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
        <AuthPhotos photos={data.attachments} />
      </Card>
      {data.moderatable && (
        <div className="page-section">
          {data.status === 'published' ? (
            <Button
              block
              color="danger"
              fill="outline"
              loading={moderate.isPending}
              onClick={() => void hide()}
            >
              屏蔽
            </Button>
          ) : (
            <Button
              block
              color="primary"
              fill="outline"
              loading={moderate.isPending}
              onClick={() => moderate.mutate(null)}
            >
              恢复发布
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

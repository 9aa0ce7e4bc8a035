import { useState } from 'react';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Log } from '@coordnet/shared/api/logs';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { approveVisit, bulkApproveVisits, fetchApprovalPage, rejectVisit } from '../../lib/log-api';
import { logKeys } from '../../lib/log-keys';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { ApprovalCard } from './approval-card';
import { RejectPopup } from './reject-popup';

/** 待审批: visits waiting for this supervisor, oldest first; approve, reject with a reason, or approve many. */
export function ApprovalsPage() {
  const queryClient = useQueryClient();
  const queue = useQuery({
    queryKey: logKeys.approvals(),
    queryFn: ({ signal }) => fetchApprovalPage(undefined, signal),
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rejecting, setRejecting] = useState<Log | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const done = (message: string, ids: string[]) => {
    Toast.show({ content: message });
    setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
    void queryClient.invalidateQueries({ queryKey: ['duty'] });
  };
  const failed = (error: unknown) => {
    Toast.show({ content: errorMessage(error), duration: 3000 });
    void queryClient.invalidateQueries({ queryKey: logKeys.approvals() });
  };

  const approve = useMutation({
    mutationFn: (log: Log) => approveVisit(log.id, log.revision),
    onMutate: (log) => setBusyId(log.id),
    onSuccess: (log) => done('已通过', [log.id]),
    onError: failed,
    onSettled: () => setBusyId(null),
  });
  const reject = useMutation({
    mutationFn: ({ log, reason }: { log: Log; reason: string }) => rejectVisit(log.id, reason),
    onMutate: ({ log }) => setBusyId(log.id),
    onSuccess: (log) => {
      setRejecting(null);
      done('已退回', [log.id]);
    },
    onError: failed,
    onSettled: () => setBusyId(null),
  });
  const bulk = useMutation({
    mutationFn: bulkApproveVisits,
    onSuccess: (ids) => done(`已通过 ${ids.length} 条`, ids),
    onError: failed,
  });

  const items = queue.data?.items ?? [];
  const chosen = items.filter((log) => selected.has(log.id));

  // A tap on 通过 is final for the author (the visit counts and leaves the queue), so it is confirmed.
  const approveOne = async (log: Log) => {
    const confirmed = await Dialog.confirm({
      content: `确定通过「${log.enterprise.name}」${formatDateTime(log.occurredAt)} 的走访记录吗？${log.flags.length > 0 ? '这条记录有签到提示。' : ''}`,
      confirmText: '通过',
      cancelText: '取消',
    });
    if (confirmed) approve.mutate(log);
  };

  const bulkApprove = async () => {
    const flagged = chosen.filter((log) => log.flags.length > 0).length;
    const confirmed = await Dialog.confirm({
      content: `确定通过选中的 ${chosen.length} 条走访记录吗？${flagged > 0 ? `其中 ${flagged} 条有签到提示。` : ''}`,
      confirmText: '通过',
      cancelText: '取消',
    });
    if (confirmed) bulk.mutate(chosen.map((log) => log.id));
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      <PageHeader title="待审批" />
      {queue.isPending ? (
        <LoadingBlock rows={8} />
      ) : queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="暂无待审批的走访记录" />
      ) : (
        <>
          <div className="approval-toolbar">
            <span>
              共 {queue.data.total} 条{queue.data.nextCursor ? `（显示前 ${items.length} 条）` : ''}
            </span>
            <Button
              size="small"
              fill="none"
              color="primary"
              onClick={() =>
                setSelected(chosen.length === items.length ? new Set() : new Set(items.map((l) => l.id)))
              }
            >
              {chosen.length === items.length ? '取消全选' : '全选'}
            </Button>
          </div>
          {items.map((log) => (
            <ApprovalCard
              key={log.id}
              log={log}
              selected={selected.has(log.id)}
              onSelect={(on) => toggle(log.id, on)}
              onApprove={() => void approveOne(log)}
              onReject={() => setRejecting(log)}
              busy={busyId === log.id || bulk.isPending}
            />
          ))}
          {chosen.length > 0 && (
            <div className="form-actions">
              <Button
                block
                color="primary"
                size="large"
                loading={bulk.isPending}
                onClick={() => void bulkApprove()}
              >
                批量通过（{chosen.length}）
              </Button>
            </div>
          )}
        </>
      )}
      <RejectPopup
        enterpriseName={rejecting?.enterprise.name ?? ''}
        visible={rejecting !== null}
        busy={reject.isPending}
        onCancel={() => setRejecting(null)}
        onConfirm={(reason) => rejecting && reject.mutate({ log: rejecting, reason })}
      />
    </>
  );
}

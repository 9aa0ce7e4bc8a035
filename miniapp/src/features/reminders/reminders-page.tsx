import { useState } from 'react';
import { Button, InfiniteScroll, Picker, Selector } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import type { ReminderStatus } from '@coordnet/shared/api/reminders';
import { useSession } from '../../app/session-context';
import {
  fetchReminderPage,
  fetchWorkGroups,
  reminderKeys,
  type ReminderFilter,
} from '../../lib/reminder-api';
import { isSupervisor } from '../../lib/roles';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { ReminderCard } from './reminder-card';

const ALL = 'all';
const STATUS_OPTIONS: { label: string; value: ReminderStatus | typeof ALL }[] = [
  { label: '全部', value: ALL },
  { label: '已发送', value: 'sent' },
  { label: '待发送', value: 'pending' },
  { label: '失败', value: 'failed' },
  { label: '已暂停', value: 'blocked' },
];

/** 提醒记录: what the work-group robots and work notifications sent (or are about to), with DingTalk's answer. */
export function RemindersPage() {
  const { user } = useSession();
  const supervisor = isSupervisor(user);
  const [status, setStatus] = useState<ReminderStatus | typeof ALL>(ALL);
  const [groupId, setGroupId] = useState<string | undefined>(undefined);
  const [choosing, setChoosing] = useState(false);
  const groups = useQuery({
    queryKey: reminderKeys.groups(true),
    queryFn: ({ signal }) => fetchWorkGroups(true, signal),
    enabled: supervisor,
  });
  const filter: ReminderFilter = { status: status === ALL ? undefined : status, groupId };
  const pages = useCursorPages({
    queryKey: reminderKeys.history(filter),
    fetchPage: (cursor, signal) => fetchReminderPage(filter, cursor, signal),
    // While something is still on its way, the list follows it to 已发送 (or to DingTalk's refusal).
    refetchInterval: (loaded) =>
      loaded.some((page) => page.items.some((r) => r.status === 'pending' || r.status === 'sending'))
        ? 10_000
        : false,
  });
  const items = pages.items;
  const groupName = groups.data?.find((g) => g.id === groupId)?.name;

  return (
    <>
      <PageHeader title="提醒记录" backTo="/me" />
      <div className="filter-bar">
        <Selector
          className="compact-selector"
          aria-label="发送状态"
          columns={5}
          showCheckMark={false}
          options={STATUS_OPTIONS}
          value={[status]}
          onChange={(values) => values[0] && setStatus(values[0])}
        />
        {supervisor && (groups.data?.length ?? 0) > 0 && (
          <div className="filter-chip-row">
            <Button size="small" onClick={() => setChoosing(true)}>
              工作群：{groupName ?? '全部'}
            </Button>
            {groupId && (
              <Button size="small" fill="none" onClick={() => setGroupId(undefined)}>
                清除
              </Button>
            )}
          </div>
        )}
      </div>
      <Picker
        title="选择工作群"
        confirmText="确定"
        cancelText="取消"
        visible={choosing}
        onClose={() => setChoosing(false)}
        columns={[
          [
            { label: '全部工作群', value: ALL },
            ...(groups.data ?? []).map((g) => ({ label: g.name, value: g.id })),
          ],
        ]}
        value={[groupId ?? ALL]}
        onConfirm={(values) => setGroupId(values[0] && values[0] !== ALL ? String(values[0]) : undefined)}
      />
      {!items ? (
        pages.error ? (
          <ErrorState error={pages.error} onRetry={() => void pages.query.refetch()} />
        ) : (
          <LoadingBlock rows={6} />
        )
      ) : items.length === 0 ? (
        <EmptyState title="暂无提醒记录" description="工作群机器人和工作通知发出的提醒会显示在这里" />
      ) : (
        <>
          <div className="reminder-list">
            {items.map((item) => (
              <ReminderCard key={item.id} reminder={item} />
            ))}
          </div>
          <InfiniteScroll loadMore={pages.loadMore} hasMore={pages.hasMore} />
        </>
      )}
    </>
  );
}

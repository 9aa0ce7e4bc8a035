import { useState } from 'react';
import { Button, Card, Dialog, Tag, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errcodeMeaning } from '@coordnet/shared/api/reminders';
import type { WorkGroup, WorkGroupStatus, WorkGroupTestResult } from '@coordnet/shared/api/work-groups';
import { LEVEL_LABELS } from '@coordnet/shared/domain/jurisdiction-code';
import { useSession } from '../../app/session-context';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { deactivateWorkGroup, reminderKeys, testWorkGroup, updateWorkGroup } from '../../lib/reminder-api';
import { managerRoles } from '../../lib/roles';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';

const STATUS_COLORS: Record<WorkGroupStatus, 'default' | 'success' | 'warning' | 'danger'> = {
  unknown: 'default',
  ok: 'success',
  throttled: 'warning',
  misconfigured: 'danger',
};

export function WorkGroupCard({ group }: { group: WorkGroup }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [tested, setTested] = useState<WorkGroupTestResult | null>(null);
  const canManage = managerRoles(user).some((r) => isWithin(group.jurisdictionCode, r.jurisdictionCode));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: reminderKeys.allGroups() });

  const test = useMutation({
    mutationFn: () => testWorkGroup(group.id),
    onSuccess: (result) => {
      setTested(result);
      refresh();
    },
    onError: (error) => Toast.show({ content: errorMessage(error) }),
  });
  const toggle = useMutation({
    mutationFn: () =>
      group.active ? deactivateWorkGroup(group.id) : updateWorkGroup(group.id, { active: true }),
    onSuccess: () => {
      Toast.show({ content: group.active ? '已停用' : '已启用' });
      refresh();
    },
    onError: (error) => Toast.show({ content: errorMessage(error) }),
  });

  const confirmToggle = async () => {
    if (
      !group.active ||
      (await Dialog.confirm({
        content: `停用“${group.name}”后不再向该群发送提醒，未发送的提醒将取消。确定停用吗？`,
        confirmText: '停用',
        cancelText: '取消',
      }))
    )
      toggle.mutate();
  };

  return (
    <Card className="work-group-card" title={group.name}>
      <div className="reminder-head">
        <Tag
          color={group.active ? STATUS_COLORS[group.status] : 'default'}
          fill="outline"
          className="status-tag"
        >
          {group.active ? group.statusLabel : '已停用'}
        </Tag>
        <span className="muted">
          {group.jurisdictionName}（{LEVEL_LABELS[group.jurisdictionLevel]}）
        </span>
      </div>
      <p className="reminder-time muted">
        {group.delivery === 'app_robot' ? '企业内部应用机器人' : '自定义机器人'}
        {group.delivery === 'webhook' && (group.hasSecret ? ' · 已设置加签' : ' · 未设置加签')}
        {group.keyword && ` · 关键词“${group.keyword}”`}
      </p>
      <p className="reminder-time muted">
        {group.lastDeliveryAt ? `最近送达 ${formatDateTime(group.lastDeliveryAt)}` : '尚未送达过消息'}
      </p>
      {group.lastErrcode !== null && group.lastErrcode !== 0 && (
        <p className="reminder-errcode">
          最近一次发送失败：{errcodeMeaning(group.lastErrcode, group.lastErrmsg)}
        </p>
      )}
      {group.lastErrcode === null && group.lastErrmsg && (
        <p className="reminder-errcode">最近一次：{errcodeMeaning(null, group.lastErrmsg)}</p>
      )}
      {tested && (
        <p
          className={tested.ok ? 'work-group-test reminder-errcode ok' : 'work-group-test reminder-errcode'}
          role="status"
        >
          测试结果：{tested.message}
        </p>
      )}
      {canManage && (
        <div className="work-group-actions">
          {group.active && (
            <Button size="small" color="primary" loading={test.isPending} onClick={() => test.mutate()}>
              发送测试消息
            </Button>
          )}
          <Button size="small" onClick={() => void navigate(`/work-groups/${group.id}/edit`)}>
            修改
          </Button>
          <Button
            size="small"
            color={group.active ? 'danger' : 'default'}
            fill="outline"
            loading={toggle.isPending}
            onClick={() => void confirmToggle()}
          >
            {group.active ? '停用' : '重新启用'}
          </Button>
        </div>
      )}
    </Card>
  );
}

import { useState } from 'react';
import { Button, Switch } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session-context';
import { fetchWorkGroups, reminderKeys } from '../../lib/reminder-api';
import { isSupervisor, managerRoles } from '../../lib/roles';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { WorkGroupCard } from './work-group-card';

/** 工作群: the DingTalk groups of the levels I supervise, their robots' health and a test send. */
export function WorkGroupsPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [includeInactive, setIncludeInactive] = useState(false);
  const manager = managerRoles(user).length > 0;
  const groups = useQuery({
    queryKey: reminderKeys.groups(includeInactive),
    queryFn: ({ signal }) => fetchWorkGroups(includeInactive, signal),
    enabled: isSupervisor(user),
  });

  if (!isSupervisor(user))
    return (
      <>
        <PageHeader title="工作群" backTo="/me" />
        <EmptyState title="只有县(市、区)及以上人力社保局人员可以查看工作群" />
      </>
    );

  const misconfigured = groups.data?.filter((g) => g.active && g.status === 'misconfigured').length ?? 0;
  return (
    <>
      <PageHeader title="工作群" backTo="/me" />
      <div className="filter-bar">
        <div className="filter-chip-row">
          <label className="filter-chip-row">
            <Switch checked={includeInactive} onChange={setIncludeInactive} aria-label="显示已停用的工作群" />
            显示已停用
          </label>
          {manager && (
            <Button
              size="small"
              color="primary"
              style={{ marginLeft: 'auto' }}
              onClick={() => void navigate('/work-groups/new')}
            >
              新建工作群
            </Button>
          )}
        </div>
        {misconfigured > 0 && (
          <p className="reminder-errcode" role="status">
            {misconfigured} 个工作群配置异常，已暂停发送，请修改机器人设置后发送测试消息
          </p>
        )}
      </div>
      {groups.isPending ? (
        <LoadingBlock rows={6} />
      ) : groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <EmptyState title="暂无工作群" description="新建工作群并填写钉钉群机器人的地址" />
      ) : (
        <div className="page-section">
          {groups.data.map((group) => (
            <WorkGroupCard key={group.id} group={group} />
          ))}
        </div>
      )}
    </>
  );
}

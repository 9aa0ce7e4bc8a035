import { useDeferredValue, useMemo, useState } from 'react';
import { List, NoticeBar, SearchBar } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { DevUser, Session } from '@coordnet/shared/api/auth';
import { errorMessage } from '../../lib/api';
import { isInDingTalk } from '../../lib/dingtalk';
import { useProgressiveItems } from '../../lib/use-progressive-items';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { AuthScreen } from './auth-screen';
import { DEV_USERS_KEY, fetchDevUsers, signInAsDevUser } from './sign-in';

/** The demo people by role, in the server's order (supervisors from the top level down, then coordinators). */
function groupByRole(users: readonly DevUser[], search: string): [string, DevUser[]][] {
  const needle = search.trim();
  const groups = new Map<string, DevUser[]>();
  for (const user of users) {
    if (needle && ![user.name, user.roleLabel, user.jurisdictionName].some((text) => text.includes(needle)))
      continue;
    const group = groups.get(user.roleLabel) ?? [];
    group.push(user);
    groups.set(user.roleLabel, group);
  }
  return [...groups];
}

/** Development sign-in (outside DingTalk, or inside it on a demo server); offered only when configured. */
export function DevSignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const users = useQuery({ queryKey: DEV_USERS_KEY, queryFn: fetchDevUsers, staleTime: 60_000 });
  const signIn = useMutation({ mutationFn: signInAsDevUser, onSuccess: onSignedIn });
  const [search, setSearch] = useState('');
  // Rendered in a transition when it arrives, in slices, not in one long task (docs/performance P6).
  const everyone = useDeferredValue(users.data);
  const shown = useProgressiveItems(everyone, 16);
  // A search looks through everyone, also those not drawn yet.
  const groups = useMemo(
    () => groupByRole(search.trim() ? (everyone ?? []) : shown, search),
    [everyone, shown, search],
  );

  let content;
  if (users.isError) content = <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  else if (!everyone) content = <LoadingBlock rows={8} />;
  else if (everyone.length === 0) content = <EmptyState title="暂无演示用户" />;
  else if (groups.length === 0) content = <EmptyState title={`没有找到“${search.trim()}”`} />;
  else
    content = groups.map(([role, people]) => (
      <List key={role} header={<h2 className="list-group-title">{role}</h2>} className="dev-user-list">
        {people.map((user) => (
          <List.Item
            key={user.id}
            description={user.jurisdictionName}
            disabled={signIn.isPending}
            onClick={() => signIn.mutate(user.id)}
            arrowIcon
          >
            {user.name}
          </List.Item>
        ))}
      </List>
    ));

  return (
    <AuthScreen title="演示登录">
      <NoticeBar
        color="info"
        wrap
        content={
          isInDingTalk()
            ? '当前为演示环境，尚未接入本单位钉钉，请选择一位演示用户登录。'
            : '当前为演示环境，不在钉钉中运行。正式使用请在钉钉工作台中打开本应用。'
        }
      />
      <div className="dev-user-search">
        <SearchBar
          placeholder="搜索姓名、角色或地区"
          value={search}
          onChange={setSearch}
          aria-label="搜索演示用户"
        />
      </div>
      {signIn.isError && (
        <p className="form-error" role="alert">
          {errorMessage(signIn.error)}
        </p>
      )}
      <p className="dev-user-hint">选择一位演示用户登录</p>
      {content}
    </AuthScreen>
  );
}

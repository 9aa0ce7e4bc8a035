import { List, NoticeBar } from 'antd-mobile';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Session } from '@coordnet/shared/api/auth';
import { errorMessage } from '../../lib/api';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { AuthScreen } from './auth-screen';
import { fetchDevUsers, signInAsDevUser } from './sign-in';

/** Development sign-in outside DingTalk; the server offers it only when configured to. */
export function DevSignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const users = useQuery({ queryKey: ['auth', 'dev-users'], queryFn: fetchDevUsers, staleTime: 0 });
  const signIn = useMutation({ mutationFn: signInAsDevUser, onSuccess: onSignedIn });

  let content;
  if (users.isPending) content = <LoadingBlock rows={6} />;
  else if (users.isError) content = <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  else if (users.data.length === 0) content = <EmptyState title="暂无演示用户" />;
  else
    content = (
      <List header="选择一位演示用户登录" className="dev-user-list">
        {users.data.map((user) => (
          <List.Item
            key={user.id}
            description={`${user.roleLabel} · ${user.jurisdictionName}`}
            disabled={signIn.isPending}
            onClick={() => signIn.mutate(user.id)}
          >
            {user.name}
          </List.Item>
        ))}
      </List>
    );

  return (
    <AuthScreen title="演示登录">
      <NoticeBar
        color="info"
        wrap
        content="当前为演示环境，不在钉钉中运行。正式使用请在钉钉工作台中打开本应用。"
      />
      {signIn.isError && (
        <p className="form-error" role="alert">
          {errorMessage(signIn.error)}
        </p>
      )}
      {content}
    </AuthScreen>
  );
}

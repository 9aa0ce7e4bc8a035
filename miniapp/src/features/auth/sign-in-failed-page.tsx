import { Button, ErrorBlock } from 'antd-mobile';
import { AuthScreen } from './auth-screen';

export function SignInFailedPage({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <AuthScreen title="登录失败">
      <ErrorBlock status="default" title="登录失败" description={message} className="state-block">
        <Button color="primary" onClick={onRetry}>
          重新登录
        </Button>
      </ErrorBlock>
    </AuthScreen>
  );
}

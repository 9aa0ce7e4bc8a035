import { Button } from 'antd-mobile';
import { AuthScreen } from './auth-screen';

export function SignedOutPage({ onSignIn }: { onSignIn: () => void }) {
  return (
    <AuthScreen title="您已退出登录">
      <div className="auth-status">
        <Button block color="primary" size="large" onClick={onSignIn}>
          重新登录
        </Button>
      </div>
    </AuthScreen>
  );
}

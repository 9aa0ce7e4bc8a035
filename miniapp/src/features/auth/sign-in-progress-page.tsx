import { DotLoading } from 'antd-mobile';
import { AuthScreen } from './auth-screen';

export function SignInProgressPage() {
  return (
    <AuthScreen>
      <div className="auth-status" role="status">
        <DotLoading color="primary" />
        <p>正在登录</p>
      </div>
    </AuthScreen>
  );
}

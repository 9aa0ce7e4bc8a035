import { ErrorBlock } from 'antd-mobile';
import { AuthScreen } from './auth-screen';

export function OpenInDingTalkPage() {
  return (
    <AuthScreen>
      <ErrorBlock
        status="disconnected"
        title="请在钉钉中打开本应用"
        description="本应用通过钉钉免登录使用，请在钉钉工作台中打开“劳动关系协调员网络”。"
        className="state-block"
      />
    </AuthScreen>
  );
}

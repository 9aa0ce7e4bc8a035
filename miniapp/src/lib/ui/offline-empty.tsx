import { ErrorBlock } from 'antd-mobile';

/** Offline with nothing saved on the phone for this screen: say so at once, and what to do. */
export function OfflineEmpty() {
  return (
    <ErrorBlock
      status="disconnected"
      title="暂无离线数据"
      description="这部分内容还没有保存到本机，请联网后打开一次"
      className="state-block offline-empty"
    />
  );
}

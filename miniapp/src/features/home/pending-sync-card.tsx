import { NoticeBar } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { MY_LOGS_PATH } from '../../lib/links';
import { useOutboxItems } from '../../lib/use-outbox';

/** How many writes are still only on this phone; a tap opens them. */
export function PendingSyncCard({ userId }: { userId: string }) {
  const navigate = useNavigate();
  const items = useOutboxItems(userId) ?? [];
  if (items.length === 0) return null;
  const failed = items.filter((item) => item.status === 'failed').length;
  const pending = items.length - failed;
  const parts = [pending > 0 && `${pending} 条待同步`, failed > 0 && `${failed} 条同步失败需处理`].filter(
    Boolean,
  );
  return (
    <div
      className="page-section pending-sync"
      onClick={() => void navigate(MY_LOGS_PATH)}
      role="link"
      tabIndex={0}
    >
      <NoticeBar
        color={failed > 0 ? 'alert' : 'info'}
        wrap
        content={`本机记录：${parts.join('，')}。点击查看`}
      />
    </div>
  );
}

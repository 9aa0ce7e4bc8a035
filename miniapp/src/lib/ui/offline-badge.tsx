import { useOnline } from '../online';

/** Always on screen without a signal: what is shown is the phone's copy, and writes wait to be sent. */
export function OfflineBadge() {
  const online = useOnline();
  if (online) return null;
  return (
    <div className="offline-badge" role="status" aria-label="离线：显示本机保存的数据，记录将在联网后同步">
      离线
    </div>
  );
}

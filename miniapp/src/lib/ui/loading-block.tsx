import { Skeleton } from 'antd-mobile';
import { useIsRestoring } from '@tanstack/react-query';
import { useOnline } from '../online';
import { OfflineEmpty } from './offline-empty';

/**
 * A placeholder while data loads. Offline a query without data waits for a signal, so instead of an
 * endless 加载中 the screen says at once that nothing is saved (after the saved copy was restored).
 */
export function LoadingBlock({ rows = 4 }: { rows?: number }) {
  const online = useOnline();
  const restoring = useIsRestoring();
  if (!online && !restoring) return <OfflineEmpty />;
  return (
    <div className="page-section" role="status" aria-busy="true" aria-label="加载中">
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={rows} animated />
    </div>
  );
}

import { Skeleton } from 'antd-mobile';
import { useIsRestoring } from '@tanstack/react-query';
import { useOnline } from '../online';
import { OfflineEmpty } from './offline-empty';

/**
 * A list's placeholder in the list's own shape: rows as tall as a two-line list row, starting where
 * the list starts, so nothing below moves when the rows arrive (Cumulative Layout Shift). Offline
 * without a saved copy it says so at once, as LoadingBlock does.
 */
export function ListPlaceholder({ rows = 5 }: { rows?: number }) {
  const online = useOnline();
  const restoring = useIsRestoring();
  if (!online && !restoring) return <OfflineEmpty />;
  return (
    <div className="list-placeholder" role="status" aria-busy="true" aria-label="加载中">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="list-placeholder-row">
          <Skeleton.Paragraph lineCount={2} animated />
        </div>
      ))}
    </div>
  );
}

import { Skeleton } from 'antd-mobile';
import { useIsRestoring } from '@tanstack/react-query';
import { useOnline } from '../online';
import { OfflineEmpty } from './offline-empty';

/**
 * Offline a query without data waits for a signal, so instead of an endless 加载中 the screen says at
 * once that nothing is saved (after the saved copy was restored).
 */
function useNothingSavedOffline(): boolean {
  const online = useOnline();
  const restoring = useIsRestoring();
  return !online && !restoring;
}

/**
 * A placeholder while data loads. Placeholders here are still: antd-mobile's shimmer repaints every
 * frame on the main thread and starts one animation event per block, while the page is loading.
 */
export function LoadingBlock({ rows = 4 }: { rows?: number }) {
  if (useNothingSavedOffline()) return <OfflineEmpty />;
  return (
    <div className="page-section" role="status" aria-busy="true" aria-label="加载中">
      <Skeleton.Title />
      <Skeleton.Paragraph lineCount={rows} />
    </div>
  );
}

/**
 * A list's placeholder in the list's own shape: rows as tall as a two-line list row, starting where
 * the list starts, so nothing below moves when the rows arrive (Cumulative Layout Shift).
 */
export function ListPlaceholder({ rows = 5 }: { rows?: number }) {
  if (useNothingSavedOffline()) return <OfflineEmpty />;
  return (
    <div className="list-placeholder" role="status" aria-busy="true" aria-label="加载中">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="list-placeholder-row">
          <Skeleton.Paragraph lineCount={2} />
        </div>
      ))}
    </div>
  );
}

import { Skeleton } from 'antd-mobile';

/** While a page's JavaScript loads (from the service worker's cache offline): never "no data". */
export function PageLoading() {
  return (
    <div className="page-section" role="status" aria-busy="true" aria-label="加载中">
      <Skeleton.Title />
      <Skeleton.Paragraph lineCount={4} />
    </div>
  );
}

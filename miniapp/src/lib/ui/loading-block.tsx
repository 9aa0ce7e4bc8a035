import { Skeleton } from 'antd-mobile';

export function LoadingBlock({ rows = 4 }: { rows?: number }) {
  return (
    <div className="page-section" role="status" aria-busy="true" aria-label="加载中">
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={rows} animated />
    </div>
  );
}

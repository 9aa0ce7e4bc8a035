import { Button, ErrorBlock } from 'antd-mobile';
import { errorMessage } from '../api';

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <ErrorBlock status="default" title="加载失败" description={errorMessage(error)} className="state-block">
      {onRetry && (
        <Button color="primary" fill="outline" onClick={onRetry}>
          重试
        </Button>
      )}
    </ErrorBlock>
  );
}

export function EmptyState({ title, description }: { title: string; description?: string }) {
  return <ErrorBlock status="empty" title={title} description={description ?? ''} className="state-block" />;
}

import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { PageHeader } from '../lib/ui/page-header';

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="页面不存在" />
      <ErrorBlock
        status="empty"
        title="页面不存在"
        description="您访问的页面不存在或已移除"
        className="state-block"
      >
        <Button color="primary" onClick={() => void navigate('/', { replace: true })}>
          返回首页
        </Button>
      </ErrorBlock>
    </>
  );
}

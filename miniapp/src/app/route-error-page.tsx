import { Button } from 'antd-mobile';
import { useRouteError } from 'react-router';
import { errorMessage } from '../lib/api';

/**
 * A page failed to load or render, most often a stale chunk after a new release: reloading fixes it.
 * Kept free of heavier components because it must work when other chunks cannot be fetched.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  return (
    <div className="auth-status" role="alert">
      <h2>页面加载失败</h2>
      <p className="muted">{errorMessage(error)}</p>
      <Button color="primary" onClick={() => window.location.reload()}>
        重新加载
      </Button>
    </div>
  );
}

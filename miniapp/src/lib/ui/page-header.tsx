import { NavBar } from 'antd-mobile';
import { useLocation, useNavigate } from 'react-router';
import { isInDingTalk } from '../dingtalk';
import { usePageTitle } from '../use-page-title';

/**
 * Inside DingTalk the native navigation bar shows the title and the back button, so only the title
 * is set; a plain browser gets an in-page bar. `backTo` is where back goes when the page was opened
 * directly (no history to return to).
 */
export function PageHeader({ title, backTo }: { title: string; backTo?: string }) {
  const navigate = useNavigate();
  const location = useLocation();
  usePageTitle(title);
  // DingTalk's own bar shows the title; the page still names itself for a screen reader.
  if (isInDingTalk()) return <h1 className="visually-hidden">{title}</h1>;

  const goBack = () => {
    if (location.key === 'default' && backTo) void navigate(backTo, { replace: true });
    else void navigate(-1);
  };
  return (
    <NavBar className="page-header" backIcon={Boolean(backTo)} back={backTo ? '返回' : null} onBack={goBack}>
      <h1 className="page-header-title">{title}</h1>
    </NavBar>
  );
}

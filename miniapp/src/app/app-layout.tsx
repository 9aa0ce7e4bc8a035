import { TabBar } from 'antd-mobile';
import { AppOutline, ShopbagOutline, TeamOutline, UserOutline } from 'antd-mobile-icons';
import { Outlet, useLocation, useNavigate } from 'react-router';

const TABS = [
  { key: '/', title: '首页', icon: <AppOutline /> },
  { key: '/enterprises', title: '企业', icon: <ShopbagOutline /> },
  { key: '/coordinators', title: '协调员', icon: <TeamOutline /> },
  { key: '/me', title: '我的', icon: <UserOutline /> },
];

/** The tab a page belongs to; the jurisdiction browser is reached from 首页. */
function tabOf(pathname: string): string {
  return (
    TABS.find((tab) => tab.key !== '/' && (pathname === tab.key || pathname.startsWith(`${tab.key}/`)))
      ?.key ?? '/'
  );
}

export function AppLayout() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <div className="app-shell">
      <main className="app-main">
        <Outlet />
      </main>
      <nav className="app-tab-bar" aria-label="主导航">
        <TabBar safeArea activeKey={tabOf(pathname)} onChange={(key) => void navigate(key)}>
          {TABS.map((tab) => (
            <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}

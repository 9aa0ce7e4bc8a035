import type { ReactNode } from 'react';
import {
  AppOutline,
  CheckShieldOutline,
  ExclamationShieldOutline,
  HistogramOutline,
  PhonebookOutline,
  ShopbagOutline,
  TeamOutline,
  UnorderedListOutline,
  UserOutline,
} from 'antd-mobile-icons';
import type { Me } from '@coordnet/shared/api/auth';
import {
  APPROVALS_PATH,
  CONTACT_HISTORY_PATH,
  DASHBOARD_PATH,
  MY_LOGS_PATH,
  RISK_REPORT_PATH,
} from '../lib/links';
import { enterpriseRoles, isSupervisor, loggingRoles, managerRoles } from '../lib/roles';

export interface Tab {
  key: string;
  title: string;
  icon: ReactNode;
}

const HOME: Tab = { key: '/', title: '首页', icon: <AppOutline /> };
const ENTERPRISES: Tab = { key: '/enterprises', title: '企业', icon: <ShopbagOutline /> };
const COORDINATORS: Tab = { key: '/coordinators', title: '协调员', icon: <TeamOutline /> };
const LOGS: Tab = { key: MY_LOGS_PATH, title: '记录', icon: <UnorderedListOutline /> };
const RISK: Tab = { key: RISK_REPORT_PATH, title: '上报', icon: <ExclamationShieldOutline /> };
const CONTACT_HISTORY: Tab = { key: CONTACT_HISTORY_PATH, title: '联络', icon: <PhonebookOutline /> };
const APPROVALS: Tab = { key: APPROVALS_PATH, title: '待审批', icon: <CheckShieldOutline /> };
const DASHBOARD: Tab = { key: DASHBOARD_PATH, title: '看板', icon: <HistogramOutline /> };
const ME: Tab = { key: '/me', title: '我的', icon: <UserOutline /> };

/** Five tabs at most: the person's daily work first, 我的 always last. */
export function tabsFor(user: Me): Tab[] {
  const duty = loggingRoles(user).length > 0;
  const enterprise = enterpriseRoles(user).length > 0;
  const candidates = [
    HOME,
    ...(managerRoles(user).length > 0 ? [APPROVALS] : []),
    ...(isSupervisor(user) ? [DASHBOARD] : []),
    ...(enterprise ? [RISK] : []),
    // An enterprise coordinator writes only reports (上报); what he reads is his contact history.
    ...(duty ? [LOGS] : enterprise ? [CONTACT_HISTORY] : []),
    ENTERPRISES,
    COORDINATORS,
  ];
  return [...candidates.slice(0, 4), ME];
}

/** The tab a page belongs to: the longest tab path that prefixes it, 首页 otherwise. */
export function tabOf(tabs: Tab[], pathname: string): string {
  const match = tabs
    .filter((tab) => tab.key !== '/' && (pathname === tab.key || pathname.startsWith(`${tab.key}/`)))
    .sort((a, b) => b.key.length - a.key.length)[0];
  return match?.key ?? '/';
}

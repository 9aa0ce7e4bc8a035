import type { Page } from 'playwright-core';
import { tokenOf } from './browser';

/** The main screens of each role's demo person, shared by the quality and accessibility checks. */
export interface Screen {
  name: string;
  path: (ids: { enterprise: string }) => string;
}

export const SCREENS: Record<string, Screen[]> = {
  刘芳: [
    { name: '首页', path: () => '/' },
    { name: '企业', path: () => '/enterprises' },
    { name: '企业详情', path: (ids) => `/enterprises/${ids.enterprise}` },
    { name: '记录联络', path: (ids) => `/enterprises/${ids.enterprise}/contact` },
    { name: '实地走访', path: (ids) => `/enterprises/${ids.enterprise}/visit` },
    { name: '我的记录', path: () => '/logs' },
    { name: '协调员', path: () => '/coordinators' },
    { name: '协调员之家', path: () => '/cases' },
    { name: '分享案例', path: () => '/cases/new' },
    { name: '我的', path: () => '/me' },
  ],
  王海峰: [
    { name: '首页', path: () => '/' },
    { name: '待审批', path: () => '/approvals' },
    { name: '看板', path: () => '/dashboard' },
    { name: '设置', path: () => '/settings' },
    { name: '提醒记录', path: () => '/reminders' },
    { name: '工作群', path: () => '/work-groups' },
    { name: '新建工作群', path: () => '/work-groups/new' },
    { name: '批量导入', path: () => '/imports' },
    { name: '协调员信息库', path: () => '/stats' },
    { name: '配备达标', path: () => '/compliance' },
    { name: '年度评价', path: () => '/evaluations' },
    { name: '协调员', path: () => '/coordinators' },
    { name: '我的', path: () => '/me' },
  ],
  陈建国: [
    { name: '首页 (省级管理，含放假安排未录入的提示)', path: () => '/' },
    { name: '工作日调整', path: () => '/workdays' },
    { name: '年度评价 (选择县)', path: () => '/evaluations' },
    { name: '年度评价 (西湖区)', path: () => '/evaluations?jurisdiction=330106000000' },
  ],
  林晓燕: [{ name: '年度评价 (选择县)', path: () => '/evaluations' }],
  郑磊: [
    { name: '首页', path: () => '/' },
    { name: '联络记录', path: () => '/contact-history' },
    { name: '风险上报', path: () => '/risk-report' },
  ],
};

/** Waits for the page's data: no skeleton or spinner left and the network quiet. */
export async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.adm-skeleton, .adm-spin-loading, .adm-dot-loading')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

/** An enterprise of 三墩镇 with a coordinator of its own (郑磊's), found through the API. */
export async function staffedEnterprise(page: Page): Promise<string> {
  const token = await tokenOf(page);
  return page.evaluate(async (bearer) => {
    const res = await fetch('/api/v1/coordinators?kind=enterprise&limit=1&q=郑磊', {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return ((await res.json()) as { items: { enterpriseId: string }[] }).items[0]!.enterpriseId;
  }, token);
}

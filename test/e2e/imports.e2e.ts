import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
let phone: BrowserContext;
let desktop: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  phone = await phoneContext(browser, inject('baseUrl'));
  desktop = await browser.newContext({
    baseURL: inject('baseUrl'),
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
});
afterAll(async () => {
  await phone?.close();
  await desktop?.close();
  await browser?.close();
});

const HEADER = '企业名称,统一社会信用代码,所属区划代码,行业,从业人员,联系电话';
const row = (n: number, mobile = '13800138000') =>
  `杭州浏览器导入${n}号有限公司,${makeUscc(`91330106E2E${String(n).padStart(6, '0')}`)},330106109000,零售业,${n * 3},${mobile}`;

async function upload(page: Page, lines: string[], name: string) {
  await page.getByLabel('选择导入文件').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${[HEADER, ...lines].join('\n')}\n`),
  });
  await page.getByRole('button', { name: '上传并校验' }).click();
}

describe('批量导入 in a browser', () => {
  it('a county manager sees the error report for a bad file, then imports a good one with a progress bar', async () => {
    const page = await phone.newPage();
    await signInAs(page, '王海峰');
    await page.locator('.app-tab-bar').getByText('我的', { exact: true }).click();
    await page.locator('.adm-list-item').filter({ hasText: '批量导入' }).click();
    await page.getByText('1. 选择导入内容').waitFor();
    await screenshot(page, 'import-01-screen');

    await upload(page, [row(1), row(2, '0571-8888'), row(3)], '企业-有错误.csv');
    await page.getByText('第 3 行').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '下载错误报告' }).waitFor();
    await page.locator('.import-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-02-errors');

    await upload(
      page,
      Array.from({ length: 40 }, (_, i) => row(10 + i)),
      '企业-正确.csv',
    );
    await page.getByText('校验通过：共 40 行，确认后写入').waitFor({ timeout: 30_000 });
    await page.locator('.import-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'import-03-dry-run');
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认导入' }).click();
    await page.getByText('导入完成：新增 40，更新 0，未变 0').waitFor({ timeout: 30_000 });
    await screenshot(page, 'import-04-committed');
    expect(await page.locator('.import-card [role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
  });

  it('works from a desktop browser too', async () => {
    const page = await desktop.newPage();
    await signInAs(page, '王海峰');
    await page.goto('/imports');
    await page.getByText('最近的导入').waitFor();
    await page.locator('.adm-list-item').filter({ hasText: '企业-正确.csv' }).click();
    await page.getByText('导入完成：新增 40，更新 0，未变 0').waitFor();
    await screenshot(page, 'import-05-desktop');
  });
});

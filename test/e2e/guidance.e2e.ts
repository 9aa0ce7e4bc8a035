import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await phoneContext(browser, inject('baseUrl'));
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('C3 年度指导 on a phone (seed §二(三) 岗位责任制)', () => {
  it('a county officer opens 年度指导 from 首页, records a guidance of an enterprise’s coordinators, and the enterprise is done', async () => {
    await signInAs(page, '王海峰');
    const card = page.locator('.overview-card').filter({ hasText: '本年度指导覆盖率' });
    await card.waitFor();
    await screenshot(page, 'guidance-01-home-c3');
    await card.click();
    await page.waitForURL(/\/guidance/);
    await page.getByText('没有本企业协调员的企业不在此列').waitFor();
    const first = page
      .locator('.adm-list-item')
      .filter({ has: page.locator('.status-tag') })
      .first();
    await first.waitFor();
    const name = (await first.locator('.adm-list-item-content-main').textContent())!.trim();
    await screenshot(page, 'guidance-02-list');

    await first.click();
    await page.getByText('受指导的企业劳动关系协调员').waitFor();
    // Saving with nothing chosen says what is missing.
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').getByText('请选择指导方式').waitFor();
    await page.locator('.adm-selector-item').filter({ hasText: '上门指导' }).click();
    await page.locator('.adm-selector-item').filter({ hasText: '用工形式选择' }).click();
    await page.locator('.adm-selector-item').filter({ hasText: '劳动争议调解' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').getByText('请至少选择一名该企业的劳动关系协调员').waitFor();
    await page.locator('.adm-checkbox').first().click();
    await page.getByLabel('情况记录').fill('上门指导企业协调员完善用工形式和劳动争议调解制度');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'guidance-03-form');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/guidance$/);

    await page.locator('.adm-selector-item').filter({ hasText: '已指导' }).click();
    const done = page.locator('.adm-list-item').filter({ hasText: name });
    await done.locator('.status-tag').filter({ hasText: '已完成' }).waitFor({ timeout: 15_000 });
    expect(await done.textContent()).toContain('王海峰');
  });

  it('看板 shows C3 beside C1 and C2', async () => {
    await page.locator('.app-tab-bar').getByText('看板', { exact: true }).click();
    await page.locator('.adm-selector-item').filter({ hasText: 'C3 年度指导' }).click();
    await page.getByText('年度指导', { exact: false }).first().waitFor();
    // The chart has drawn and the save toast has gone.
    await page.locator('.adm-skeleton').first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByText('已记录年度指导').waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, 'guidance-04-dashboard-c3');
  });
});

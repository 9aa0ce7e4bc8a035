import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('操作日志 on a phone (docs/domain.md §6)', () => {
  it('a county manager reveals a mobile, then finds it flagged in the audit reader and filters to it', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    await page.goto('/coordinators?jurisdiction=330106109000');
    await page
      .getByRole('button', { name: /^查看 .+ 的完整手机号$/ })
      .first()
      .click();
    await page
      .getByText(/1\d{10}/)
      .first()
      .waitFor();

    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('操作日志').click();
    await page.waitForURL(/\/audit-log/);
    const reveal = page.locator('.audit-item').filter({ hasText: '王海峰 · 查看完整手机号' }).first();
    await reveal.waitFor();
    await reveal.getByText('查看号码').waitFor();
    await screenshot(page, 'audit-01-list');

    await page.getByText('查看号码和导出', { exact: true }).click();
    await page.waitForURL(/group=sensitive/);
    await expect
      .poll(async () => {
        const texts = await page.locator('.audit-item').allInnerTexts();
        return texts.length > 0 && texts.every((t) => t.includes('查看号码') || t.includes('导出'));
      })
      .toBe(true);
    await page.getByPlaceholder('按人员姓名筛选').fill('王海峰');
    await expect
      .poll(async () => {
        const texts = await page.locator('.audit-item').allInnerTexts();
        return texts.length > 0 && texts.every((t) => t.startsWith('王海峰'));
      })
      .toBe(true);
    await page.getByPlaceholder('按人员姓名筛选').fill('不存在的人');
    await page.getByText('没有符合条件的操作记录').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 导出: the filtered log as a ledger by a single-use link; the export shows in the log at once.
    await page.getByPlaceholder('按人员姓名筛选').fill('王海峰');
    await page.locator('.audit-item').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出操作日志' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/操作日志.*\.xlsx$/);
    expect(download.url()).toMatch(/\/api\/v1\/exports\/download\//);
    await page.reload();
    const exported = page.locator('.audit-item').filter({ hasText: '王海峰 · 导出台账' }).first();
    await exported.getByText(/操作日志.*\.xlsx/).waitFor();
    await screenshot(page, 'audit-02-export');
    await context.close();
  });
});

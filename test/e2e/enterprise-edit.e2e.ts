import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('企业登记 on a phone (registry upkeep)', () => {
  it('a county manager registers an enterprise, then edits it; bad input is shown in Chinese', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    await page.goto('/enterprises');
    await page.getByRole('button', { name: '新增企业' }).click();
    await page.waitForURL(/\/enterprises\/new/);
    await page.getByLabel('企业名称').fill('杭州三墩新材料科技有限公司');
    await page.getByLabel('统一社会信用代码').fill('123');
    await page.getByText('三墩镇', { exact: true }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').getByText('统一社会信用代码应为 18 位').waitFor();
    await page.getByLabel('统一社会信用代码').fill(makeUscc('91330106MA2H7Q8X1'));
    await page.getByLabel('从业人数').fill('85');
    await page.getByLabel('联系人', { exact: true }).fill('陈静');
    await page.getByLabel('联系人手机').fill('13805710088');
    await screenshot(page, 'enterprise-01-new');
    await page.getByRole('button', { name: '保存' }).click();
    await page
      .getByText('企业详情')
      .or(page.getByRole('button', { name: '编辑企业信息' }))
      .first()
      .waitFor();
    await page.getByText('杭州三墩新材料科技有限公司').first().waitFor();

    await page.getByRole('button', { name: '编辑企业信息' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('从业人数').fill('120');
    await page.getByText('停业', { exact: true }).click();
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'enterprise-02-edit');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('button', { name: '编辑企业信息' }).waitFor();
    await page.getByText('停业').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('责任人 on a phone (seed §二(三) 岗位责任制)', () => {
  it('a township coordinator names a colleague for two enterprises at once; the colleague sees 我负责的', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '刘芳');
    await page.goto('/enterprises?jurisdiction=330106109000&jurisdictionName=三墩镇');
    await page.getByRole('button', { name: '批量指定责任人' }).click();
    const boxes = page.locator('.enterprise-item');
    await boxes.first().waitFor();
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    const names = [
      (await boxes.nth(0).locator('.adm-list-item-content-main').first().innerText()).split('\n')[0]!,
      (await boxes.nth(1).locator('.adm-list-item-content-main').first().innerText()).split('\n')[0]!,
    ];
    await page.getByRole('button', { name: '指定责任人（2）' }).click();
    await page.getByText('选择责任人').waitFor();
    const colleague = page.locator('.adm-popup-body .adm-list-item').filter({ hasNotText: '刘芳' }).first();
    await colleague.waitFor();
    const colleagueName = (await colleague.locator('.adm-list-item-content-main').innerText()).split(
      '\n',
    )[0]!;
    await screenshot(page, 'responsible-01-bulk');
    await colleague.click();
    await page.getByText('已为 2 家企业指定责任人').waitFor();
    await page.getByText(`责任人 ${colleagueName}`).first().waitFor();
    await context.close();

    const theirs = await phoneContext(browser, inject('baseUrl'));
    const home = await theirs.newPage();
    await signInAs(home, colleagueName);
    await home.goto('/');
    const card = home.getByText(/我负责的（\d+ 家）/);
    await card.waitFor();
    await screenshot(home, 'responsible-02-home');
    await card.click();
    await home.waitForURL(/\/enterprises\?mine=1/);
    await home.getByText('我负责的企业').waitFor();
    for (const name of names)
      await home.locator('.enterprise-item').filter({ hasText: name }).first().waitFor();
    expect(await home.locator('.enterprise-item').count()).toBe(2);
    expect(await home.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await theirs.close();
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('结束任职 on a phone (registry upkeep)', () => {
  // The demo's names repeat (a surname and a given name drawn at random) and the list's order follows
  // random post ids, so counting a name over the first page was flaky: ending the last post of the page
  // pulled the next page's post of the same name in. The journey narrows the list to the name first.
  it('a county manager ends an enterprise coordinator’s post (调岗) and it leaves the list at once', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    // An enterprise coordinator no other journey signs in as (not 郑磊).
    await page.goto('/coordinators?kind=enterprise');
    await page.locator('.coordinator-item').first().waitFor();
    const name = (await page
      .locator('.coordinator-item')
      .filter({ hasText: '企业劳动关系协调员' })
      .filter({ hasNotText: '郑磊' })
      .last()
      .getByRole('button', { name: /^结束任职：.+$/ })
      .getAttribute('aria-label'))!.replace(/^结束任职：/, '');
    await page.goto(`/coordinators?kind=enterprise&q=${encodeURIComponent(name)}`);
    const named = page.locator('.coordinator-item').filter({ hasText: name });
    await named.first().waitFor();
    const before = await named.count();
    const item = named.last();
    await item.getByRole('button', { name: `结束任职：${name}` }).click();
    await page.waitForURL(/\/end\?/);
    await page.getByRole('button', { name: '结束任职', exact: true }).click();
    await page.getByRole('alert').getByText('请选择离任或调岗').waitFor();
    await page.getByText('调岗', { exact: true }).click();
    await page.getByLabel('说明').fill('调任区人社局');
    await screenshot(page, 'post-end-01-form');
    await page.getByRole('button', { name: '结束任职', exact: true }).click();
    const ended = page.waitForResponse((r) => r.url().endsWith('/end') && r.request().method() === 'POST');
    await page.getByRole('dialog').getByRole('button', { name: '结束任职', exact: true }).click();
    const response = await ended;
    expect(response.status(), await response.text()).toBe(200);
    await page.waitForURL(/\/coordinators\?/);
    await expect
      .poll(() => page.locator('.coordinator-item').filter({ hasText: name }).count())
      .toBe(before - 1);
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'post-end-02-list');
    await context.close();
  });

  it('a county manager deactivates a person (停用人员): every post ends and he leaves the list at once', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    await page.goto('/coordinators?kind=enterprise');
    await page.locator('.coordinator-item').first().waitFor();
    const name = (await page
      .locator('.coordinator-item')
      .filter({ hasText: '企业劳动关系协调员' })
      .filter({ hasNotText: '郑磊' })
      .first()
      .getByRole('button', { name: /^停用人员：.+$/ })
      .getAttribute('aria-label'))!.replace(/^停用人员：/, '');
    await page.goto(`/coordinators?kind=enterprise&q=${encodeURIComponent(name)}`);
    const named = page.locator('.coordinator-item').filter({ hasText: name });
    await named.first().waitFor();
    const before = await named.count();
    await named
      .first()
      .getByRole('button', { name: `停用人员：${name}` })
      .click();
    await page.waitForURL(/\/deactivate\?/);
    await page.getByLabel('说明').fill('已离职');
    await screenshot(page, 'deactivate-01-form');
    await page.getByRole('button', { name: '停用', exact: true }).click();
    await page.getByRole('dialog').getByText(`确定停用${name}吗`).waitFor();
    await screenshot(page, 'deactivate-02-confirm');
    const done = page.waitForResponse(
      (r) => r.url().endsWith('/deactivate') && r.request().method() === 'POST',
    );
    await page.getByRole('dialog').getByRole('button', { name: '停用', exact: true }).click();
    const response = await done;
    expect(response.status(), await response.text()).toBe(200);
    await page.waitForURL(/\/coordinators\?/);
    await expect.poll(() => named.count()).toBe(before - 1);
    await context.close();
  });
});

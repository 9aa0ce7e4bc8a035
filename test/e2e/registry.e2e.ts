import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('a coordinator on a phone (foundation)', () => {
  it('signs in as a demo user, sees who they are, browses enterprises and coordinators of their township only', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await page.goto('/');
    await page.getByText('选择一位演示用户登录').waitFor();
    await screenshot(page, '01-dev-sign-in');

    await signInAs(page, '刘芳');
    await page.getByText('三墩镇').first().waitFor();
    await screenshot(page, '02-home');

    await page.getByText('企业', { exact: true }).last().click();
    await page.waitForURL(/\/enterprises/);
    const enterprises = page.locator('.enterprise-item');
    await enterprises.first().waitFor();
    expect(await enterprises.count()).toBeGreaterThan(5);
    await screenshot(page, '03-enterprises');

    await enterprises.first().click();
    await page.getByText('统一社会信用代码').waitFor();
    expect(await page.getByText(/1\d{2}\*{4}\d{4}/).count()).toBeGreaterThan(0);
    await screenshot(page, '04-enterprise-detail');

    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('乡镇(街道)劳动关系协调员').first().waitFor();
    await screenshot(page, '05-me');

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('keeps a township coordinator out of another township: an enterprise link from elsewhere is not found', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    const api = await context.request.post('/api/v1/auth/dev-login', {
      data: {
        userId: (await (await context.request.get('/api/v1/auth/dev-users')).json()).items.find(
          (u: { name: string }) => u.name === '孙立新',
        ).id,
      },
    });
    const token = (await api.json()).token as string;
    const neighbour = await context.request.get('/api/v1/enterprises?limit=1', {
      headers: { authorization: `Bearer ${token}` },
    });
    const id = (await neighbour.json()).items[0].id as string;
    await signInAs(page, '刘芳');
    await page.goto(`/enterprises/${id}`);
    await page
      .getByText(/未找到/)
      .first()
      .waitFor();
    await screenshot(page, '06-out-of-scope');
    await context.close();
  });
});

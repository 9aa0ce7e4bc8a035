import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('培训与比武 on a phone (seed §二(三) 职业培训机制、技能比武, §二(四)4)', () => {
  it('a county manager records a session with its attendees and a 金牌 honour; the coordinator sees both as her own', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('培训与比武').click();
    await page.waitForURL(/\/training/);

    await page.getByRole('button', { name: '登记培训' }).click();
    await page.getByLabel('培训主题').fill('劳动争议调解实务');
    await page.getByLabel('学时').fill('3.5');
    await page.getByLabel('授课人').fill('西湖区劳动人事争议仲裁院 王律师');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('alert').getByText('请选择参训人员').waitFor();
    await page.getByPlaceholder('按姓名搜索').fill('刘芳');
    await page.locator('.adm-check-list-item').filter({ hasText: '刘芳' }).first().click();
    await page.getByText('已选 1 人').waitFor();
    await screenshot(page, 'training-01-session-form');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/training\?/);
    const session = page.locator('.adm-list-item').filter({ hasText: '劳动争议调解实务' });
    await session.waitFor();
    await expect.poll(() => session.getByText('3.5 学时 · 1 人').count()).toBe(1);
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'training-02-sessions');

    await page.getByRole('tab', { name: '比武与荣誉' }).click();
    await page.getByRole('button', { name: '登记比武成绩或荣誉' }).click();
    await page.getByText('荣誉称号', { exact: true }).first().click();
    await page.getByPlaceholder('按姓名搜索').fill('刘芳');
    await page.locator('.adm-check-list-item').filter({ hasText: '刘芳' }).first().click();
    await page.getByLabel('年度').fill('2026');
    await page.getByText('市级', { exact: true }).click();
    await page.getByLabel('授予单位').fill('杭州市人力资源和社会保障局');
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'training-03-honour-form');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/tab=awards/);
    const honour = page.locator('.adm-list-item').filter({ hasText: '金牌劳动关系协调员' });
    await honour.waitFor();
    await honour.getByText('2026年度 市级').waitFor();
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'training-04-awards');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();

    // 刘芳 sees her session and honour under 我的.
    const own = await phoneContext(browser, inject('baseUrl'));
    const mine = await own.newPage();
    await signInAs(mine, '刘芳');
    await mine.getByText('我的', { exact: true }).last().click();
    await mine.getByText('劳动争议调解实务').scrollIntoViewIfNeeded();
    await mine.getByText('金牌劳动关系协调员').first().waitFor();
    await own.close();
  });
});

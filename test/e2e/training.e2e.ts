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

  it('the county manager adds attendees with hours, imports a 签到表 (preview, then all at once), offers the ledger and moves a 补贴 entry forward; 刘芳 sees her 金牌 status', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('培训与比武').click();
    await page.waitForURL(/\/training/);
    await page.getByRole('button', { name: '下载台账' }).waitFor();
    await page.locator('.adm-list-item').filter({ hasText: '劳动争议调解实务' }).first().click();
    await page.waitForURL(/\/training\/sessions\//);
    await page.getByText('参训人员（1 人）').waitFor();

    // Add 周强 for 2 of the 3.5 hours.
    await page.getByLabel('参训学时').fill('2');
    await page.getByPlaceholder('按姓名搜索').fill('周强');
    await page.locator('.adm-check-list-item').filter({ hasText: '周强' }).first().click();
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByText('参训人员（2 人）').waitFor();
    await page.locator('.adm-list-item').filter({ hasText: '周强' }).getByText('2 学时').waitFor();

    // A sheet with a stranger is previewed and cannot be confirmed; nothing is written.
    await page.getByLabel('选择签到表文件').setInputFiles({
      name: '签到表.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('劳动争议调解实务培训签到表\r\n姓名,手机号,学时\r\n吴静,,3\r\n张无此人,,\r\n'),
    });
    await page.getByText('本地区在岗的劳动关系协调员中没有“张无此人”').waitFor();
    await page
      .getByText(/有 1 行无法匹配/)
      .last()
      .waitFor();
    expect(await page.getByRole('button', { name: /确认登记/ }).count()).toBe(0);
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await page
      .getByText('共 2 行：匹配 1 人，1 行无法匹配')
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'training-05-sign-in-preview');

    await page.getByLabel('选择签到表文件').setInputFiles({
      name: '签到表.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('姓名,学时\r\n吴静,3\r\n'),
    });
    await page.getByRole('button', { name: '确认登记 1 人' }).click();
    await page.getByText('参训人员（3 人）').waitFor();
    await page.locator('.adm-list-item').filter({ hasText: '吴静' }).getByText('3 学时').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 补贴与金牌名单: the first 待申领 entry of the 补贴 list, moved on after a confirmation.
    await page.goto('/incentives?status=pending');
    await page.getByText('取得劳动关系协调师四级、三级证书的企业职工', { exact: false }).waitFor();
    const first = page.locator('.adm-list-item').filter({ hasText: '待申领' }).first();
    const name = (await first.locator('.adm-list-item-content-main').innerText()).split(/\s/)[0]!;
    await first.getByRole('button', { name: '登记已申领' }).click();
    await page.getByRole('dialog').getByText(`确认将 ${name} 的技能提升补贴`).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '确认', exact: true }).click();
    await page.getByText('已申领 1', { exact: true }).waitFor();
    await page.getByText('已申领 1', { exact: true }).click();
    const claimed = page.locator('.adm-list-item').filter({ hasText: name }).first();
    await claimed.getByText(/申领 2026-11-08 王海峰/).waitFor();
    await claimed.getByRole('button', { name: '登记已发放' }).waitFor();
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'training-06-subsidy-list');

    await page.getByRole('tab', { name: '金牌协调员' }).click();
    await page.getByText('全部', { exact: true }).click();
    const gold = page.locator('.adm-list-item').filter({ hasText: '刘芳' }).first();
    await gold.getByText('2026年度 市级').waitFor();
    await gold.getByRole('button', { name: '登记已申领' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认', exact: true }).click();
    await gold.getByText('已申领', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();

    const own = await phoneContext(browser, inject('baseUrl'));
    const mine = await own.newPage();
    await signInAs(mine, '刘芳');
    await mine.getByText('我的', { exact: true }).last().click();
    const entry = mine
      .locator('.adm-list-item')
      .filter({ hasText: '金牌劳动关系协调员' })
      .filter({ hasText: '申领 2026-11-08' });
    await entry.getByText('已申领').waitFor();
    await entry.scrollIntoViewIfNeeded();
    await screenshot(mine, 'training-07-my-incentives');
    await own.close();
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

/**
 * Work groups and reminders on a small phone (360×640): the demo's reminders under 提醒记录 (sent to
 * the in-process fake DingTalk), the 工作群 screen with a test send, and the province's 工作日调整.
 */

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});

/** Each person on their own small phone (360×640). */
async function signInOnNewPhone(name: string) {
  await context?.close();
  context = await phoneContext(browser, inject('baseUrl'), { width: 360, height: 640 });
  page = await context.newPage();
  await signInAs(page, name);
}
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function openFromMe(title: string) {
  await page.locator('.app-tab-bar').getByText('我的', { exact: true }).click();
  await page
    .locator('.adm-list-item-content-main')
    .filter({ hasText: new RegExp(`^${title}`) })
    .first()
    .click();
}

/** Nothing sticks out sideways on a 360 px screen. */
async function expectNoSidewaysOverflow() {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('提醒记录 and 工作群 on a phone', () => {
  it(
    'a township coordinator sees what her group’s robot sent, delivered by the (fake) DingTalk',
    { timeout: 180_000 },
    async () => {
      await signInOnNewPhone('刘芳');
      await openFromMe('提醒记录');
      const preview = page.locator('.reminder-card').filter({ hasText: '【演示预览】三墩镇' }).first();
      await preview.waitFor({ timeout: 30_000 });
      // The dispatch job sends it within a minute or so; the list refreshes itself while anything is pending.
      await preview.getByText(/发送结果：钉钉已接收/).waitFor({ timeout: 120_000 });
      // Its status tag then reads 已发送 (a Locator is always truthy: count what is on the screen).
      await expect(preview.locator('.status-tag').textContent()).resolves.toBe('已发送');
      await preview.locator('h4').first().waitFor();
      await expectNoSidewaysOverflow();
      await screenshot(page, 'reminders-01-history');
      await preview.getByText('展开全文').click();
      await screenshot(page, 'reminders-02-history-open');
    },
  );

  it('the county supervisor sees the groups, sends a test message and reads the errcode', async () => {
    await signInOnNewPhone('王海峰');
    await openFromMe('工作群');
    const card = page.locator('.work-group-card').filter({ hasText: '三墩镇劳动关系协调员工作群' });
    await card.waitFor();
    await expectNoSidewaysOverflow();
    await screenshot(page, 'reminders-03-work-groups');
    await card.getByRole('button', { name: '发送测试消息' }).click();
    await card.getByText(/测试结果：消息已发送到工作群/).waitFor();
    await card.getByText('正常').waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'reminders-04-test-sent');

    await page.getByRole('button', { name: '新建工作群' }).click();
    await page.getByLabel(/工作群名称/).fill('西湖区劳动关系协调员二群');
    await page
      .getByLabel(/群机器人地址/)
      .fill('https://oapi.dingtalk.com/robot/send?access_token=e2e0123456789abcdef0123456789ab');
    await page.getByLabel(/加签密钥/).fill('SECe2e0123456789abcdef');
    await expect(await page.getByLabel(/群机器人地址/).getAttribute('type')).toBe('password');
    await screenshot(page, 'reminders-05-new-group');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.work-group-card').filter({ hasText: '西湖区劳动关系协调员二群' }).waitFor();

    // The history, filtered to that group: the test message just sent.
    await openFromMe('提醒记录');
    await page.getByRole('button', { name: /工作群：全部/ }).click();
    await page
      .locator('.adm-picker-view-column-item')
      .filter({ hasText: '三墩镇劳动关系协调员工作群' })
      .click();
    await page.getByText('确定', { exact: true }).click();
    await page.locator('.reminder-card').filter({ hasText: '测试消息' }).first().waitFor();
  });

  it('the province supervisor adds a 2027 调休 day the calendar package does not know', async () => {
    await signInOnNewPhone('陈建国');
    await openFromMe('工作日调整');
    await page.getByLabel('日期').fill('2027-02-06');
    await page.getByText('调休上班(工作日)').click();
    await page.getByLabel(/说明/).fill('2027年春节调休上班');
    await page.getByRole('button', { name: '添加到列表' }).click();
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.getByText('已保存，提醒将按调整后的工作日发送').waitFor();
    // The saved override (the estimated 2027 days off are listed too while 2027 is not confirmed).
    await page.locator('.override-row').filter({ hasText: '2027-02-06（周六）' }).waitFor();
    await page.getByText(/尚未录入2027 年国务院放假安排/).waitFor();
    await expectNoSidewaysOverflow();
    await screenshot(page, 'reminders-06-workdays');
    // The top of the page: the missing schedule's banner and the estimated days off.
    await page.locator('.adm-toast-main').waitFor({ state: 'detached' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'reminders-07-workdays-estimate');
  });

  it('the reminder settings are editable under 工作规则设置', async () => {
    await page.locator('.adm-toast-main').waitFor({ state: 'detached' });
    await openFromMe('工作规则设置');
    await page.getByText('提醒时段结束(如 2000 即 20:00)').scrollIntoViewIfNeeded();
    await page.getByText('提醒时段开始(如 830 即 8:30)').waitFor();
    await page.getByText('08:30').first().waitFor();
    await screenshot(page, 'reminders-07-settings');
  });
});

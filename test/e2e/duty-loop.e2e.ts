import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchBrowser,
  phoneContext,
  screenshot,
  signInAs,
  sitePhoto,
  tokenOf,
  waitForOfflineShell,
} from './browser';

let browser: Browser;
let coordinatorContext: BrowserContext;
let supervisorContext: BrowserContext;
let coordinator: Page;
let supervisor: Page;
let enterpriseName: string;
let enterpriseUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  coordinatorContext = await phoneContext(browser, inject('baseUrl'));
  supervisorContext = await phoneContext(browser, inject('baseUrl'));
  coordinator = await coordinatorContext.newPage();
  supervisor = await supervisorContext.newPage();
});
afterAll(async () => {
  await coordinatorContext?.close();
  await supervisorContext?.close();
  await browser?.close();
});

const tab = (page: Page, title: string) =>
  page.locator('.app-tab-bar').getByText(title, { exact: true }).click();

/** Waits until the enterprise shows `status` in the 首页 duty list of the rule (the list refreshes after a sync). */
async function expectHomeStatus(page: Page, rule: '本月联络' | '本季度走访', status: string) {
  await tab(page, '首页');
  await page.locator('.duty-tabs').getByText(rule, { exact: true }).click();
  const row = page.locator('.duty-list .adm-list-item').filter({ hasText: enterpriseName });
  await row.locator('.status-tag').filter({ hasText: status }).waitFor({ timeout: 15_000 });
}

async function logContact(page: Page, notes: string) {
  await page.getByRole('button', { name: '记录联络' }).click();
  await page.getByText('联络方式').waitFor();
  await page.locator('.duty-chips .adm-selector-item').first().click();
  await page.getByLabel('情况记录').fill(notes);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(enterpriseUrl);
}

async function countLogs(page: Page, kind: string): Promise<number> {
  const token = await tokenOf(page);
  const response = await page.request.get(`/api/v1/logs?kind=${kind}&limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { items: unknown[] }).items.length;
}

describe('the duty loop on a phone', () => {
  it('a township coordinator logs a contact and the enterprise turns done', async () => {
    await signInAs(coordinator, '刘芳');
    await coordinator.locator('.duty-list .adm-list-item').first().waitFor();
    await screenshot(coordinator, 'duty-01-coordinator-home');

    await coordinator.locator('.duty-list .adm-list-item').first().click();
    await coordinator.getByRole('button', { name: '记录联络' }).waitFor();
    enterpriseName = (await coordinator.locator('.detail-title').textContent())!.trim();
    enterpriseUrl = coordinator.url();
    await screenshot(coordinator, 'duty-02-enterprise-actions');

    await coordinator.getByRole('button', { name: '记录联络' }).click();
    await coordinator.locator('.duty-chips .adm-selector-item').first().click();
    await coordinator.getByLabel('情况记录').fill('电话联络企业协调员，了解本月用工情况');
    await screenshot(coordinator, 'duty-03-contact-form');
    await coordinator.getByRole('button', { name: '保存' }).click();
    await coordinator.waitForURL(enterpriseUrl);
    await coordinator.locator('.log-item').filter({ hasText: '已记录' }).first().waitFor();
    await screenshot(coordinator, 'duty-04-contact-recorded');

    await expectHomeStatus(coordinator, '本月联络', '已完成');
    await screenshot(coordinator, 'duty-05-home-contact-done');
  });

  it('logs a visit with a check-in and a photo; it waits for approval', async () => {
    await coordinator.goto(enterpriseUrl);
    await coordinator.getByRole('button', { name: '实地走访' }).click();
    await coordinator.getByText('签到于').waitFor();
    await coordinator.getByLabel('拍摄现场照片').setInputFiles(await sitePhoto(coordinator));
    await coordinator.locator('.photo-thumb img').first().waitFor();
    await coordinator.locator('.duty-chips .adm-selector-item').nth(3).click();
    await coordinator.getByLabel('走访情况').fill('现场查看劳动合同台账');
    await screenshot(coordinator, 'duty-06-visit-form');
    await coordinator.getByRole('button', { name: '提交审核' }).click();
    await coordinator.waitForURL(enterpriseUrl);
    await coordinator.locator('.log-item').filter({ hasText: '待审核' }).first().waitFor();
    await screenshot(coordinator, 'duty-07-visit-submitted');

    await expectHomeStatus(coordinator, '本季度走访', '待审核');
  });

  it('the supervisor rejects it with a reason; the coordinator corrects and resubmits', async () => {
    await signInAs(supervisor, '王海峰');
    await tab(supervisor, '待审批');
    const card = supervisor.locator('.approval-card').filter({ hasText: enterpriseName });
    await card.waitFor();
    await card.locator('.photo-thumb img').first().waitFor();
    await screenshot(supervisor, 'duty-08-approvals');

    await card.getByRole('button', { name: '退回' }).click();
    await supervisor.getByRole('button', { name: '确认退回' }).click();
    await supervisor.getByText('请填写原因').waitFor();
    await supervisor.getByPlaceholder(/请写明退回原因/).fill('照片看不清企业名称，请补拍门牌');
    await screenshot(supervisor, 'duty-09-reject-reason');
    await supervisor.getByRole('button', { name: '确认退回' }).click();
    await card.waitFor({ state: 'detached' });

    // The rejection is on 首页, where the coordinator lands, not only in 我的记录.
    await coordinator.reload();
    await tab(coordinator, '首页');
    const rejected = coordinator
      .locator('.rejected-visits .log-item')
      .filter({ hasText: '退回原因：照片看不清企业名称' });
    await rejected.waitFor();
    await screenshot(coordinator, 'duty-10-rejected');
    await rejected.getByRole('button', { name: '修改后重新提交' }).click();
    await coordinator.getByLabel('走访情况').fill('现场查看劳动合同台账，已补拍企业门牌');
    await coordinator.getByLabel('从相册选择照片').setInputFiles(await sitePhoto(coordinator));
    await coordinator.locator('.photo-thumb img').nth(1).waitFor();
    await screenshot(coordinator, 'duty-11-correction');
    await coordinator.getByRole('button', { name: '重新提交' }).click();
    await coordinator.waitForURL(/\/logs$/);
    await coordinator
      .locator('.log-item')
      .filter({ hasText: enterpriseName })
      .filter({ hasText: '待审核' })
      .first()
      .waitFor();
  });

  it('the supervisor approves the corrected visit and the enterprise shows done', async () => {
    await supervisor.reload();
    const card = supervisor.locator('.approval-card').filter({ hasText: '第 2 次提交' });
    await card.waitFor();
    await card.getByRole('button', { name: '通过' }).click();
    await supervisor.getByRole('dialog').getByRole('button', { name: '通过' }).click();
    await card.waitFor({ state: 'detached' });
    await screenshot(supervisor, 'duty-12-approved');

    await tab(supervisor, '看板');
    await supervisor.locator('.coverage-bars .coverage-row').first().waitFor();
    await screenshot(supervisor, 'duty-13-dashboard');

    await coordinator.reload();
    await expectHomeStatus(coordinator, '本季度走访', '已完成');
    await screenshot(coordinator, 'duty-14-home-visit-done');
  });

  it('captures three logs offline, survives a reload, and syncs exactly three when back online', async () => {
    const before = await countLogs(coordinator, 'contact');
    await waitForOfflineShell(coordinator);
    await coordinator.goto(enterpriseUrl);
    await coordinator.getByRole('button', { name: '记录联络' }).waitFor();

    // What the phone can know it refuses at once, at the field, before anything is queued.
    await coordinator.getByRole('button', { name: '记录联络' }).click();
    await coordinator.getByLabel(/联络时间/).fill('2099-01-01T10:00');
    await coordinator.getByRole('button', { name: '保存' }).click();
    const fieldErrors = coordinator.locator('.form-field-error');
    await fieldErrors.filter({ hasText: '发生时间不能晚于当前时间' }).waitFor();
    await fieldErrors.filter({ hasText: '请至少选择一项工作内容' }).waitFor();
    await screenshot(coordinator, 'duty-15a-field-errors');
    await coordinator.locator('.duty-chips .adm-selector-item').first().click();
    await fieldErrors.filter({ hasText: '请至少选择一项工作内容' }).waitFor({ state: 'detached' });
    await coordinator.goto(enterpriseUrl);
    await coordinator.getByRole('button', { name: '记录联络' }).waitFor();

    await coordinatorContext.setOffline(true);
    for (const n of [1, 2, 3]) {
      await logContact(coordinator, `无信号时记录的第 ${n} 次联络`);
      await coordinator.getByText('已保存，待同步').first().waitFor();
    }
    await coordinator.getByText('本机记录（待同步 3 条）').waitFor();
    await screenshot(coordinator, 'duty-15-offline-saved');

    await coordinator.reload();
    await tab(coordinator, '记录');
    await coordinator.getByText('本机记录（待同步 3 条）').waitFor();
    await screenshot(coordinator, 'duty-16-offline-reloaded');

    await coordinatorContext.setOffline(false);
    await coordinator.locator('.outbox').waitFor({ state: 'detached', timeout: 30_000 });
    await coordinator.locator('.log-item').filter({ hasText: '无信号时记录的第 3 次联络' }).waitFor();
    await screenshot(coordinator, 'duty-17-synced');

    expect(await countLogs(coordinator, 'contact')).toBe(before + 3);
    const scrollWidth = await coordinator.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
  });
});

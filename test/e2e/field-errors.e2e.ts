import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs, sitePhoto } from './browser';

/**
 * Issue #18 "Errors where they happen", at 390×844: what the phone can know it refuses at the field
 * before anything is queued; a visit rejected for its location is corrected from 首页 with a new
 * check-in (重新打卡, seed §二(三) C2) and approved.
 */
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

/** Items waiting in the phone's outbox (IndexedDB), read in the page. */
const outboxCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('coordnet-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('items')) return resolve(0);
          const count = db.transaction('items').objectStore('items').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );

/** An "HEIC" the WebView cannot decode, one byte over the upload route's 10 MB. */
function oversizePhoto() {
  const buffer = Buffer.alloc(10 * 1024 * 1024 + 1);
  buffer.set([0, 0, 0, 24, ...Buffer.from('ftypheic')]);
  return { name: 'IMG_0420.HEIC', mimeType: 'image/heic', buffer };
}

/** The first visit decodes a 10 MB picture and a photo; a busy machine needs more than the default. */
const SLOW = 180_000;

describe('errors where they happen', () => {
  it(
    'a visit with what the server would refuse shows the field errors and queues nothing',
    async () => {
      await signInAs(coordinator, '刘芳');
      // Not the first enterprise of the list, which the duty-loop journey uses.
      const row = coordinator.locator('.duty-list .adm-list-item').nth(3);
      await row.waitFor();
      await row.click();
      await coordinator.getByRole('button', { name: '实地走访' }).waitFor();
      enterpriseName = (await coordinator.locator('.detail-title').textContent())!.trim();
      enterpriseUrl = coordinator.url();

      await coordinator.getByRole('button', { name: '实地走访' }).click();
      await coordinator.getByText('签到于').waitFor();
      await coordinator.getByLabel('从相册选择照片').setInputFiles(oversizePhoto());
      const fieldErrors = coordinator.locator('.form-field-error');
      await fieldErrors.filter({ hasText: '照片未添加。图片不能超过 10 MB' }).waitFor();
      await coordinator.getByRole('button', { name: '提交审核' }).click();
      await fieldErrors.filter({ hasText: '请至少上传 1 张现场照片' }).waitFor();
      await fieldErrors.filter({ hasText: '请至少选择一项工作内容' }).waitFor();
      await fieldErrors.filter({ hasText: '请填写走访情况' }).waitFor();
      await coordinator.getByText('请按提示修改标红的内容').waitFor();
      await screenshot(coordinator, 'errors-01-visit-field-errors');
      expect(await outboxCount(coordinator)).toBe(0);

      // Each error goes as soon as its field is fixed; the others stay.
      await coordinator.locator('.duty-chips .adm-selector-item').nth(3).click();
      await fieldErrors.filter({ hasText: '请至少选择一项工作内容' }).waitFor({ state: 'detached' });
      await expect(fieldErrors.filter({ hasText: '请填写走访情况' }).count()).resolves.toBe(1);
      await coordinator.getByLabel('从相册选择照片').setInputFiles(await sitePhoto(coordinator));
      await coordinator.locator('.photo-thumb img').first().waitFor();
      await fieldErrors.filter({ hasText: '现场照片' }).waitFor({ state: 'detached' });
      await coordinator.getByLabel('走访情况').fill('现场查看劳动合同台账和考勤记录');
      await fieldErrors.first().waitFor({ state: 'detached' });
      expect(await outboxCount(coordinator)).toBe(0);

      await coordinator.getByRole('button', { name: '提交审核' }).click();
      await coordinator.waitForURL(enterpriseUrl);
      await coordinator
        .locator('.log-item')
        .filter({ hasText: '待审核' })
        .first()
        .waitFor({ timeout: 30_000 });
    },
    SLOW,
  );

  it(
    'a rejected visit is 已退回 on 首页 and 企业详情 and is corrected from 首页 with 重新打卡, then approved',
    async () => {
      await signInAs(supervisor, '王海峰');
      await tab(supervisor, '待审批');
      const card = supervisor.locator('.approval-card').filter({ hasText: enterpriseName });
      await card.waitFor();
      await card.getByRole('button', { name: '退回' }).click();
      await supervisor
        .getByPlaceholder(/请写明退回原因/)
        .fill('签到位置离企业较远，请在企业门口重新签到并补拍门牌');
      await supervisor.getByRole('button', { name: '确认退回' }).click();
      await card.waitFor({ state: 'detached' });

      // The phone keeps what it read (offline reads) for a minute: come back after it.
      await coordinator.clock.fastForward('02:00');
      await coordinator.goto(enterpriseUrl);
      const onDetail = coordinator.locator('.log-item').filter({ hasText: '已退回' }).first();
      await onDetail.getByText(/退回原因：签到位置离企业较远/).waitFor();
      await onDetail.getByRole('button', { name: '修改后重新提交' }).waitFor();

      await tab(coordinator, '首页');
      const rejected = coordinator
        .locator('.rejected-visits .log-item')
        .filter({ hasText: enterpriseName })
        .filter({ hasText: '已退回' });
      await rejected.getByText(/退回原因：签到位置离企业较远/).waitFor();
      await screenshot(coordinator, 'errors-02-rejected-on-home');
      await rejected.getByRole('button', { name: '修改后重新提交' }).click();

      await coordinator.getByText(/退回原因：签到位置离企业较远/).waitFor();
      // 修改记录: the first submission shows its own check-in (time, and the distance when known).
      const revisions = coordinator.getByRole('region', { name: '修改记录' });
      await revisions.getByText(/^打卡 \d{2}-\d{2} \d{2}:\d{2}/).waitFor();
      const findings = coordinator.getByLabel('走访情况');
      await findings.fill('');
      await coordinator.getByRole('button', { name: '重新提交' }).click();
      await coordinator.locator('.form-field-error').filter({ hasText: '请填写走访情况' }).waitFor();
      expect(await outboxCount(coordinator)).toBe(0);
      await findings.fill('已在企业门口重新核对位置，补拍企业门牌');
      await coordinator.getByLabel('从相册选择照片').setInputFiles(await sitePhoto(coordinator));
      await coordinator.locator('.photo-thumb img').nth(1).waitFor();
      // The reason concerns the location: the correction redoes the check-in at the enterprise.
      await coordinatorContext.setGeolocation({ latitude: 30.3251, longitude: 120.0981, accuracy: 15 });
      await coordinator.getByText('未重新打卡，将保留原签到位置').waitFor();
      await coordinator.getByRole('button', { name: '重新打卡' }).click();
      await coordinator.getByText('30.32510, 120.09810').waitFor();
      await coordinator.locator('.check-in').scrollIntoViewIfNeeded();
      await screenshot(coordinator, 'errors-03-correction');
      await coordinator.getByRole('button', { name: '重新提交' }).click();
      await coordinator.waitForURL(/\/logs$/);
      await coordinator
        .locator('.log-item')
        .filter({ hasText: enterpriseName })
        .filter({ hasText: '待审核' })
        .first()
        .waitFor({ timeout: 30_000 });

      await supervisor.reload();
      const second = supervisor
        .locator('.approval-card')
        .filter({ hasText: enterpriseName })
        .filter({ hasText: '第 2 次提交' });
      await second.waitFor();
      // The approver sees the new check-in, marked, with its accuracy and distance.
      await second.getByText('修改时已重新打卡').waitFor();
      await second.getByText(/30\.32510, 120\.09810/).waitFor();
      await second.getByText(/精度约 15 米/).waitFor();
      // 修改记录: each submission with its own check-in, the first far away and the redone one.
      await second.getByRole('button', { name: '查看修改记录' }).click();
      const history = second.getByRole('region', { name: '修改记录' });
      await history.getByText(/^打卡 \d{2}-\d{2} \d{2}:\d{2}/).waitFor();
      await history.getByText(/^重新打卡 \d{2}-\d{2} \d{2}:\d{2} · 距企业 /).waitFor();
      await screenshot(supervisor, 'errors-03b-recheck-in-approval');
      await second.getByRole('button', { name: '通过' }).click();
      await supervisor.getByRole('dialog').getByRole('button', { name: '通过' }).click();
      await second.waitFor({ state: 'detached' });

      await coordinator.goto(enterpriseUrl);
      await coordinator.locator('.log-item').filter({ hasText: '已通过' }).first().waitFor();
      await tab(coordinator, '首页');
      await coordinator.getByText('我的首页').or(coordinator.locator('.duty-list')).first().waitFor();
      await expect(
        coordinator.locator('.rejected-visits .log-item').filter({ hasText: enterpriseName }).count(),
      ).resolves.toBe(0);
      await screenshot(coordinator, 'errors-04-approved');
      expect(await coordinator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    },
    SLOW,
  );
});

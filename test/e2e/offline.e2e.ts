import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import {
  launchBrowser,
  phoneContext,
  screenshot,
  signInAs,
  sitePhoto,
  tokenOf,
  waitForOfflineShell,
} from './browser';

// Issue 18: a coordinator opens the app without a signal, after a reload, and logs a contact and a
// visit with a photo at an enterprise whose page he never opened online; back online, each reaches
// the server once. 周强 (西湖科技经济园区) is a duty coordinator no other journey signs in as.

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await phoneContext(browser, inject('baseUrl'));
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

interface DutyItem {
  id: string;
  name: string;
  status: string;
}

interface ServerLog {
  kind: string;
  notes: string;
  visit: { photos: unknown[] } | null;
}

async function api<T>(path: string): Promise<T> {
  const response = await page.request.get(path, {
    headers: { authorization: `Bearer ${await tokenOf(page)}` },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as T;
}

/** Whether the phone's offline copy (IndexedDB) holds the whole scope yet. */
function scopeSaved(): Promise<boolean> {
  return page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('coordnet-cache');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('snapshots')) return resolve(false);
          const get = db.transaction('snapshots').objectStore('snapshots').get('queries');
          get.onerror = () => resolve(false);
          get.onsuccess = () => {
            const queries = (get.result?.state?.queries ?? []) as { queryKey: unknown[] }[];
            resolve(queries.some((q) => q.queryKey[1] === 'offline-scope'));
          };
        };
      }),
  );
}

const tab = (title: string) => page.locator('.app-tab-bar').getByText(title, { exact: true }).click();

describe('offline reads', () => {
  let target: DutyItem;
  const contactNotes = '离线时电话联络企业，了解本季度用工情况';
  const visitFindings = '离线走访：现场查看工资支付台账';

  it('keeps the scope, duty status and own logs on the phone while online', async () => {
    await signInAs(page, '周强');
    await page.locator('.duty-list .adm-list-item').first().waitFor();
    // An enterprise due for both this month's contact and this quarter's visit, never opened here.
    const c1 = await api<{ items: DutyItem[] }>('/api/v1/duties?rule=C1&status=due&limit=200');
    const c2 = await api<{ items: DutyItem[] }>('/api/v1/duties?rule=C2&status=due&limit=200');
    const both = c2.items.filter((item) => c1.items.some((other) => other.id === item.id));
    expect(both.length).toBeGreaterThan(0);
    target = both[both.length - 1]!;

    await waitForOfflineShell(page);
    await expect.poll(scopeSaved, { timeout: 20_000 }).toBe(true);
  });

  it('opens offline after a reload with the cached data, a 离线 badge and its age', async () => {
    await context.setOffline(true);
    await page.reload();
    const badge = page.locator('.offline-badge');
    await badge.filter({ hasText: '离线' }).waitFor();
    await page.locator('.duty-list .adm-list-item').first().waitFor();
    // The stylesheet came from the phone too: the tab bar is laid out, not a column of bare links.
    expect(await page.locator('.tab-list').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    await page
      .locator('.data-age')
      .filter({ hasText: /^数据更新于 \d\d:\d\d$/ })
      .first()
      .waitFor();
    await screenshot(page, 'offline-01-home');

    await tab('企业');
    await page.getByPlaceholder('搜索企业名称或统一社会信用代码').fill(target.name);
    const item = page.locator('.enterprise-item').filter({ hasText: target.name });
    // The search is debounced into the address; tap once the list shows its result.
    await page.waitForURL(/[?&]q=/);
    await item.first().click();
    await page.locator('.detail-title').filter({ hasText: target.name }).waitFor();
    await page
      .getByText(/^数据更新于/)
      .first()
      .waitFor();
    await badge.waitFor();
    // Its logs were never read: said at once, not an endless 加载中.
    await page.getByText('暂无离线数据').first().waitFor();
    await page.getByRole('button', { name: '实地走访' }).waitFor();
    await screenshot(page, 'offline-02-enterprise-never-opened');
  });

  it('logs a contact and a visit with a photo offline; 首页 shows the enterprise 待同步', async () => {
    const enterpriseUrl = page.url();
    await page.getByRole('button', { name: '记录联络' }).click();
    await page.getByText('联络方式').waitFor();
    await page.locator('.offline-badge').waitFor();
    await page.locator('.duty-chips .adm-selector-item').first().click();
    await page.getByLabel('情况记录').fill(contactNotes);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(enterpriseUrl);
    await page.getByText('已保存，待同步').first().waitFor();

    await page.getByRole('button', { name: '实地走访' }).click();
    await page.getByText('签到于').waitFor();
    await page.getByLabel('拍摄现场照片').setInputFiles(await sitePhoto(page));
    await page.locator('.photo-thumb img').first().waitFor();
    await page.locator('.duty-chips .adm-selector-item').nth(3).click();
    await page.getByLabel('走访情况').fill(visitFindings);
    await screenshot(page, 'offline-03-visit-form');
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.waitForURL(enterpriseUrl);
    await page.getByText('本机记录（待同步 2 条）').waitFor();

    await tab('首页');
    for (const rule of ['本月联络', '本季度走访']) {
      await page.locator('.duty-tabs').getByText(rule, { exact: true }).click();
      const row = page.locator('.duty-list .adm-list-item').filter({ hasText: target.name });
      await row.locator('.status-tag').filter({ hasText: '待同步' }).waitFor();
    }
    await page
      .getByText(/另有 1 家的记录在本机待同步/)
      .first()
      .waitFor();
    await page.locator('.duty-list .adm-list-item').filter({ hasText: target.name }).scrollIntoViewIfNeeded();
    await screenshot(page, 'offline-04-home-pending-sync');

    await tab('记录');
    await page.getByText('本机记录（待同步 2 条）').waitFor();
    await page
      .getByText(/^数据更新于/)
      .first()
      .waitFor();
    await screenshot(page, 'offline-05-my-logs');
  });

  it('back online, each is stored once and the duty list turns', async () => {
    await context.setOffline(false);
    await page.locator('.offline-badge').waitFor({ state: 'detached' });
    await page.locator('.outbox').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.log-item').filter({ hasText: visitFindings }).waitFor();

    const { items } = await api<{ items: ServerLog[] }>(`/api/v1/logs?enterpriseId=${target.id}&limit=200`);
    const contacts = items.filter((log) => log.kind === 'contact' && log.notes === contactNotes);
    const visits = items.filter((log) => log.kind === 'visit' && log.notes === visitFindings);
    expect(contacts).toHaveLength(1);
    expect(visits).toHaveLength(1);
    expect(visits[0]!.visit?.photos).toHaveLength(1);

    await tab('首页');
    await page.locator('.duty-tabs').getByText('本月联络', { exact: true }).click();
    const row = page.locator('.duty-list .adm-list-item').filter({ hasText: target.name });
    await row.locator('.status-tag').filter({ hasText: '已完成' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'offline-06-synced');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
  });

  it('online, but no request gets through: 离线 on the saved data until the server answers again', async () => {
    // A factory yard: the phone says it is online, but nothing reaches the server.
    const cut = (route: Route) => route.abort('timedout');
    await context.route('**/api/v1/**', cut);
    await context.route('**/healthz', cut);
    await page.reload();
    const badge = page.locator('.offline-badge').filter({ hasText: '离线' });
    await badge.waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    await page.locator('.duty-list .adm-list-item').first().waitFor();

    await context.unroute('**/api/v1/**', cut);
    await context.unroute('**/healthz', cut);
    // The app probes with backoff; skip the wait.
    await page.clock.fastForward('01:00');
    await badge.waitFor({ state: 'detached', timeout: 30_000 });
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs, tokenOf } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

const fitsThePhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

async function api(page: Page, method: 'GET' | 'POST', url: string, data?: object) {
  const token = await tokenOf(page);
  const res = await page.request.fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}` },
    ...(data ? { data } : {}),
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

describe('the coordinator database, evaluation and 协调员之家 on a phone', () => {
  it('a township coordinator sees her training and honours on 我的 and shares a case', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const supervisor = await context.newPage();
    await signInAs(supervisor, '王海峰');
    const dev = (await (await supervisor.request.get('/api/v1/auth/dev-users')).json()) as {
      items: { id: string; name: string }[];
    };
    const liuFang = dev.items.find((u) => u.name === '刘芳')!.id;
    await api(supervisor, 'POST', '/api/v1/training-sessions', {
      jurisdictionCode: '330106000000',
      heldOn: '2026-01-08',
      topic: '劳动关系协调员职业技能提升培训',
      hours: 8,
      trainer: '浙江省劳动关系研究会 张老师',
      attendeeUserIds: [liuFang],
    });
    await api(supervisor, 'POST', '/api/v1/awards', {
      userId: liuFang,
      kind: 'honour',
      title: '金牌劳动关系协调员',
      awardedOn: '2026-01-10',
      issuer: '杭州市人力资源和社会保障局',
      jurisdictionCode: '330106000000',
    });
    await context.close();

    const phone = await phoneContext(browser, inject('baseUrl'));
    const page = await phone.newPage();
    await signInAs(page, '刘芳');
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('培训与荣誉').waitFor();
    await page.getByText('金牌劳动关系协调员').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'db-01-me-training');
    await fitsThePhone(page);

    await page.goto('/cases');
    await page.getByRole('button', { name: '分享案例' }).click();
    await page.locator('.form-page input').first().fill('三墩镇某企业欠薪纠纷调处案例');
    await page.getByText('矛盾纠纷排查和协商调解').click();
    await page
      .locator('.form-page textarea:not([readonly])')
      .fill(
        '某企业因订单减少拖欠 36 名员工两个月工资。镇协调员联合工会约谈企业负责人，协商分期支付方案并签订书面协议，一周内全部兑付，未发生群体性事件。',
      );
    await screenshot(page, 'db-02-case-form');
    await page.getByRole('button', { name: '分享' }).last().click();
    await page.getByText('案例详情').or(page.locator('.case-body')).first().waitFor();
    await page.locator('.case-body').waitFor();
    await screenshot(page, 'db-03-case-detail');
    await fitsThePhone(page);
    await phone.close();
  });

  it('a county supervisor reads the database with charts, drills into staffing, evaluates and moderates', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '王海峰');

    await page.goto('/stats');
    await page.locator('canvas').first().waitFor();
    await page.getByText('在岗协调员').waitFor();
    await screenshot(page, 'db-04-stats');
    await fitsThePhone(page);
    await page.locator('canvas').nth(1).scrollIntoViewIfNeeded();
    await screenshot(page, 'db-05-stats-charts');

    await page.goto('/compliance');
    await page.getByText('企业达标率').waitFor();
    await screenshot(page, 'db-06-compliance');
    await page.locator('.adm-list-item').filter({ hasText: '三墩镇' }).first().click();
    await page.getByText('至少应配').waitFor();
    await screenshot(page, 'db-07-compliance-township');
    await fitsThePhone(page);

    await page.goto('/evaluations');
    await page.getByRole('button', { name: '计算评价' }).click();
    await page.locator('.rank-badge').first().waitFor();
    await screenshot(page, 'db-08-evaluations');
    await fitsThePhone(page);
    await page
      .locator('.adm-list-item')
      .filter({ has: page.locator('.rank-badge') })
      .first()
      .click();
    await page.getByText('调整分值').waitFor();
    await page.locator('.adm-popup textarea:not([readonly])').fill('妥善调处一起欠薪纠纷，酌情加分');
    await screenshot(page, 'db-09-evaluation-adjust');
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.getByText('已保存调整').waitFor();

    await page.goto('/cases');
    await page.getByText('三墩镇某企业欠薪纠纷调处案例').waitFor();
    await screenshot(page, 'db-10-cases');
    await page.getByText('三墩镇某企业欠薪纠纷调处案例').click();
    await page.getByRole('button', { name: '屏蔽' }).waitFor();
    await fitsThePhone(page);
    await context.close();
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { testClock } from '../clock';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

async function tokenFor(context: BrowserContext, name: string): Promise<string> {
  const users = (await (await context.request.get('/api/v1/auth/dev-users')).json()).items as {
    id: string;
    name: string;
  }[];
  const res = await context.request.post('/api/v1/auth/dev-login', {
    data: { userId: users.find((u) => u.name === name)!.id },
  });
  return (await res.json()).token as string;
}

describe('风险与纠纷 on a phone: a risk report handled as a case', () => {
  it('the township coordinator accepts, works on and closes a report; the county sees it closed', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    // 郑磊, an enterprise coordinator, reports unpaid wages at his enterprise.
    const reporter = await tokenFor(context, '郑磊');
    const headers = { authorization: `Bearer ${reporter}` };
    const mine = await (await context.request.get('/api/v1/enterprises?limit=1', { headers })).json();
    const enterprise = mine.items[0] as { id: string; name: string };
    const created = await context.request.post('/api/v1/risk-reports', {
      headers,
      data: {
        clientId: randomUUID(),
        enterpriseId: enterprise.id,
        occurredAt: new Date(testClock.now().getTime() - 3_600_000).toISOString(),
        riskKind: 'wage_arrears',
        severity: 'serious',
        peopleAffected: 35,
        amountInvolved: 42.5,
        description: '35名员工反映10月工资未按时发放',
      },
    });
    expect(created.status()).toBe(201);

    const page = await context.newPage();
    await signInAs(page, '刘芳');
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('风险与纠纷').click();
    await page.waitForURL(/\/risk-cases/);
    const item = page.locator('.adm-list-item').filter({ hasText: enterprise.name }).first();
    await item.waitFor();
    await expect.poll(() => item.getByText('待受理').count()).toBeGreaterThan(0);
    await screenshot(page, 'risk-cases-01-list');

    await item.click();
    await page.getByText('办理情况').waitFor();
    await page.getByText('办结期限').waitFor();
    await page.getByRole('button', { name: '受理' }).click();
    await page.getByText('受理人').waitFor();
    await page.getByRole('button', { name: '开始处理' }).click();
    await page.getByText('处理中').first().waitFor();
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'risk-cases-02-in-progress');

    await page.getByRole('button', { name: '办结' }).click();
    await page.getByRole('button', { name: '确认办结' }).click();
    await page.getByRole('alert').getByText('请填写处理结果').waitFor();
    await page
      .getByRole('textbox', { name: '处理结果' })
      .fill('经镇劳动保障所调解，企业承诺11月15日前补发全部工资');
    await page.getByRole('button', { name: '确认办结' }).click();
    await page.getByText('处理结果', { exact: true }).waitFor();
    await page.getByText('已办结').first().waitFor();
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await screenshot(page, 'risk-cases-03-closed');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The county supervisor filters 已办结 and finds it with who closed it.
    await context.close();
    const countyContext = await phoneContext(browser, inject('baseUrl'));
    const county = await countyContext.newPage();
    await signInAs(county, '王海峰');
    await county.goto('/risk-cases?stage=closed');
    const closed = county.locator('.adm-list-item').filter({ hasText: enterprise.name }).first();
    await closed.waitFor();
    await closed.click();
    await county
      .getByText(/刘芳 ·/)
      .first()
      .waitFor();
    await context.close();
  });
});

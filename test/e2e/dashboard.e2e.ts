import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs, tokenOf } from './browser';
import { settle, staffedEnterprise } from './screens';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await phoneContext(browser, inject('baseUrl'));
  page = await context.newPage();
  // Layout shifts summed from the first paint on, the way CLS counts them (no input in between here).
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[])
        w.__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Posts a log as whoever is signed in, an hour before the page's (the server's) clock. */
async function postLog(url: string, body: Record<string, unknown>): Promise<number> {
  return page.evaluate(
    async ([bearer, path, payload]) => {
      const res = await fetch(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: crypto.randomUUID(),
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          ...payload,
        }),
      });
      return res.status;
    },
    [await tokenOf(page), url, body] as const,
  );
}

async function seriousProblems(where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('看板 on a phone (issue 17): the seven duties, C1/C2/C3, risk and coverage heat, 12 months', () => {
  it('a township coordinator’s contact and a major risk report show on the county officer’s 看板', async () => {
    await signInAs(page, '刘芳');
    const enterpriseId = await staffedEnterprise(page);
    expect(
      await postLog('/api/v1/contacts', {
        enterpriseId,
        channel: 'phone',
        duties: ['law_publicity', 'standards_contracts', 'risk_reporting'],
        notes: '电话了解本月用工情况，提醒做好劳动合同续签',
      }),
    ).toBe(201);
    expect(
      await postLog('/api/v1/risk-reports', {
        enterpriseId,
        riskKind: 'wage_arrears',
        severity: 'major',
        peopleAffected: 60,
        description: '企业两个月未发工资，员工准备集体讨薪',
      }),
    ).toBe(201);
    await page.evaluate(() => localStorage.clear());

    await signInAs(page, '王海峰');
    await page.goto('/dashboard');
    await page.locator('.heat-row').first().waitFor();
    await settle(page);
    // Nothing moved while the lazy sections and their data arrived (CLS, summed since the page opened).
    const shift = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    expect(shift).toBeLessThan(0.1);

    const rules = page.locator('.board-rule');
    expect(await rules.allTextContents()).toEqual([
      expect.stringContaining('C1 每月联络'),
      expect.stringContaining('C2 每季走访'),
      expect.stringContaining('C3 年度指导'),
    ]);
    await page.getByRole('heading', { name: 'C1 / C2 / C3 覆盖率' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'board-01-rules-duties');

    const duties = page.locator('.board-duty');
    expect(await duties.count()).toBe(7);
    expect(await duties.filter({ hasText: '宣传劳动保障法律法规政策' }).textContent()).toMatch(/[1-9]\d* 家/);
    expect(await duties.filter({ hasText: '和谐劳动关系创建活动' }).textContent()).toContain('未涉及');

    // 三墩镇 has the major report: ranked first, in red, and its figures are in the row's name.
    const first = page.locator('button.heat-row').first();
    await expect.poll(() => first.locator('.heat-name').textContent()).toBe('三墩镇');
    expect(await first.locator('.heat-cell.heat-poor').count()).toBeGreaterThan(0);
    const name = await first.evaluate((el) => el.textContent ?? '');
    expect(name).toMatch(/较大及以上 1 件/);
    await page.getByRole('heading', { name: '风险与覆盖热力' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'board-02-heat');

    await page.getByRole('heading', { name: '近 12 个月趋势' }).scrollIntoViewIfNeeded();
    expect(await page.locator('.trend-month').count()).toBe(12);
    await page.getByRole('table', { name: /近 12 个月/ }).waitFor({ state: 'attached' });
    await screenshot(page, 'board-03-trend');
    expect(await seriousProblems('看板')).toEqual([]);

    // Tap a row: the board of 三墩镇, its communities in the grid.
    await first.click();
    await page.getByRole('navigation', { name: '当前位置' }).getByText('三墩镇').waitFor();
    await page.locator('.heat-row').first().waitFor();
    await settle(page);
    await page.getByRole('heading', { name: '风险与覆盖热力' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'board-04-drilled');
    expect(await seriousProblems('看板 三墩镇')).toEqual([]);
  }, 150_000);
});

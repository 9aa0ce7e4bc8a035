import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs } from './browser';
import { SCREENS, settle, staffedEnterprise } from './screens';

/**
 * axe-core (WCAG 2.1 A and AA rules) on every main screen of every role at 390×844: no serious or
 * critical violation. The keyboard reaches the tab bar and the lists; chips say whether they are
 * chosen; the tab bar, list rows and chips are at least 44 px tall.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Serious and critical axe violations on what the page shows now, each prefixed with `where`. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Controls a finger must hit that are shorter or narrower than 44 px. */
async function smallTargets(page: Page, where: string): Promise<string[]> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.tab-link, a.adm-list-item, .adm-selector-item')]
      .map((el) => ({ el, rect: el.getBoundingClientRect() }))
      .filter(({ rect }) => rect.width > 0 && (rect.height < 44 || rect.width < 44))
      .map(
        ({ el, rect }) =>
          `${el.className.split(' ')[0]} “${el.textContent?.trim().slice(0, 12)}” ${Math.round(rect.width)}×${Math.round(rect.height)}`,
      ),
  );
  return small.map((s) => `${where}: ${s}`);
}

/** Presses Tab until `matches` holds for the focused element; false after `max` presses. */
async function tabUntil(page: Page, selector: string, max = 80): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

describe('accessibility on every main screen (axe-core)', () => {
  it('the sign-in page', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await page.goto('/');
    await page
      .getByText('选择一位演示用户登录')
      .or(page.getByRole('heading', { name: /人力社保局|协调员/ }))
      .first()
      .waitFor();
    await settle(page);
    await screenshot(page, 'a11y-00-sign-in');
    expect(await axeProblems(page, '演示登录')).toEqual([]);
    // The demo list can be used without a finger: Tab reaches a person, Enter signs in.
    expect(await tabUntil(page, 'a.adm-list-item')).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('.app-tab-bar').waitFor();
    await context.close();
  });

  for (const [person, screens] of Object.entries(SCREENS)) {
    it(`${person}: no serious or critical violation, 44 px targets`, async () => {
      const context = await phoneContext(browser, inject('baseUrl'));
      const page = await context.newPage();
      await signInAs(page, person);
      const ids = { enterprise: await staffedEnterprise(page).catch(() => '') };
      const problems: string[] = [];
      for (const [i, screen] of screens.entries()) {
        await page.goto(screen.path(ids));
        await settle(page);
        await screenshot(page, `a11y-${person}-${String(i + 1).padStart(2, '0')}-${screen.name}`);
        problems.push(...(await axeProblems(page, screen.name)), ...(await smallTargets(page, screen.name)));
      }
      expect(problems).toEqual([]);
      await context.close();
    }, 240_000);
  }

  it('the keyboard reaches the tab bar and the enterprise list; a chip says it is chosen', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '刘芳');
    expect(await tabUntil(page, '.app-tab-bar .tab-link')).toBe(true);
    expect(await page.locator('.app-tab-bar [aria-current="page"]').textContent()).toContain('首页');

    await page.goto('/enterprises');
    await settle(page);
    expect(await tabUntil(page, 'a.adm-list-item')).toBe(true);
    const name = await page.evaluate(
      () =>
        document.activeElement?.querySelector('.adm-list-item-content-main')?.firstChild?.textContent ?? '',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
    await page.getByText(name.trim().slice(0, 6)).first().waitFor();

    await page.goto('/logs');
    await settle(page);
    const chips = page.locator('.adm-selector-item');
    if ((await chips.count()) > 1) {
      const second = chips.nth(1);
      await second.focus();
      await page.keyboard.press(' ');
      await expect.poll(() => second.getAttribute('aria-pressed')).toBe('true');
      expect(await chips.first().getAttribute('aria-pressed')).toBe('false');
    }
    await context.close();
  });
});

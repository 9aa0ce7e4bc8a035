import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext, screenshot, signInAs, sitePhoto, tokenOf } from './browser';
import { SCREENS, settle, staffedEnterprise } from './screens';

/**
 * The quality bars on every main screen, at the two phone sizes that matter (a small
 * Android 360×640 and an iPhone 390×844): no horizontal scroll, no text under 14 px, and text
 * colour contrast of at least WCAG AA (4.5:1, 3:1 for large text).
 */
const VIEWPORTS = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
];

interface Violation {
  text: string;
  fontSize?: number;
  contrast?: number;
}

/** Runs in the page: text smaller than 14 px, and text below AA contrast against its background. */
function auditPage(): { scrollWidth: number; innerWidth: number; small: Violation[]; faint: Violation[] } {
  const parse = (color: string): [number, number, number, number] => {
    const m = color.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 1];
    const [r, g, b, a] = m[1]!.split(/[ ,/]+/).map(Number);
    return [r!, g!, b!, a ?? 1];
  };
  const luminance = ([r, g, b]: number[]) => {
    const f = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
  };
  /** The first ancestor with an opaque background; white when none (the page). */
  const backgroundOf = (el: Element | null): number[] => {
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') return [];
      const [r, g, b, a] = parse(style.backgroundColor);
      if (a >= 0.95) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const small: Violation[] = [];
  const faint: Violation[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    const el = node.parentElement;
    if (!text || !el) continue;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const hidden =
      rect.width === 0 ||
      rect.height === 0 ||
      style.visibility === 'hidden' ||
      Number(style.opacity) === 0 ||
      el.closest('[aria-hidden="true"], .visually-hidden, [disabled], .adm-button-disabled') !== null;
    if (hidden) continue;
    const fontSize = parseFloat(style.fontSize);
    if (fontSize < 14) small.push({ text: text.slice(0, 30), fontSize });
    const background = backgroundOf(el);
    if (background.length === 0) continue; // text over an image or gradient: not measurable here
    const [r, g, b, a] = parse(style.color);
    // Blend a translucent text colour over its background.
    const fg = [r, g, b].map((c, i) => c * a + background[i]! * (1 - a));
    const [l1, l2] = [luminance(fg), luminance(background)].sort((x, y) => y - x);
    const contrast = (l1! + 0.05) / (l2! + 0.05);
    const large = fontSize >= 24 || (fontSize >= 18.66 && Number(style.fontWeight) >= 700);
    if (contrast < (large ? 3 : 4.5))
      faint.push({ text: text.slice(0, 30), contrast: Math.round(contrast * 100) / 100 });
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    small,
    faint,
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** The quality bars' violations on what the page shows now, each prefixed with `where`. */
async function problemsOn(page: Page, where: string): Promise<string[]> {
  const audit = await page.evaluate(auditPage);
  const problems: string[] = [];
  if (audit.scrollWidth > audit.innerWidth)
    problems.push(`${where}: scrollWidth ${audit.scrollWidth} > ${audit.innerWidth}`);
  for (const v of audit.small) problems.push(`${where}: ${v.fontSize}px “${v.text}”`);
  for (const v of audit.faint) problems.push(`${where}: contrast ${v.contrast} “${v.text}”`);
  return problems;
}

describe('quality bars on every main screen (issue 7)', () => {
  for (const [person, screens] of Object.entries(SCREENS)) {
    it(`${person}: no horizontal scroll, text ≥ 14 px and AA contrast at 360×640 and 390×844`, async () => {
      const context = await phoneContext(browser, inject('baseUrl'));
      const page = await context.newPage();
      await signInAs(page, person);
      const ids = { enterprise: await staffedEnterprise(page).catch(() => '') };
      const problems: string[] = [];
      // Each screen is opened once at the narrowest size, then widened: CSS reflows on its own, and
      // anything sized by script at mount fits a wider screen better, not worse.
      for (const screen of screens) {
        await page.setViewportSize(VIEWPORTS[0]!);
        await page.goto(screen.path(ids));
        await settle(page);
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
          problems.push(...(await problemsOn(page, `${screen.name} @${viewport.width}×${viewport.height}`)));
        }
      }
      expect([...new Set(problems)]).toEqual([]);
      await context.close();
    }, 240_000);
  }
});

describe('new screens', () => {
  it('tap-to-call: 刘芳 reveals an enterprise coordinator’s mobile and is offered a call', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    await signInAs(page, '刘芳');
    await page.goto(`/enterprises/${await staffedEnterprise(page)}`);
    const reveal = page.getByRole('button', { name: /查看 .+ 的完整手机号/ }).first();
    await reveal.scrollIntoViewIfNeeded();
    await screenshot(page, 'miniapp-01-masked-mobile');
    await reveal.click();
    const call = page.getByRole('link', { name: /拨打 .+ 的手机 1\d{10}/ }).first();
    await call.waitFor();
    expect(await call.getAttribute('href')).toMatch(/^tel:1\d{10}$/);
    await call.scrollIntoViewIfNeeded();
    await screenshot(page, 'miniapp-02-tap-to-call');
    await context.close();
  });

  it('联络记录: 郑磊 sees whether the township has contacted and visited his enterprise', async () => {
    const context = await phoneContext(browser, inject('baseUrl'));
    const page = await context.newPage();
    // The township coordinator phoned him this morning.
    await signInAs(page, '刘芳');
    const enterpriseId = await staffedEnterprise(page);
    const status = await page.evaluate(
      async ([bearer, id]) => {
        const res = await fetch('/api/v1/contacts', {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId: crypto.randomUUID(),
            enterpriseId: id,
            // In the page, whose clock is the server's day (phoneContext).
            occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
            channel: 'phone',
            duties: ['law_publicity', 'standards_contracts'],
            notes: '电话了解本月用工情况，提醒做好劳动合同续签',
          }),
        });
        return res.status;
      },
      [await tokenOf(page), enterpriseId] as const,
    );
    expect(status).toBe(201);
    await page.evaluate(() => localStorage.clear());
    await signInAs(page, '郑磊');
    await page.getByText('联络', { exact: true }).last().click();
    await page.waitForURL(/\/contact-history/);
    await page.getByText('本月联络').waitFor();
    await page.getByText('提醒做好劳动合同续签').waitFor();
    await settle(page);
    await screenshot(page, 'miniapp-03-contact-history');
    await context.close();
  });

  it('技能等级与证书: 王海峰 changes an enterprise coordinator’s level and certificate at 360×640', async () => {
    const context = await phoneContext(browser, inject('baseUrl'), { width: 360, height: 640 });
    const page = await context.newPage();
    await signInAs(page, '王海峰');
    await page.goto('/coordinators?kind=enterprise');
    await settle(page);
    await page
      .getByRole('button', { name: /^修改等级\/证书：/ })
      .first()
      .click();
    const popup = page.locator('.adm-popup-body');
    await popup.getByText('技能等级与证书').waitFor();
    await popup.getByText('二级/技师').click();
    await popup.getByLabel('证书编号').fill('S000033010600123');
    await popup.getByLabel('发证日期').fill('2025-06-30');
    await page.waitForTimeout(400); // the popup's slide-in animation
    expect(await problemsOn(page, '技能等级与证书')).toEqual([]);
    await screenshot(page, 'db-11-qualification');
    await popup.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await page.getByText('证书 S000033010600123（2025-06-30）').first().waitFor();
    await screenshot(page, 'db-12-qualification-saved');
    await context.close();
  });

  it('年度评价 for a city: 林晓燕 chooses a county of 杭州市, then sees its evaluation at 360×640', async () => {
    const context = await phoneContext(browser, inject('baseUrl'), { width: 360, height: 640 });
    const page = await context.newPage();
    await signInAs(page, '林晓燕');
    await page.goto('/evaluations');
    await page.getByText('请先选择县(市、区)').waitFor();
    await settle(page);
    await screenshot(page, 'db-13-evaluation-choose-county');
    await page.getByRole('button', { name: '选择县(市、区)' }).click();
    const sheet = page.locator('.adm-popup-body');
    await sheet.getByText('西湖区', { exact: true }).waitFor();
    await page.waitForTimeout(400); // the sheet's slide-in animation
    expect(await problemsOn(page, '选择县(市、区)')).toEqual([]);
    await screenshot(page, 'db-14-evaluation-county-picker');
    await sheet.getByText('西湖区', { exact: true }).click();
    await page.getByText(/西湖区 \d{4}年度/).waitFor();
    await page.locator('.adm-mask').first().waitFor({ state: 'hidden' });
    await settle(page);
    expect(page.url()).toContain('jurisdiction=330106000000');
    expect(await problemsOn(page, '年度评价 西湖区')).toEqual([]);
    await screenshot(page, 'db-15-evaluation-city');
    await context.close();
  });

  it('分享案例 with 附图: 刘芳 picks two images at 360×640; they upload at once and show on the case', async () => {
    const context = await phoneContext(browser, inject('baseUrl'), { width: 360, height: 640 });
    const page = await context.newPage();
    await signInAs(page, '刘芳');
    await page.goto('/cases/new');
    await page.locator('.form-page input').first().fill('三墩镇某企业工资协商案例（附图）');
    await page.getByText('民主管理制度，集体协商，民主协商').click();
    await page
      .locator('.form-page textarea:not([readonly])')
      .fill(
        '某企业与职工方开展工资集体协商，镇协调员全程指导，双方签订工资专项集体合同，附协商现场和签约照片。',
      );
    const photos = [await sitePhoto(page), await sitePhoto(page)].map((p, i) => ({
      ...p,
      name: `case-${i}.jpg`,
    }));
    await page.getByLabel('从相册选择附图').setInputFiles(photos);
    await page.getByText('已选 2/9 张（选填）').waitFor();
    await page.locator('.photo-status').first().waitFor({ state: 'detached' });
    await page.locator('.photo-thumb img').nth(1).scrollIntoViewIfNeeded();
    await settle(page);
    expect(await problemsOn(page, '分享案例 附图')).toEqual([]);
    await screenshot(page, 'db-16-case-images');
    await page.getByRole('button', { name: '分享' }).last().click();
    await page.locator('.case-body').waitFor();
    await page.locator('.photo-thumb img').nth(1).waitFor();
    await page.locator('.photo-thumb').first().scrollIntoViewIfNeeded();
    expect(await problemsOn(page, '案例详情 附图')).toEqual([]);
    await screenshot(page, 'db-17-case-detail-images');
    await context.close();
  });
});

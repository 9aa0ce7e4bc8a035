import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testClock } from '../clock';

export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A phone (390×844 unless told), touch, Chinese locale, Shanghai time on the server's day
 * (test/clock.ts, time running), a position in 三墩镇.
 */
export async function phoneContext(
  browser: Browser,
  baseURL: string,
  viewport = { width: 390, height: 844 },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: { latitude: 30.3243, longitude: 120.0975, accuracy: 25 },
    permissions: ['geolocation'],
  });
  await context.clock.install({ time: testClock.now() });
  return context;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Signs in on the 演示登录 page as the demo person with this name. */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByText('选择一位演示用户登录').waitFor();
  await page.locator('.dev-user-list .adm-list-item').filter({ hasText: name }).first().click();
  await page.getByRole('tab', { name: '首页' }).or(page.getByText('首页')).first().waitFor();
}

/** A JPEG made by the page's own canvas: a large "site photo" the app must shrink before upload. */
export async function sitePhoto(page: Page): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1800;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#3a7';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = '#fff';
    g.font = '200px sans-serif';
    g.fillText('现场照片', 600, 900);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!;
  });
  return { name: 'site.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

/** The bearer token of whoever is signed in on this page. */
export async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('coordnet.session') ?? '{}').token as string);
}

/** Waits until the service worker controls the page, so the app shell opens offline. */
export async function waitForOfflineShell(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
  });
}

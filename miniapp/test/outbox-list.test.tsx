import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MyLogsPage } from '../src/features/my-logs/my-logs-page';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeTownshipCoordinator } from './fixtures';
import { json, mockFetch } from './http';
import { contactBody, ENTERPRISE } from './outbox-helpers';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const owner = { userId: user.id, enterpriseName: '杭州示例制造有限公司' };

async function queueContact(notes: string) {
  return getOutbox().add(owner, { kind: 'contact', body: { ...contactBody(crypto.randomUUID(), notes) } });
}

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
  // Offline: the page must not try to send the items while the test looks at them.
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  mockFetch(() => json({ items: [], nextCursor: null }));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('outbox list', () => {
  it('counts failed items above the list, and says which record failed and why', async () => {
    await queueContact('第一次联络');
    const refused = await queueContact('第二次联络');
    await getOutbox().fail(refused, {
      code: 'occurred_at_too_early',
      message: '发生时间早于补录期限：只能补录 45 天内的记录(2026-01-16 及以后)',
    });
    renderPage('/logs', MyLogsPage, '/logs', { user });

    expect(await screen.findByText('本机记录（待同步 1 条，同步失败 1 条）')).toBeTruthy();
    const failed = within((await screen.findByText(/未能提交/)).closest('.outbox-item') as HTMLElement);
    expect(failed.getByText('每月联络 · 杭州示例制造有限公司')).toBeTruthy();
    expect(failed.getByText(/^联络时间 (2026年)?3月2日 10:00 · 保存于/)).toBeTruthy();
    expect(
      failed.getByText('未能提交：发生时间早于补录期限：只能补录 45 天内的记录(2026-01-16 及以后)'),
    ).toBeTruthy();
    expect(failed.getByText('同步失败')).toBeTruthy();
  });

  it('opens a failed item straight into its correction with a tap anywhere on it', async () => {
    const refused = await queueContact('');
    await getOutbox().fail(refused, { code: 'validation_failed', message: '请选择工作内容' });
    const { router } = renderPage('/logs', MyLogsPage, '/logs', {
      user,
      routes: [{ path: '/enterprises/:id/contact', Component: () => <p>记录联络页</p> }],
    });

    await userEvent.click(await screen.findByText('每月联络 · 杭州示例制造有限公司'));
    expect(await screen.findByText('记录联络页')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/enterprises/${ENTERPRISE}/contact`);
    expect(router.state.location.search).toBe(`?draft=${refused}`);
  });
});

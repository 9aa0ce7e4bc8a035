import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PROVINCE_DEFAULT_SETTINGS } from '@coordnet/shared/api/settings';
import { ContactFormPage } from '../src/features/contact-log/contact-form-page';
import { toLocalInput } from '../src/lib/format';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeEnterprise, makeTownshipCoordinator } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const enterprise = makeEnterprise(1);
const DAY = 86_400_000;

/** Online reads answer; the county keeps a 7-day back-fill window. Writes never get through. */
function server() {
  return mockFetch(({ method, url }) => {
    if (method !== 'GET') throw new TypeError('Failed to fetch');
    if (url.pathname === '/api/v1/coordinators') return json({ items: [], nextCursor: null });
    if (url.pathname === `/api/v1/settings/${enterprise.jurisdictionCode}`)
      return json({
        jurisdictionCode: enterprise.jurisdictionCode,
        jurisdictionName: '三墩镇',
        jurisdictionLevel: 'township',
        overrides: { backfillDays: 7 },
        effective: { ...PROVINCE_DEFAULT_SETTINGS, backfillDays: 7 },
        sources: {},
        editable: false,
        updatedAt: null,
      });
    return json(enterprise);
  });
}

function renderForm() {
  renderPage('/enterprises/:id/contact', ContactFormPage, `/enterprises/${enterprise.id}/contact`, {
    user,
    routes: [{ path: '/enterprises/:id', Component: () => <p>企业详情页</p> }],
  });
}

const setTime = (at: number) =>
  fireEvent.change(screen.getByLabelText(/联络时间/), { target: { value: toLocalInput(at) } });

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('errors at the field, before anything is queued', () => {
  it('shows several field errors at once in the server’s words, each cleared as soon as it is fixed', async () => {
    server();
    renderForm();
    await screen.findByText('测试企业1号有限公司');

    setTime(Date.now() + 2 * 3600_000);
    await userEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('发生时间不能晚于当前时间')).toBeTruthy();
    expect(screen.getByText('请至少选择一项工作内容')).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);

    await userEvent.click(screen.getByText('宣传劳动保障法律法规政策'));
    await waitFor(() => expect(screen.queryByText('请至少选择一项工作内容')).toBeNull());
    expect(screen.getByText('发生时间不能晚于当前时间')).toBeTruthy();

    setTime(Date.now() - 3600_000);
    await waitFor(() => expect(screen.queryByText('发生时间不能晚于当前时间')).toBeNull());
  });

  it('seed §二(三) refuses a time before the county’s cached back-fill window at once', async () => {
    server();
    renderForm();
    await screen.findByText('测试企业1号有限公司');
    await userEvent.click(screen.getByText('宣传劳动保障法律法规政策'));

    setTime(Date.now() - 10 * DAY);
    await userEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText(/^发生时间早于补录期限：只能补录 7 天内的记录/)).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);

    setTime(Date.now() - 2 * DAY);
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('企业详情页')).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toHaveLength(1);
  });

  it('counts an emoji as the server does, so a text over the limit is refused before it is queued', async () => {
    server();
    renderForm();
    await screen.findByText('测试企业1号有限公司');
    await userEvent.click(screen.getByText('宣传劳动保障法律法规政策'));

    // 1,999 characters and a thumbs-up with a skin tone: 2,000 for antd-mobile's counter, 2,001 for the server.
    fireEvent.change(screen.getByLabelText('情况记录'), { target: { value: `${'好'.repeat(1999)}👍🏽` } });
    expect(screen.getByText('2001/2000')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('内容不能超过 2000 字')).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);

    fireEvent.change(screen.getByLabelText('情况记录'), { target: { value: `${'好'.repeat(1998)}👍🏽` } });
    await waitFor(() => expect(screen.queryByText('内容不能超过 2000 字')).toBeNull());
    expect(screen.getByText('2000/2000')).toBeTruthy();
  });
});

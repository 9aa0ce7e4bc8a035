import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEventBase from '@testing-library/user-event';
import type { WorkdayOverrides } from '@coordnet/shared/api/reminders';
import { WorkdayOverridesPage } from '../src/features/workdays/workday-overrides-page';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const userEvent = userEventBase.setup({ pointerEventsCheck: 0 });

const missing2027: WorkdayOverrides = {
  province: '330000000000',
  provinceName: '浙江省',
  overrides: [{ date: '2027-02-20', workday: true, note: '2027年春节调休' }],
  knownYears: [2025, 2026],
  confirmedYears: [],
  missingYears: [2027],
  estimatedHolidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-05', name: '春节' },
  ],
  editable: true,
};

beforeEach(() => {
  Element.prototype.setPointerCapture ??= () => undefined;
  Element.prototype.releasePointerCapture ??= () => undefined;
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('工作日调整 when next year’s official schedule is missing', () => {
  it('shows the banner and the estimated days off; ticking the year and saving sends confirmedYears and clears it', async () => {
    const { requests } = mockFetch(({ method, body }) => {
      if (method === 'PUT') {
        const put = body as { confirmedYears?: number[] };
        return json({
          ...missing2027,
          confirmedYears: put.confirmedYears ?? [],
          missingYears: [],
          estimatedHolidays: [],
        });
      }
      return json(missing2027);
    });
    renderPage('/workdays', WorkdayOverridesPage, '/workdays');

    expect(await screen.findByText(/尚未录入2027 年国务院放假安排/)).toBeTruthy();
    expect(screen.getByText('2027-02-05（周五）')).toBeTruthy();

    await userEvent.click(screen.getByText('2027 年已全部录入'));
    await userEvent.click(screen.getByRole('button', { name: '保存调整' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(requests.find((r) => r.method === 'PUT')!.body).toMatchObject({ confirmedYears: [2027] });
    await waitFor(() => expect(screen.queryByText(/尚未录入2027 年国务院放假安排/)).toBeNull());
  });
});

import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VisitCorrectionPage } from '../src/features/visit-log/visit-correction-page';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeRecheckedHistory, makeTownshipCoordinator, makeVisitLog } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const rejected = makeVisitLog(1, {
  status: 'rejected',
  statusLabel: '已退回',
  author: { userId: user.id, name: user.name },
  duties: ['law_publicity'],
});

const rejectedForLocation = makeVisitLog(2, {
  status: 'rejected',
  statusLabel: '已退回',
  author: { userId: user.id, name: user.name },
  duties: ['law_publicity'],
  visit: {
    ...makeVisitLog(2).visit!,
    decision: {
      by: { userId: user.id, name: '王海峰' },
      at: '2026-11-21T02:00:00.000Z',
      reason: '签到位置与企业不符，请到现场重新打卡',
    },
  },
});

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  mockFetch(({ url }) =>
    url.pathname === `/api/v1/logs/${rejected.id}`
      ? json({ ...rejected, history: [] })
      : url.pathname === `/api/v1/logs/${rejectedForLocation.id}`
        ? json({ ...rejectedForLocation, history: [] })
        : url.pathname.startsWith('/api/v1/uploads/')
          ? new Response('jpeg')
          : json({ code: 'not_found', message: '未找到该记录' }, 404),
  );
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('visit correction', () => {
  it('shows every field error at once before queueing and clears each as soon as it is fixed', async () => {
    renderPage('/logs/:id/correct', VisitCorrectionPage, `/logs/${rejected.id}/correct`, { user });
    const findings = await screen.findByLabelText(/走访情况/);

    fireEvent.change(findings, { target: { value: '   ' } });
    await userEvent.click(screen.getByText('宣传劳动保障法律法规政策'));
    await userEvent.click(screen.getByRole('button', { name: '重新提交' }));

    expect(await screen.findByText('请填写走访情况')).toBeTruthy();
    expect(screen.getByText('请至少选择一项工作内容')).toBeTruthy();
    expect(screen.getByText('请按提示修改标红的内容')).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);

    fireEvent.change(findings, { target: { value: '已补拍企业门牌' } });
    await waitFor(() => expect(screen.queryByText('请填写走访情况')).toBeNull());
    expect(screen.getByText('请至少选择一项工作内容')).toBeTruthy();
  });
});

describe('重新打卡 (seed §二(三) C2: a visit rejected for its location)', () => {
  it('is offered only when the rejection concerns the location', async () => {
    renderPage('/logs/:id/correct', VisitCorrectionPage, `/logs/${rejected.id}/correct`, { user });
    await screen.findByLabelText(/走访情况/);
    expect(screen.queryByRole('button', { name: '重新打卡' })).toBeNull();
    cleanup();

    renderPage('/logs/:id/correct', VisitCorrectionPage, `/logs/${rejectedForLocation.id}/correct`, {
      user,
    });
    expect(await screen.findByRole('button', { name: '重新打卡' })).toBeTruthy();
    expect(screen.getByText('未重新打卡，将保留原签到位置')).toBeTruthy();
  });

  it('the correction carries the new check-in', async () => {
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { latitude: 30.3, longitude: 120.1, accuracy: 18 } } as GeolocationPosition),
      },
    });
    renderPage('/logs/:id/correct', VisitCorrectionPage, `/logs/${rejectedForLocation.id}/correct`, {
      user,
      routes: [{ path: '/logs', Component: () => <p>我的记录</p> }],
    });
    await userEvent.click(await screen.findByRole('button', { name: '重新打卡' }));
    expect(await screen.findByText('30.30000, 120.10000')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '重新提交' }));
    await waitFor(async () => expect(await getOutbox().itemsOf(user.id)).toHaveLength(1));
    const [item] = await getOutbox().itemsOf(user.id);
    expect(item).toMatchObject({
      kind: 'visit_revision',
      body: {
        revision: 1,
        checkIn: {
          latitude: 30.3,
          longitude: 120.1,
          accuracy: 18,
          isFromMock: false,
          coordinateSystem: 'wgs84',
        },
      },
    });
  });

  it('修改记录 shows each revision with its own check-in: time, distance, or 未打卡', async () => {
    const actor = { userId: user.id, name: user.name };
    const boss = { userId: user.id, name: '王海峰' };
    mockFetch(({ url }) =>
      url.pathname === `/api/v1/logs/${rejected.id}`
        ? json({
            ...rejected,
            history: [
              ...makeRecheckedHistory(actor, boss),
              {
                action: 'revised',
                actionLabel: '修改后重新提交',
                revision: 3,
                actor,
                reason: null,
                at: '2026-12-05T01:00:00.000Z',
                checkIn: null,
              },
            ],
          })
        : url.pathname.startsWith('/api/v1/uploads/')
          ? new Response('jpeg')
          : json({ code: 'not_found', message: '未找到该记录' }, 404),
    );
    renderPage('/logs/:id/correct', VisitCorrectionPage, `/logs/${rejected.id}/correct`, { user });

    const revisions = await screen.findByRole('region', { name: '修改记录' });
    const items = within(revisions)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items[0]).toContain('第 1 版 · 提交');
    expect(items[0]).toContain('打卡 12-03 10:21 · 距企业 2.2 公里');
    expect(items[1]).toContain('原因：请到现场重新打卡');
    expect(items[1]).not.toContain('打卡 ');
    expect(items[2]).toContain('重新打卡 12-04 09:10 · 距企业 120 米');
    expect(items[3]).toContain('未打卡');
  });
});

import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EnterpriseDetailPage } from '../src/features/enterprises/enterprise-detail-page';
import { HomePage } from '../src/features/home/home-page';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeEnterprise, makeTownshipCoordinator, makeVisitLog } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const enterprise = makeEnterprise(1);
const rejected = makeVisitLog(1, {
  status: 'rejected',
  statusLabel: '已退回',
  author: { userId: user.id, name: user.name },
  visit: {
    ...makeVisitLog(1).visit!,
    decision: {
      by: { userId: user.id, name: '王建华' },
      at: '2026-11-21T02:00:00.000Z',
      reason: '照片看不清企业名称',
    },
  },
});

function server() {
  return mockFetch(({ url }) => {
    const path = url.pathname;
    if (path === '/api/v1/logs') {
      // 首页 asks for the person's own rejected visits only; 企业详情 for the enterprise's logs.
      if (url.searchParams.get('status') === 'rejected' && url.searchParams.get('mine') !== 'true')
        return json({ code: 'bad_request', message: '应只查询本人的记录' }, 400);
      return json({ items: [rejected], nextCursor: null });
    }
    if (path === `/api/v1/enterprises/${enterprise.id}`) return json(enterprise);
    if (path === '/api/v1/coordinators') return json({ items: [], nextCursor: null });
    if (path === '/api/v1/jurisdictions/scope-tree') return json([]);
    return json({ code: 'not_found', message: '未找到该记录' }, 404);
  });
}

const correctionRoute = { path: '/logs/:id/correct', Component: () => <p>修改走访记录页</p> };

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a rejected visit where the coordinator looks', () => {
  it('shows 已退回 on 首页 with the reason and opens its correction', async () => {
    const { requests } = server();
    const { router } = renderPage('/', HomePage, '/', { user, routes: [correctionRoute] });

    const section = within(await screen.findByRole('region', { name: /被退回的走访/ }));
    expect(section.getByText('已退回')).toBeTruthy();
    expect(section.getByText('退回原因：照片看不清企业名称（王建华）')).toBeTruthy();
    await userEvent.click(section.getByRole('button', { name: '修改后重新提交' }));

    expect(await screen.findByText('修改走访记录页')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/logs/${rejected.id}/correct`);
    const asked = requests.find((r) => r.url.searchParams.get('status') === 'rejected');
    expect(asked?.url.searchParams.get('kind')).toBe('visit');
  });

  it('shows 已退回 on 企业详情 with the reason and 修改后重新提交', async () => {
    server();
    const { router } = renderPage('/enterprises/:id', EnterpriseDetailPage, `/enterprises/${enterprise.id}`, {
      user,
      routes: [correctionRoute],
    });

    const note = await screen.findByText('退回原因：照片看不清企业名称（王建华）');
    const item = within(note.closest('.log-item') as HTMLElement);
    expect(item.getByText('已退回')).toBeTruthy();
    await userEvent.click(item.getByRole('button', { name: '修改后重新提交' }));
    expect(router.state.location.pathname).toBe(`/logs/${rejected.id}/correct`);
  });

  it('says the correction is waiting to sync once it is on the phone', async () => {
    server();
    await getOutbox().add(
      { userId: user.id, enterpriseName: enterprise.name },
      {
        kind: 'visit_revision',
        logId: rejected.id,
        enterpriseId: rejected.enterprise.id,
        keptPhotoIds: [],
        body: { revision: 1, duties: ['law_publicity'], findings: '已补拍企业门牌', riskLevel: 'none' },
      },
      [],
    );
    renderPage('/', HomePage, '/', { user });

    const section = within(await screen.findByRole('region', { name: /被退回的走访/ }));
    expect(await section.findByText('已修改，等待同步')).toBeTruthy();
    expect(section.queryByRole('button', { name: '修改后重新提交' })).toBeNull();
  });
});

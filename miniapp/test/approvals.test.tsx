import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEventBase from '@testing-library/user-event';
import { Dialog } from 'antd-mobile';
import { ApprovalsPage } from '../src/features/approvals/approvals-page';
import { makeRecheckedHistory, makeVisitLog } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const flagged = makeVisitLog(1, {
  flags: ['mock_location', 'far_from_enterprise'],
  visit: { ...makeVisitLog(1).visit!, distanceMeters: 3200 },
});
const plain = makeVisitLog(2, { revision: 2 });
const actor = { userId: plain.author.userId, name: plain.author.name };
const plainHistory = makeRecheckedHistory(actor, { userId: plain.author.userId, name: '王海峰' });

function server() {
  let queue = [flagged, plain];
  return mockFetch(({ method, url, body }) => {
    const path = url.pathname;
    if (method === 'GET' && path === '/api/v1/approvals')
      return json({ items: queue, nextCursor: null, total: queue.length });
    if (method === 'GET' && path.startsWith('/api/v1/uploads/')) return new Response('jpeg');
    if (method === 'GET' && path === `/api/v1/logs/${plain.id}`)
      return json({ ...plain, history: plainHistory });
    const decided = (id: string, status: 'approved' | 'rejected') => {
      const log = queue.find((l) => l.id === id)!;
      queue = queue.filter((l) => l.id !== id);
      return json({ ...log, status });
    };
    const match = /^\/api\/v1\/visits\/([^/]+)\/(approve|reject)$/.exec(path);
    if (method === 'POST' && match)
      return decided(match[1]!, match[2] === 'approve' ? 'approved' : 'rejected');
    if (method === 'POST' && path === '/api/v1/visits/bulk-approve') {
      const { ids } = body as { ids: string[] };
      queue = queue.filter((l) => !ids.includes(l.id));
      return json({ approved: ids });
    }
    return json({ code: 'route_not_found', message: '接口不存在' }, 404);
  });
}

// antd-mobile's popups animate in; jsdom never finishes the animation that enables pointer events.
const userEvent = userEventBase.setup({ pointerEventsCheck: 0 });

/** The confirmation that says `text` (a closing one from the test before may still be fading out). */
const dialogSaying = async (text: string | RegExp) =>
  within((await screen.findByText(text)).closest('[role="dialog"]') as HTMLElement);

const cardOf = async (name: string) =>
  within((await screen.findByText(name)).closest('.approval-card') as HTMLElement);

beforeEach(() => {
  localStorage.clear();
  // jsdom lacks pointer capture, which antd-mobile's popup gestures call.
  Element.prototype.setPointerCapture ??= () => undefined;
  Element.prototype.releasePointerCapture ??= () => undefined;
});

afterEach(() => {
  // Dialog.confirm mounts outside the rendered tree; close it so the next test starts clean.
  Dialog.clear();
  cleanup();
  vi.unstubAllGlobals();
});

describe('approvals', () => {
  it('shows the check-in warnings plainly, with a map link and the photos', async () => {
    const { requests } = server();
    renderPage('/approvals', ApprovalsPage, '/approvals');

    const card = await cardOf('测试企业1号有限公司');
    expect(card.getByText('疑似虚拟定位')).toBeTruthy();
    expect(card.getByText('签到位置距企业较远')).toBeTruthy();
    expect(card.getAllByText(/距企业 3\.2 公里/).length).toBeGreaterThan(0);
    const map = card.getByText('在地图中查看').closest('a');
    expect(map?.getAttribute('href')).toContain('https://uri.amap.com/marker?position=120.0975%2C30.3243');
    expect(card.getByText('宣传劳动保障法律法规政策；矛盾纠纷排查和协商调解')).toBeTruthy();
    await waitFor(() =>
      expect(requests.some((r) => r.url.pathname === flagged.visit!.photos[0]!.url)).toBe(true),
    );
    expect((await cardOf('测试企业2号有限公司')).getByText('（第 2 次提交）')).toBeTruthy();
  });

  it('a corrected visit shows, on request, each submission with its own check-in', async () => {
    const { requests } = server();
    renderPage('/approvals', ApprovalsPage, '/approvals');

    const card = await cardOf('测试企业2号有限公司');
    expect((await cardOf('测试企业1号有限公司')).queryByText('查看修改记录')).toBeNull();
    expect(requests.some((r) => r.url.pathname.startsWith('/api/v1/logs/'))).toBe(false);
    await userEvent.click(card.getByText('查看修改记录'));
    const revisions = within(await card.findByRole('region', { name: '修改记录' }));
    expect(revisions.getByText('打卡 12-03 10:21 · 距企业 2.2 公里')).toBeTruthy();
    expect(revisions.getByText('原因：请到现场重新打卡')).toBeTruthy();
    expect(revisions.getByText('重新打卡 12-04 09:10 · 距企业 120 米')).toBeTruthy();
  });

  it('approves a visit at the revision the supervisor looked at, after a confirmation', async () => {
    const { requests } = server();
    renderPage('/approvals', ApprovalsPage, '/approvals');

    await userEvent.click((await cardOf('测试企业2号有限公司')).getByRole('button', { name: '通过' }));
    const dialog = await dialogSaying(/确定通过「测试企业2号有限公司」.*的走访记录吗？/);
    expect(requests.some((r) => r.url.pathname.endsWith('/approve'))).toBe(false);
    await userEvent.click(dialog.getByRole('button', { name: '通过' }));

    await waitFor(() => expect(screen.queryByText('测试企业2号有限公司')).toBeNull());
    const approve = requests.find((r) => r.url.pathname === `/api/v1/visits/${plain.id}/approve`);
    expect(approve?.body).toEqual({ revision: 2 });
  });

  it('does not approve when the confirmation is cancelled', async () => {
    const { requests } = server();
    renderPage('/approvals', ApprovalsPage, '/approvals');

    await userEvent.click((await cardOf('测试企业1号有限公司')).getByRole('button', { name: '通过' }));
    const dialog = await dialogSaying(/这条记录有签到提示。/);
    await userEvent.click(dialog.getByRole('button', { name: '取消' }));
    expect(requests.some((r) => r.url.pathname.endsWith('/approve'))).toBe(false);
    expect(screen.getByText('测试企业1号有限公司')).toBeTruthy();
  });

  it('rejects only with a reason', async () => {
    const { requests } = server();
    renderPage('/approvals', ApprovalsPage, '/approvals');

    await userEvent.click((await cardOf('测试企业1号有限公司')).getByRole('button', { name: '退回' }));
    await userEvent.click(await screen.findByRole('button', { name: '确认退回' }));
    expect(await screen.findByText('请填写原因')).toBeTruthy();
    expect(requests.some((r) => r.url.pathname.endsWith('/reject'))).toBe(false);

    const reason = document.querySelector('.reject-popup textarea') as HTMLTextAreaElement;
    await userEvent.type(reason, '照片看不清企业名称，请补拍');
    await userEvent.click(screen.getByRole('button', { name: '确认退回' }));

    await waitFor(() =>
      expect(requests.find((r) => r.url.pathname === `/api/v1/visits/${flagged.id}/reject`)?.body).toEqual({
        reason: '照片看不清企业名称，请补拍',
      }),
    );
    await waitFor(() => expect(screen.queryByText('测试企业1号有限公司')).toBeNull());
  });

  it('approves the selected visits at once after a confirmation that mentions the warnings', async () => {
    const { requests } = server();
    renderPage('/approvals', ApprovalsPage, '/approvals');
    await screen.findByText('测试企业1号有限公司');

    await userEvent.click(screen.getByText('全选'));
    await userEvent.click(screen.getByRole('button', { name: '批量通过（2）' }));
    const dialog = await dialogSaying('确定通过选中的 2 条走访记录吗？其中 1 条有签到提示。');
    await userEvent.click(dialog.getByRole('button', { name: '通过' }));

    await waitFor(() =>
      expect(requests.find((r) => r.url.pathname === '/api/v1/visits/bulk-approve')?.body).toEqual({
        ids: [flagged.id, plain.id],
      }),
    );
    expect(await screen.findByText('暂无待审批的走访记录')).toBeTruthy();
  });
});

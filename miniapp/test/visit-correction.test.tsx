import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VisitCorrectionPage } from '../src/features/visit-log/visit-correction-page';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeTownshipCoordinator, makeVisitLog } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const rejected = makeVisitLog(1, {
  status: 'rejected',
  statusLabel: '已退回',
  author: { userId: user.id, name: user.name },
  duties: ['law_publicity'],
});

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  mockFetch(({ url }) =>
    url.pathname === `/api/v1/logs/${rejected.id}`
      ? json({ ...rejected, history: [] })
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

import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RiskReportPage } from '../src/features/risk-report/risk-report-page';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeEnterprise, makeTownshipCoordinator } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const enterprise = makeEnterprise(1);

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  mockFetch(({ url }) =>
    url.pathname === `/api/v1/enterprises/${enterprise.id}`
      ? json(enterprise)
      : json({ code: 'not_found', message: '未找到该记录' }, 404),
  );
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('risk report form', () => {
  it('seed §二(三) C4 shows every missing field at once before queueing, each cleared when filled', async () => {
    renderPage('/risk-report', RiskReportPage, `/risk-report?enterprise=${enterprise.id}`, { user });
    await screen.findByText('测试企业1号有限公司');

    await userEvent.click(screen.getByRole('button', { name: '提交上报' }));

    expect(await screen.findByText('请选择风险类型')).toBeTruthy();
    expect(screen.getByText('请选择严重程度')).toBeTruthy();
    expect(screen.getByText('请填写情况说明')).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);

    await userEvent.click(screen.getByText('拖欠工资'));
    await waitFor(() => expect(screen.queryByText('请选择风险类型')).toBeNull());
    expect(screen.getByText('请选择严重程度')).toBeTruthy();
  });
});

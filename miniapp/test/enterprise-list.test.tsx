import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EnterpriseListPage } from '../src/features/enterprises/enterprise-list-page';
import { onlineManager } from '@tanstack/react-query';
import type { ScopeSnapshot } from '../src/lib/enterprise-queries';
import { registryKeys } from '../src/lib/registry-api';
import { makeEnterprise, makeTownshipCoordinator, uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const firstPage = Array.from({ length: 20 }, (_, i) => makeEnterprise(i + 1));
const secondPage = Array.from({ length: 3 }, (_, i) => makeEnterprise(i + 21, { isKey: true }));

function renderList(url = '/enterprises?jurisdiction=330106000000&jurisdictionName=西湖区') {
  return renderPage('/enterprises', EnterpriseListPage, url);
}

/** jsdom does no layout; make InfiniteScroll see its sentinel as on screen so it asks for more. */
function sentinelVisible() {
  vi.spyOn(HTMLElement.prototype, 'offsetParent', 'get').mockReturnValue(document.body);
}

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('enterprise list', () => {
  it('renders the first page and loads the next one with its cursor', async () => {
    sentinelVisible();
    const { requests } = mockFetch(({ url }) =>
      url.searchParams.get('cursor') === 'page-2'
        ? json({ items: secondPage, nextCursor: null })
        : json({ items: firstPage, nextCursor: 'page-2' }),
    );
    renderList();

    expect(await screen.findByText('测试企业1号有限公司')).toBeTruthy();
    expect(screen.getByText('测试企业20号有限公司')).toBeTruthy();
    expect(screen.getByText('区划：西湖区（含下级）')).toBeTruthy();

    expect(await screen.findByText('测试企业23号有限公司')).toBeTruthy();
    expect(await screen.findByText('没有更多了')).toBeTruthy();
    expect(screen.getAllByText('重点企业')).toHaveLength(3);

    expect(requests).toHaveLength(2);
    const [first, second] = requests.map((r) => r.url.searchParams);
    expect(first?.get('jurisdiction')).toBe('330106000000');
    expect(first?.get('limit')).toBe('20');
    expect(first?.has('cursor')).toBe(false);
    expect(second?.get('cursor')).toBe('page-2');
    expect(second?.get('jurisdiction')).toBe('330106000000');
  });

  it('filters by size and searches by name or USCC', async () => {
    const { requests } = mockFetch(({ url }) =>
      json({ items: url.searchParams.has('q') ? [] : firstPage.slice(0, 2), nextCursor: null }),
    );
    renderList('/enterprises');
    await screen.findByText('测试企业1号有限公司');

    await userEvent.click(screen.getByText('小型'));
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get('size') === 'small')).toBe(true));

    await userEvent.type(screen.getByPlaceholderText('搜索企业名称或统一社会信用代码'), '91350100');
    await waitFor(() => expect(requests.some((r) => r.url.searchParams.get('q') === '91350100')).toBe(true));
    expect(await screen.findByText('没有符合条件的企业')).toBeTruthy();
    const last = requests[requests.length - 1]?.url.searchParams;
    expect(last?.get('size')).toBe('small');
  });

  it('shows the server message when the list cannot be read', async () => {
    mockFetch(() => json({ code: 'forbidden', message: '您没有权限执行此操作' }, 403));
    renderList();

    expect(await screen.findByText('您没有权限执行此操作')).toBeTruthy();
    expect(screen.getByText('重试')).toBeTruthy();
  });

  it("offline, 我负责的 lists from the phone's copy only the enterprises I am 责任人 for", async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    onlineManager.setOnline(false);
    const { requests } = mockFetch(() => json({}, 500));
    const user = makeTownshipCoordinator();
    const post = (userId: string, name: string) => ({ roleId: uuid(901), userId, name });
    const snapshot: ScopeSnapshot = {
      enterprises: [
        makeEnterprise(1, { responsible: post(user.id, user.name) }),
        makeEnterprise(2, { responsible: post(uuid(902), '王海峰') }),
        makeEnterprise(3),
      ],
      coordinators: [],
      truncated: false,
    };
    try {
      renderPage('/enterprises', EnterpriseListPage, '/enterprises?mine=1', {
        user,
        seed: (client) => client.setQueryData(registryKeys.offlineScope(), snapshot),
      });
      expect(await screen.findByText('测试企业1号有限公司')).toBeTruthy();
      expect(screen.getByText('我负责的企业')).toBeTruthy();
      expect(screen.queryByText('测试企业2号有限公司')).toBeNull();
      expect(screen.queryByText('测试企业3号有限公司')).toBeNull();
      expect(requests.some((r) => r.url.pathname === '/api/v1/enterprises')).toBe(false);
    } finally {
      onlineManager.setOnline(true);
    }
  });
});

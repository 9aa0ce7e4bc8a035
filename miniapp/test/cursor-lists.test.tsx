import '../src/app/antd-react19';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import type { AuditEntry } from '@coordnet/shared/api/audit';
import type { CaseSummary } from '@coordnet/shared/api/cases';
import { DUTY_KEYS } from '@coordnet/shared/domain/duties';
import { AuditLogPage } from '../src/features/audit-log/audit-log-page';
import { CasesPage } from '../src/features/cases/cases-page';
import { uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

/** jsdom does no layout; make InfiniteScroll see its sentinel as on screen so it asks for more. */
function sentinelVisible() {
  vi.spyOn(HTMLElement.prototype, 'offsetParent', 'get').mockReturnValue(document.body);
}

function entry(id: number): AuditEntry {
  return {
    id,
    at: '2026-11-20T01:00:00.000Z',
    actor: { userId: uuid(7), name: `人员${id}` },
    action: 'enterprise.updated',
    actionLabel: '修改企业',
    entityType: 'enterprise',
    entityId: null,
    ip: '10.0.0.1',
    sensitive: false,
    summary: null,
  };
}

function sharedCase(n: number): CaseSummary {
  return {
    id: uuid(100 + n),
    title: `案例${n}`,
    duty: DUTY_KEYS[0],
    dutyLabel: '调解',
    excerpt: '摘要',
    authorName: '张三',
    jurisdictionCode: '330106109000',
    jurisdictionName: '三墩镇',
    visibility: 'jurisdiction',
    visibilityLabel: '本辖区',
    status: 'published',
    attachments: 0,
    createdAt: '2026-11-20T01:00:00.000Z',
  };
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('cursor-paged lists on the shared hook', () => {
  it('操作日志 pages by the last id seen (a number) until the server says no more', async () => {
    sentinelVisible();
    const { requests } = mockFetch(({ url }) =>
      url.searchParams.get('cursor') === '51'
        ? json({ items: [entry(50)], nextCursor: null })
        : json({ items: [entry(52), entry(51)], nextCursor: 51 }),
    );
    renderPage('/audit-log', AuditLogPage, '/audit-log');

    expect(await screen.findByText('人员52 · 修改企业')).toBeTruthy();
    expect(await screen.findByText('人员50 · 修改企业')).toBeTruthy();
    expect(await screen.findByText('没有更多了')).toBeTruthy();
    expect(requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, '51']);
    expect(requests[0]!.url.searchParams.get('limit')).toBe('50');
  });

  it('操作日志 says so when nothing matches', async () => {
    mockFetch(() => json({ items: [], nextCursor: null }));
    renderPage('/audit-log', AuditLogPage, '/audit-log');
    expect(await screen.findByText('没有符合条件的操作记录')).toBeTruthy();
  });

  it('协调员之家 loads the next page of cases with its cursor', async () => {
    sentinelVisible();
    const { requests } = mockFetch(({ url }) =>
      url.searchParams.get('cursor') === 'c-2'
        ? json({ items: [sharedCase(3)], nextCursor: null })
        : json({ items: [sharedCase(1), sharedCase(2)], nextCursor: 'c-2' }),
    );
    renderPage('/cases', CasesPage, '/cases');

    expect(await screen.findByText('案例1')).toBeTruthy();
    expect(await screen.findByText('案例3')).toBeTruthy();
    expect(await screen.findByText('没有更多了')).toBeTruthy();
    expect(requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'c-2']);
  });

  it('协调员之家 shows its empty state', async () => {
    mockFetch(() => json({ items: [], nextCursor: null }));
    renderPage('/cases', CasesPage, '/cases');
    expect(await screen.findByText('暂无案例')).toBeTruthy();
  });
});

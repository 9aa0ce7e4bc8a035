import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { onlineManager, QueryClient } from '@tanstack/react-query';
import { createQueryClient } from '../src/app/query-client';
import { EnterpriseDetailPage } from '../src/features/enterprises/enterprise-detail-page';
import { filterEnterprises } from '../src/features/enterprises/enterprise-filters';
import { cachedEnterprise, type ScopeSnapshot } from '../src/lib/enterprise-queries';
import { pendingEnterprises, pendingWritesOf, shownDutyStatus } from '../src/lib/pending-writes';
import { CacheDb, restoreQueries, saveQueries, shouldPersist } from '../src/lib/query-persist';
import { registryKeys } from '../src/lib/registry-api';
import { dataAgeText } from '../src/lib/ui/offline';
import type { OutboxItem } from '../src/lib/outbox-db';
import { prefetchOfflineData } from '../src/lib/offline-prefetch';
import { makeCoordinator, makeEnterprise, makeTownshipCoordinator, uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';
import { contactBody, ENTERPRISE, USER, visitBody } from './outbox-helpers';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  onlineManager.setOnline(true);
});

let serial = 0;
const freshDb = () => new CacheDb(`cache-test-${++serial}`);

const scope = (): ScopeSnapshot => ({
  enterprises: [
    makeEnterprise(1),
    makeEnterprise(2, { size: 'small', name: '三墩精密机械有限公司', uscc: '91330106MA2101073R' }),
  ],
  coordinators: [makeCoordinator(1, { enterpriseId: makeEnterprise(1).id })],
  truncated: false,
});

describe('the offline copy in IndexedDB', () => {
  it('keeps registry, duty and log reads but not searches, approvals or failures', () => {
    const ok = { status: 'success' } as const;
    const q = (queryKey: unknown[], state: { status: string } = ok) =>
      shouldPersist({ queryKey, state } as unknown as Parameters<typeof shouldPersist>[0]);
    expect(q(['registry', 'offline-scope'])).toBe(true);
    expect(q(['registry', 'enterprises', 'list', {}])).toBe(true);
    expect(q(['registry', 'enterprises', 'list', { q: '三墩' }])).toBe(false);
    expect(q(['duty', 'list', { rule: 'C1' }, 'all'])).toBe(true);
    expect(q(['duty', 'logs', 'list', { mine: true }])).toBe(true);
    expect(q(['duty', 'settings', '330106109000'])).toBe(true);
    expect(q(['duty', 'approvals'])).toBe(false);
    expect(q(['dev-users'])).toBe(false);
    expect(q(['registry', 'scope'], { status: 'error' })).toBe(false);
  });

  it('restores the same person’s snapshot and drops another person’s', async () => {
    const db = freshDb();
    const online = new QueryClient();
    online.setQueryData(registryKeys.offlineScope(), scope());
    online.setQueryData(['duty', 'approvals'], { total: 3 });
    await saveQueries(online, USER, db);

    const after = new QueryClient();
    expect(await restoreQueries(after, USER, db)).toBe(true);
    expect(after.getQueryData<ScopeSnapshot>(registryKeys.offlineScope())?.enterprises).toHaveLength(2);
    expect(after.getQueryData(['duty', 'approvals'])).toBeUndefined();

    const other = new QueryClient();
    expect(await restoreQueries(other, uuid(2), db)).toBe(false);
    expect(other.getQueryData(registryKeys.offlineScope())).toBeUndefined();
    // Dropped, not only skipped: the first person does not get it back either.
    expect(await restoreQueries(new QueryClient(), USER, db)).toBe(false);
  });

  it('drops a snapshot older than a week', async () => {
    const db = freshDb();
    const client = new QueryClient();
    client.setQueryData(registryKeys.offlineScope(), scope());
    await saveQueries(client, USER, db, Date.now() - 8 * 24 * 3600_000);
    expect(await restoreQueries(new QueryClient(), USER, db)).toBe(false);
  });

  it('keeps the offline reads in memory longer than unused queries', () => {
    const client = createQueryClient();
    expect(client.getQueryDefaults(['registry', 'offline-scope']).gcTime).toBe(7 * 24 * 3600_000);
    expect(client.getQueryDefaults(['dev-users']).gcTime).toBeUndefined();
  });
});

describe('reading the offline copy in the background', () => {
  it('asks one thing at a time, so a weak signal carries the open screen’s own reads first', async () => {
    let inFlight = 0;
    let most = 0;
    const { requests } = mockFetch(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return json({ code: 'NOT_FOUND', message: '未找到' }, 404);
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await prefetchOfflineData(client, makeTownshipCoordinator());
    const paths = new Set(requests.map((r) => r.url.pathname));
    // scope tree, C1/C2 status and lists, own logs, then the scope (its enterprises and their
    // coordinators, the one read made of two lists).
    expect(paths.size).toBeGreaterThanOrEqual(5);
    expect(most).toBeLessThanOrEqual(2);
  });
});

describe('an enterprise never opened online', () => {
  it('is found in the cached scope or a cached list page', () => {
    const client = new QueryClient();
    client.setQueryData(registryKeys.offlineScope(), scope());
    expect(cachedEnterprise(client, makeEnterprise(2).id)?.enterprise.name).toBe('三墩精密机械有限公司');
    const listed = makeEnterprise(7);
    client.setQueryData(registryKeys.enterprises({}), {
      pages: [{ items: [listed], nextCursor: null }],
      pageParams: [undefined],
    });
    expect(cachedEnterprise(client, listed.id)?.enterprise).toEqual(listed);
    expect(cachedEnterprise(client, uuid(99))).toBeUndefined();
  });

  it('opens offline from the cached scope with its coordinators, its age and no endless 加载中', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    onlineManager.setOnline(false);
    const { requests } = mockFetch(() => json({}, 500));
    const enterprise = makeEnterprise(1);
    renderPage('/enterprises/:id', EnterpriseDetailPage, `/enterprises/${enterprise.id}`, {
      seed: (client) => client.setQueryData(registryKeys.offlineScope(), scope()),
    });
    expect(await screen.findByText(enterprise.name)).toBeTruthy();
    expect(await screen.findByText('协调员1')).toBeTruthy();
    expect(screen.getByText(/^数据更新于 \d\d:\d\d$/)).toBeTruthy();
    // Its logs were never read: said at once.
    expect(screen.getByText('暂无离线数据')).toBeTruthy();
    expect(requests.some((r) => r.url.pathname.startsWith('/api/v1/enterprises'))).toBe(false);
  });
});

describe('offline helpers', () => {
  const me = uuid(900);
  it('filters the scope as the server would', () => {
    const { enterprises } = scope();
    expect(filterEnterprises(enterprises, {}, me)).toHaveLength(2);
    expect(filterEnterprises(enterprises, { q: '精密' }, me).map((e) => e.name)).toEqual([
      '三墩精密机械有限公司',
    ]);
    expect(filterEnterprises(enterprises, { q: 'ma2101073r' }, me)).toHaveLength(1);
    expect(filterEnterprises(enterprises, { size: 'small' }, me)).toHaveLength(1);
    expect(filterEnterprises(enterprises, { jurisdiction: '330106000000' }, me)).toHaveLength(2);
    expect(filterEnterprises(enterprises, { jurisdiction: '330105000000' }, me)).toHaveLength(0);
  });

  it('我负责的 offline: only the enterprises whose 责任人 in the copy is the signed-in person', () => {
    const post = (userId: string, name: string) => ({ roleId: uuid(901), userId, name });
    const enterprises = [
      makeEnterprise(1, { responsible: post(me, '刘芳') }),
      makeEnterprise(2, { responsible: post(uuid(902), '王海峰') }),
      makeEnterprise(3, { responsible: null }),
      makeEnterprise(4, { responsible: post(me, '刘芳'), size: 'small' }),
    ];
    const names = (filter: Parameters<typeof filterEnterprises>[1]) =>
      filterEnterprises(enterprises, filter, me).map((e) => e.name);
    expect(names({ mine: true })).toEqual(['测试企业1号有限公司', '测试企业4号有限公司']);
    expect(names({ mine: true, size: 'small' })).toEqual(['测试企业4号有限公司']);
    expect(names({ mine: false })).toHaveLength(4);
    expect(filterEnterprises(enterprises, { mine: true }, uuid(903))).toEqual([]);
  });

  it('shows the data age as the time today, with the date otherwise', () => {
    const now = Date.parse('2026-03-02T06:00:00Z');
    expect(dataAgeText(Date.parse('2026-03-02T02:05:00Z'), now)).toBe('数据更新于 10:05');
    expect(dataAgeText(Date.parse('2026-02-27T02:05:00Z'), now)).toBe('数据更新于 2月27日 10:05');
  });
});

describe('duty status with the phone’s pending writes', () => {
  const item = (kind: 'contact' | 'visit', status: OutboxItem['status'] = 'pending') =>
    ({
      kind,
      status,
      enterpriseId: ENTERPRISE,
      body: kind === 'contact' ? contactBody(uuid(500)) : visitBody(uuid(501)),
    }) as OutboxItem;

  it('a contact saved offline counts for this month; a visit for the month and the quarter', () => {
    const contact = pendingWritesOf([item('contact')]);
    expect([...pendingEnterprises(contact, 'C1', '2026-03')]).toEqual([ENTERPRISE]);
    expect(pendingEnterprises(contact, 'C2', '2026-Q1').size).toBe(0);
    expect(pendingEnterprises(contact, 'C1', '2026-04').size).toBe(0);
    const visit = pendingWritesOf([item('visit')]);
    expect(pendingEnterprises(visit, 'C1', '2026-03').has(ENTERPRISE)).toBe(true);
    expect(pendingEnterprises(visit, 'C2', '2026-Q1').has(ENTERPRISE)).toBe(true);
  });

  it('a write the server refused fulfils nothing', () => {
    expect(pendingWritesOf([item('contact', 'failed')])).toEqual([]);
  });

  it('shows 待同步 instead of 待完成 or 已逾期, never over 已完成 or 待审核', () => {
    expect(shownDutyStatus('due', true)).toBe('pending_sync');
    expect(shownDutyStatus('overdue', true)).toBe('pending_sync');
    expect(shownDutyStatus('done', true)).toBe('done');
    expect(shownDutyStatus('awaiting_approval', true)).toBe('awaiting_approval');
    expect(shownDutyStatus('due', false)).toBe('due');
  });
});

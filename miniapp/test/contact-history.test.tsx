import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { ContactHistoryPage } from '../src/features/contact-history/contact-history-page';
import { makeMe, makeVisitLog, uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const OWN = uuid(1001);
const zhengLei = makeMe({
  name: '郑磊',
  supervisorRoles: [],
  jurisdictions: [],
  enterpriseIds: [OWN],
  coordinatorRoles: [
    {
      id: uuid(9),
      kind: 'enterprise',
      kindLabel: '企业劳动关系协调员',
      jurisdictionCode: '330106109000',
      jurisdictionName: '三墩镇',
      enterpriseId: OWN,
      enterpriseName: '测试企业1号有限公司',
      skillLevel: null,
    },
  ],
});

const dutyPage = (rule: string, status: string) => ({
  rule,
  ruleLabel: rule,
  period: rule === 'C1' ? '2026-11' : '2026-Q4',
  periodLabel: rule === 'C1' ? '2026年11月' : '2026年第四季度',
  periodClosed: false,
  jurisdiction: { code: '330106109000', name: '三墩镇', level: 'township' },
  items: [
    {
      id: OWN,
      name: '测试企业1号有限公司',
      uscc: '91350100M000100Y43',
      jurisdictionCode: '330106109000',
      jurisdictionName: '三墩镇',
      size: 'medium',
      status,
      lastLog: null,
      responsible: [],
    },
  ],
  nextCursor: null,
});

const contact = makeVisitLog(1, {
  id: uuid(4501),
  kind: 'contact',
  kindLabel: '联络',
  status: 'recorded',
  statusLabel: '已记录',
  visit: null,
  notes: '电话了解本月用工情况',
  contact: { channel: 'phone', contacted: null, riskFlags: [] },
});

describe('联络记录 (an enterprise coordinator’s contact history)', () => {
  it('shows this month’s contact and this quarter’s visit status and the township’s logs about his enterprise', async () => {
    const { requests } = mockFetch(({ url }) => {
      if (url.pathname === '/api/v1/duties')
        return json(
          dutyPage(url.searchParams.get('rule')!, url.searchParams.get('rule') === 'C1' ? 'done' : 'due'),
        );
      return json({ items: [contact], nextCursor: null });
    });
    renderPage('/contact-history', ContactHistoryPage, '/contact-history', { user: zhengLei });

    expect(await screen.findByText('电话了解本月用工情况')).toBeTruthy();
    expect(await screen.findByText('已完成')).toBeTruthy();
    expect(await screen.findByText('待完成')).toBeTruthy();
    const duties = requests.filter((r) => r.url.pathname === '/api/v1/duties');
    expect(duties.map((r) => r.url.searchParams.get('enterpriseId'))).toEqual([OWN, OWN]);
    const logs = requests.find((r) => r.url.pathname === '/api/v1/logs')!;
    expect(logs.url.searchParams.get('enterpriseId')).toBe(OWN);
    expect(logs.url.searchParams.get('mine')).toBeNull();
  });

  it('filters by kind', async () => {
    const { requests } = mockFetch(({ url }) =>
      url.pathname === '/api/v1/duties'
        ? json(dutyPage(url.searchParams.get('rule')!, 'due'))
        : json({ items: [], nextCursor: null }),
    );
    renderPage('/contact-history', ContactHistoryPage, '/contact-history', { user: zhengLei });
    expect(await screen.findByText('暂无联络和走访记录')).toBeTruthy();
    fireEvent.click(screen.getByText('走访'));
    await vi.waitFor(() =>
      expect(requests.some((r) => r.url.searchParams.get('kind') === 'visit')).toBe(true),
    );
  });
});

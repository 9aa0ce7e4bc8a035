import { describe, expect, it } from 'vitest';
import { tabOf, tabsFor } from '../src/app/tabs';
import { makeMe, makeTownshipCoordinator } from './fixtures';

const titles = (user: Parameters<typeof tabsFor>[0]) => tabsFor(user).map((tab) => tab.title);

describe('role-aware tab bar', () => {
  it('gives a township coordinator their records next to the enterprises', () => {
    expect(titles(makeTownshipCoordinator())).toEqual(['首页', '记录', '企业', '协调员', '我的']);
  });

  it('gives a manager supervisor the approval queue and the dashboard', () => {
    expect(titles(makeMe())).toEqual(['首页', '待审批', '看板', '企业', '我的']);
  });

  it('gives a viewer supervisor the dashboard but no approvals', () => {
    const viewer = makeMe();
    viewer.supervisorRoles = viewer.supervisorRoles.map((role) => ({ ...role, access: 'viewer' }));
    expect(titles(viewer)).toEqual(['首页', '看板', '企业', '协调员', '我的']);
  });

  it('gives an enterprise coordinator risk reporting and his contact history', () => {
    const user = makeMe({
      supervisorRoles: [],
      jurisdictions: [],
      coordinatorRoles: [
        {
          id: '00000000-0000-4000-8000-000000000009',
          kind: 'enterprise',
          kindLabel: '企业劳动关系协调员',
          jurisdictionCode: '330106109000',
          jurisdictionName: '三墩镇',
          enterpriseId: '00000000-0000-4000-8000-000000001001',
          enterpriseName: '测试企业1号有限公司',
          skillLevel: null,
        },
      ],
    });
    expect(titles(user)).toEqual(['首页', '上报', '联络', '企业', '我的']);
    expect(tabsFor(user)[2]!.key).toBe('/contact-history');
  });

  it('marks the tab a nested page belongs to', () => {
    const tabs = tabsFor(makeTownshipCoordinator());
    expect(tabOf(tabs, '/logs/abc/correct')).toBe('/logs');
    expect(tabOf(tabs, '/enterprises/abc')).toBe('/enterprises');
    expect(tabOf(tabs, '/jurisdictions')).toBe('/');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { EnterpriseDetailPage } from '../src/features/enterprises/enterprise-detail-page';
import { makeCoordinator, makeEnterprise, uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const enterprise = makeEnterprise(1, { isKey: true, revenue: 25000, contactMobile: '13912345678' });

describe('enterprise detail', () => {
  it('shows every field in Chinese and the enterprise coordinators', async () => {
    const { requests } = mockFetch(({ url }) =>
      url.pathname === '/api/v1/coordinators'
        ? json({ items: [makeCoordinator(1)], nextCursor: null })
        : json(enterprise),
    );
    renderPage('/enterprises/:id', EnterpriseDetailPage, `/enterprises/${enterprise.id}`);

    expect(await screen.findByText('测试企业1号有限公司')).toBeTruthy();
    const rows = within(document.querySelector('dl') as HTMLElement);
    const value = (label: string) => rows.getByText(label).nextElementSibling?.textContent;
    expect(value('行业')).toBe('工业');
    expect(value('规模')).toBe('中型（企业申报）');
    expect(value('从业人员')).toBe('320 人');
    expect(value('营业收入(万元)')).toBe('25,000');
    expect(value('资产总额(万元)')).toBe('1,800.5');
    expect(value('联系人')).toBe('陈静');
    expect(value('手机')).toBe('139****5678');
    expect(value('地址')).toBe('杭州市西湖区三墩镇振华路 1 号');
    expect(value('重点企业')).toBe('是');
    expect(value('状态')).toBe('正常');

    const coordinator = (await screen.findByText('协调员1')).closest('.adm-list-item');
    expect(coordinator).toBeTruthy();
    const scoped = within(coordinator as HTMLElement);
    expect(scoped.getByText('企业劳动关系协调员')).toBeTruthy();
    expect(scoped.getByText('三级/高级工')).toBeTruthy();
    expect(scoped.getByText('手机 137****0000')).toBeTruthy();

    const list = requests.find((r) => r.url.pathname === '/api/v1/coordinators');
    expect(list?.url.searchParams.get('enterpriseId')).toBe(enterprise.id);
  });

  it('shows the server message for an enterprise outside the scope', async () => {
    mockFetch(() => json({ code: 'not_found', message: '未找到该记录' }, 404));
    renderPage('/enterprises/:id', EnterpriseDetailPage, `/enterprises/${uuid(9)}`);

    expect(await screen.findByText('未找到该记录')).toBeTruthy();
  });
});

import '../src/app/antd-react19';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CoordinatorListPage } from '../src/features/coordinators/coordinator-list-page';
import { makeCoordinator } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const editable = makeCoordinator(1, {
  canEditQualification: true,
  skillLevel: 'level4',
  certificateNo: 'S0001',
  certificateDate: '2024-05-01',
});
const readOnly = makeCoordinator(2);

function serve(patch: (body: unknown) => Response) {
  return mockFetch((request) => {
    if (request.method === 'PATCH') return patch(request.body);
    return json({ items: [editable, readOnly], nextCursor: null });
  });
}

describe('协调员: skill level and certificate (seed §二(三) 信息库)', () => {
  it('offers 修改等级/证书 only on posts the supervisor manages and sends only what changed', async () => {
    const { requests } = serve(() => json({ ...editable, skillLevel: 'level3' }));
    renderPage('/coordinators', CoordinatorListPage, '/coordinators');
    expect(await screen.findByText('证书 S0001（2024-05-01）')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^修改等级\/证书：/ })).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: '修改等级/证书：协调员1' }));
    const form = (await screen.findByText('协调员1 · 技能等级与证书')).closest('.form-page') as HTMLElement;
    fireEvent.click(within(form).getByText('三级/高级工'));
    fireEvent.click(within(form).getByRole('button', { name: '保存' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const sent = requests.find((r) => r.method === 'PATCH')!;
    expect(sent.url.pathname).toBe(`/api/v1/coordinators/${editable.roleId}`);
    expect(sent.body).toEqual({ skillLevel: 'level3' });
  });

  it('clearing the certificate sends nulls; the server’s Chinese refusal is shown and the form stays', async () => {
    const { requests } = serve(() =>
      json(
        { code: 'coordinator_edit_forbidden', message: '只有管理该地区的人力社保局管理人员可以修改' },
        403,
      ),
    );
    renderPage('/coordinators', CoordinatorListPage, '/coordinators');
    fireEvent.click(await screen.findByRole('button', { name: '修改等级/证书：协调员1' }));
    const form = (await screen.findByText('协调员1 · 技能等级与证书')).closest('.form-page') as HTMLElement;
    fireEvent.change(within(form).getByLabelText('证书编号'), { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('发证日期'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: '保存' }));

    expect(await within(form).findByRole('alert')).toHaveProperty(
      'textContent',
      '只有管理该地区的人力社保局管理人员可以修改',
    );
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({
      certificateNo: null,
      certificateDate: null,
    });
  });

  it('says so in Chinese when nothing changed, without asking the server', async () => {
    const { requests } = serve(() => json(editable));
    renderPage('/coordinators', CoordinatorListPage, '/coordinators');
    fireEvent.click(await screen.findByRole('button', { name: '修改等级/证书：协调员1' }));
    const form = (await screen.findByText('协调员1 · 技能等级与证书')).closest('.form-page') as HTMLElement;
    fireEvent.click(within(form).getByRole('button', { name: '保存' }));
    expect(await within(form).findByText('没有需要修改的内容')).toBeTruthy();
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });
});

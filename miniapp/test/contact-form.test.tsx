import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ContactFormPage } from '../src/features/contact-log/contact-form-page';
import { getOutbox, startOutboxSync } from '../src/lib/outbox-runtime';
import { resetSessionCache, saveSession } from '../src/lib/session-store';
import { makeCoordinator, makeEnterprise, makeSession, makeTownshipCoordinator } from './fixtures';
import { json, mockFetch, type SeenRequest } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const enterprise = makeEnterprise(1);

/** The registry answers; writes fail as if there were no signal. */
function server(onWrite: (request: SeenRequest) => Response) {
  return mockFetch((request) => {
    if (request.method !== 'GET') return onWrite(request);
    if (request.url.pathname === '/api/v1/coordinators')
      return json({ items: [makeCoordinator(1, { name: '陈静' })], nextCursor: null });
    return json(enterprise);
  });
}

function renderForm() {
  return renderPage('/enterprises/:id/contact', ContactFormPage, `/enterprises/${enterprise.id}/contact`, {
    user,
    routes: [{ path: '/enterprises/:id', Component: () => <p>企业详情页</p> }],
  });
}

beforeEach(async () => {
  localStorage.clear();
  resetSessionCache();
  saveSession(makeSession('coordinator-token', user));
  await getOutbox().clear();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('contact form', () => {
  it('saves into the outbox at once when offline and says it is waiting to sync', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { requests } = server(() => {
      throw new TypeError('Failed to fetch');
    });
    renderForm();

    expect(await screen.findByText('测试企业1号有限公司')).toBeTruthy();
    await userEvent.click(screen.getByText('钉钉'));
    await userEvent.click(await screen.findByText('陈静'));
    await userEvent.click(screen.getByText('宣传劳动保障法律法规政策'));
    await userEvent.click(screen.getByText('矛盾纠纷排查和协商调解'));
    await userEvent.type(screen.getByLabelText('情况记录'), '了解本月用工情况');
    await userEvent.click(screen.getByText('拖欠工资'));
    await userEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('企业详情页')).toBeTruthy();
    expect(await screen.findByText('已保存，待同步')).toBeTruthy();
    const [item] = await getOutbox().itemsOf(user.id);
    expect(item).toMatchObject({
      kind: 'contact',
      status: 'pending',
      enterpriseId: enterprise.id,
      enterpriseName: '测试企业1号有限公司',
      body: {
        enterpriseId: enterprise.id,
        channel: 'dingtalk',
        contactedUserId: makeCoordinator(1).userId,
        duties: ['law_publicity', 'dispute_mediation'],
        notes: '了解本月用工情况',
        riskFlags: ['wage_arrears'],
      },
    });
    expect((item?.body as { clientId: string }).clientId).toBe(item?.clientId);
    expect(item?.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse((item?.body as { occurredAt: string }).occurredAt)).toBeLessThanOrEqual(Date.now());
    // Saving never waited for the network.
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('asks for at least one duty and stores nothing until then', async () => {
    server(() => json({}, 500));
    renderForm();
    await screen.findByText('测试企业1号有限公司');

    await userEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('请至少选择一项工作内容')).toBeTruthy();
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);
  });

  it('is sent by the sync loop with its clientId; a refusal keeps it with the server message', async () => {
    const { requests } = server((request) =>
      request.url.pathname === '/api/v1/contacts'
        ? json({ code: 'not_found', message: '未找到该记录' }, 404)
        : json({}, 404),
    );
    renderForm();
    await screen.findByText('测试企业1号有限公司');
    await userEvent.click(screen.getByText('宣传劳动保障法律法规政策'));
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('企业详情页');

    const stop = startOutboxSync(user.id, () => undefined);
    try {
      await waitFor(async () => {
        const [item] = await getOutbox().itemsOf(user.id);
        expect(item?.status).toBe('failed');
      });
      const [item] = await getOutbox().itemsOf(user.id);
      expect(item?.error?.message).toBe('未找到该记录');
      const sent = requests.filter((r) => r.url.pathname === '/api/v1/contacts');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.headers.get('authorization')).toBe('Bearer coordinator-token');
      expect((sent[0]?.body as { clientId: string }).clientId).toBe(item?.clientId);
    } finally {
      stop();
    }
  });
});

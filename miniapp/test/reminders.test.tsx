import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEventBase from '@testing-library/user-event';
import type { Reminder } from '@coordnet/shared/api/reminders';
import type { WorkGroup } from '@coordnet/shared/api/work-groups';
import { RemindersPage } from '../src/features/reminders/reminders-page';
import { WorkGroupFormPage } from '../src/features/work-groups/work-group-form-page';
import { WorkGroupsPage } from '../src/features/work-groups/work-groups-page';
import { makeTownshipCoordinator, uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const userEvent = userEventBase.setup({ pointerEventsCheck: 0 });

function reminder(n: number, overrides: Partial<Reminder> = {}): Reminder {
  return {
    id: String(n),
    channel: 'robot',
    rule: 'due',
    ruleLabel: '待完成提醒',
    period: '2026-11',
    jurisdictionCode: '330106109000',
    jurisdictionName: '三墩镇',
    group: { id: uuid(50), name: '三墩镇劳动关系协调员工作群' },
    recipient: null,
    title: '三墩镇待完成的联络和走访',
    text: '#### 三墩镇待完成的联络和走访\n\n**每月联络(C1)** 2026年11月：还剩 5 天，待联络 **3** 家\n1. 杭州甲有限公司（联络）\n\n[查看名单](https://coordnet.example.cn/dashboard?rule=C1)',
    part: 1,
    parts: 1,
    status: 'sent',
    statusLabel: '已发送',
    errcode: 0,
    errmsg: null,
    attempts: 1,
    createdAt: '2026-11-20T01:00:00.000Z',
    sentAt: '2026-11-20T01:00:05.000Z',
    nextAttemptAt: null,
    estimatedCalendar: false,
    ...overrides,
  };
}

function group(n: number, overrides: Partial<WorkGroup> = {}): WorkGroup {
  return {
    id: uuid(50 + n),
    jurisdictionCode: '330106109000',
    jurisdictionName: '三墩镇',
    jurisdictionLevel: 'township',
    name: `工作群${n}`,
    delivery: 'webhook',
    openConversationId: null,
    keyword: null,
    hasSecret: true,
    active: true,
    status: 'ok',
    statusLabel: '正常',
    lastDeliveryAt: '2026-11-20T01:00:05.000Z',
    lastErrcode: 0,
    lastErrmsg: null,
    createdAt: '2026-11-01T01:00:00.000Z',
    updatedAt: '2026-11-01T01:00:00.000Z',
    ...overrides,
  };
}

beforeEach(() => {
  Element.prototype.setPointerCapture ??= () => undefined;
  Element.prototype.releasePointerCapture ??= () => undefined;
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('提醒记录', () => {
  it('shows each message as the group sees it, with its status and what DingTalk answered', async () => {
    const failed = reminder(2, {
      status: 'blocked',
      statusLabel: '已暂停(工作群配置异常)',
      errcode: 310000,
      errmsg: 'sign not match',
      sentAt: null,
    });
    const { requests } = mockFetch(({ url }) => {
      if (url.pathname === '/api/v1/reminders')
        return json({
          items: url.searchParams.get('status') === 'blocked' ? [failed] : [reminder(1), failed],
          nextCursor: null,
        });
      return json({ code: 'route_not_found', message: '接口不存在' }, 404);
    });
    renderPage('/reminders', RemindersPage, '/reminders', { user: makeTownshipCoordinator() });

    expect(await screen.findByText(/发送结果：钉钉已接收/)).toBeTruthy();
    expect(screen.getAllByText('已发送')).toHaveLength(2); // the filter and the message's tag
    expect(screen.getByText(/发送结果：安全校验未通过/)).toBeTruthy();
    // Markdown is rendered, not shown raw.
    expect(screen.getAllByRole('heading', { name: '三墩镇待完成的联络和走访' }).length).toBe(2);
    expect(screen.queryByText(/####/)).toBeNull();
    expect(screen.getAllByRole('link', { name: '查看名单' })[0]!.getAttribute('href')).toContain(
      '/dashboard',
    );

    await userEvent.click(screen.getByText('已暂停'));
    await waitFor(() =>
      expect(requests.some((r) => r.url.searchParams.get('status') === 'blocked')).toBe(true),
    );
    await waitFor(() => expect(screen.getAllByText('已发送')).toHaveLength(1));
  });
});

describe('工作群', () => {
  it('flags a misconfigured group and sends a test message, showing the errcode', async () => {
    const broken = group(2, {
      status: 'misconfigured',
      statusLabel: '配置异常(已暂停发送)',
      lastErrcode: 400102,
      lastErrmsg: 'robot disabled',
    });
    const { requests } = mockFetch(({ method, url }) => {
      if (method === 'GET' && url.pathname === '/api/v1/work-groups')
        return json({ items: [group(1), broken] });
      if (method === 'POST' && url.pathname === `/api/v1/work-groups/${broken.id}/test`)
        return json({
          ok: false,
          errcode: 400102,
          errmsg: 'robot disabled',
          message: '该机器人已停用、已被移除或群已解散：请在钉钉群中重新添加机器人并更新机器人地址。',
          group: broken,
        });
      return json({ code: 'route_not_found', message: '接口不存在' }, 404);
    });
    renderPage('/work-groups', WorkGroupsPage, '/work-groups');

    expect(await screen.findByText(/1 个工作群配置异常/)).toBeTruthy();
    const card = within((await screen.findByText('工作群2')).closest('.work-group-card') as HTMLElement);
    expect(card.getByText('配置异常(已暂停发送)')).toBeTruthy();
    expect(card.getByText(/最近一次发送失败：机器人已停用/)).toBeTruthy();
    await userEvent.click(card.getByRole('button', { name: '发送测试消息' }));
    expect(await card.findByText(/测试结果：该机器人已停用/)).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/test'))).toBe(true);
  });

  it('edits a group without ever showing its token or secret; blank fields keep them', async () => {
    const existing = group(1, { keyword: '协调员' });
    const { requests } = mockFetch(({ method, url }) => {
      if (method === 'GET' && url.pathname === '/api/v1/work-groups') return json({ items: [existing] });
      if (method === 'PATCH') return json({ ...existing, name: '三墩镇工作群' });
      return json({ code: 'route_not_found', message: '接口不存在' }, 404);
    });
    renderPage('/work-groups/:id/edit', WorkGroupFormPage, `/work-groups/${existing.id}/edit`, {
      routes: [{ path: '/work-groups', Component: () => <p>列表</p> }],
    });
    const token = await screen.findByLabelText('群机器人地址');
    expect(token.getAttribute('type')).toBe('password');
    expect((token as HTMLInputElement).value).toBe('');
    expect(screen.getByText(/已设置（出于安全不显示）/)).toBeTruthy();
    const name = screen.getByLabelText(/工作群名称/);
    await userEvent.clear(name);
    await userEvent.type(name, '三墩镇工作群');
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('列表');
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ name: '三墩镇工作群' });
  });
});

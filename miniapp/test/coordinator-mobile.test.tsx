import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { AppProviders } from '../src/app/providers';
import { CoordinatorMobile } from '../src/lib/ui/coordinator-mobile';
import { makeCoordinator } from './fixtures';
import { json, mockFetch } from './http';
import { testQueryClient } from './render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const show = (canRevealMobile: boolean) =>
  render(
    <AppProviders queryClient={testQueryClient()}>
      <CoordinatorMobile coordinator={makeCoordinator(1, { canRevealMobile })} />
    </AppProviders>,
  );

describe('tap-to-call (mobiles masked until tapped, docs/domain.md §6)', () => {
  it('shows the masked number and asks the server for the whole one only when tapped, then offers a call', async () => {
    const { requests } = mockFetch(() =>
      json({
        roleId: makeCoordinator(1).roleId,
        userId: makeCoordinator(1).userId,
        name: '协调员1',
        mobile: '13712340000',
      }),
    );
    show(true);
    expect(screen.getByText('手机 137****0000')).toBeTruthy();
    expect(requests).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: '查看 协调员1 的完整手机号' }));

    const call = await screen.findByRole('link', { name: '拨打 协调员1 的手机 13712340000' });
    expect(call.getAttribute('href')).toBe('tel:13712340000');
    expect(screen.getByText('手机 13712340000')).toBeTruthy();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.url.pathname).toBe(`/api/v1/coordinators/${makeCoordinator(1).roleId}/reveal-mobile`);
  });

  it('outside DingTalk, 拨打 opens the dialer with a tel: link', async () => {
    mockFetch(() =>
      json({
        roleId: makeCoordinator(1).roleId,
        userId: makeCoordinator(1).userId,
        name: '协调员1',
        mobile: '13712340000',
      }),
    );
    const opened: string[] = [];
    const { callPhone } = await import('../src/lib/dingtalk');
    await callPhone('137 1234 0000', (href) => opened.push(href));
    expect(opened).toEqual(['tel:13712340000']);
  });

  it('offers nothing to those who may not see the number', () => {
    const { requests } = mockFetch(() => json({}));
    show(false);
    expect(screen.getByText('手机 137****0000')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it('keeps the number masked and says why when the server refuses', async () => {
    mockFetch(() =>
      json({ code: 'mobile_reveal_forbidden', message: '只有负责该区域的协调员可以查看完整手机号' }, 403),
    );
    show(true);
    fireEvent.click(screen.getByRole('button', { name: '查看 协调员1 的完整手机号' }));
    expect(await screen.findByText('只有负责该区域的协调员可以查看完整手机号')).toBeTruthy();
    expect(screen.getByText('手机 137****0000')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });
});

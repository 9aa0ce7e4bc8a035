import '../src/app/antd-react19';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { BackupWarning } from '../src/features/home/backup-warning';
import { json, mockFetch } from './http';
import { renderPage } from './render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function status(body: { lastGoodAt: string | null; stale: boolean }) {
  return mockFetch(({ url }) =>
    url.pathname === '/api/v1/backups/status'
      ? json({ ...body, scheduled: true })
      : json({ code: 'route_not_found', message: '接口不存在' }, 404),
  );
}

describe('the province managers’ home page warns of an old backup', () => {
  it('says when the last good backup was, once it is over two days old', async () => {
    status({ lastGoodAt: '2026-11-10T19:10:00Z', stale: true });
    renderPage('/', BackupWarning, '/');
    expect((await screen.findByRole('alert')).textContent).toMatch(/数据备份已超过两天未成功（上次成功：/);
  });

  it('says nothing while backups are recent', async () => {
    const { requests } = status({ lastGoodAt: '2026-11-16T19:10:00Z', stale: false });
    renderPage('/', BackupWarning, '/');
    await vi.waitFor(() => expect(requests.length).toBe(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

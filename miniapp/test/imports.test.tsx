import '../src/app/antd-react19';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEventBase from '@testing-library/user-event';
import type { Import } from '@coordnet/shared/api/imports';
import { ImportsPage } from '../src/features/imports/imports-page';
import { importProgress } from '../src/features/imports/import-progress';
import { makeTownshipCoordinator, uuid } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const userEvent = userEventBase.setup({ pointerEventsCheck: 0 });

function anImport(overrides: Partial<Import> = {}): Import {
  return {
    id: uuid(70),
    kind: 'enterprises',
    fileName: '企业.csv',
    state: 'queued',
    bytesTotal: 1_000_000,
    bytesDone: 0,
    rowsDone: 0,
    rowsCommitted: 0,
    inserts: 0,
    updates: 0,
    unchanged: 0,
    errorCount: 0,
    errors: [],
    message: null,
    createdAt: '2026-11-20T01:00:00.000Z',
    validatedAt: null,
    committedAt: null,
    ...overrides,
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('import progress', () => {
  it('follows the bytes read while validating, never claiming 100% before the checks are done', () => {
    expect(importProgress(anImport({ state: 'queued' }))).toMatchObject({ percent: 0, running: true });
    expect(importProgress(anImport({ state: 'validating', bytesDone: 456_000, rowsDone: 3_021 }))).toEqual({
      percent: 45,
      text: '正在校验：已读取 3,021 行（45%）',
      tone: 'active',
      running: true,
    });
    expect(importProgress(anImport({ state: 'validating', bytesDone: 1_000_000 })).percent).toBe(99);
    expect(importProgress(anImport({ state: 'validating', bytesTotal: 0 })).percent).toBe(0);
  });

  it('ends green with the counts, or red with the reason', () => {
    expect(
      importProgress(anImport({ state: 'committed', inserts: 120_000, updates: 3, unchanged: 7 })),
    ).toMatchObject({
      percent: 100,
      tone: 'success',
      running: false,
      text: '导入完成：新增 120,000，更新 3，未变 7',
    });
    expect(
      importProgress(
        anImport({ state: 'invalid', errorCount: 2, message: '发现 2 处错误，未写入任何数据。' }),
      ),
    ).toMatchObject({ tone: 'error', running: false, text: '发现 2 处错误，未写入任何数据。' });
    expect(importProgress(anImport({ state: 'committing', inserts: 10, updates: 2 }))).toMatchObject({
      running: true,
      text: '正在写入 12 行，全部成功或全部不写入…',
    });
  });

  it('a dry run never committed ends expired with the server’s reason, and polling stops', () => {
    expect(
      importProgress(anImport({ state: 'expired', message: '校验通过后超过 24 小时未确认导入，已过期' })),
    ).toMatchObject({ tone: 'error', running: false, text: '校验通过后超过 24 小时未确认导入，已过期' });
    expect(importProgress(anImport({ state: 'expired', message: null })).text).toMatch(/已过期/);
  });
});

describe('批量导入 screen', () => {
  it('uploads, shows the progress bar moving to the dry-run summary, and commits after confirmation', async () => {
    // The server's answers to GET /imports/:id, in order; the last one repeats.
    const states: Import[] = [
      anImport({ state: 'validating', bytesDone: 500_000, rowsDone: 5_000 }),
      anImport({ state: 'validated', bytesDone: 1_000_000, rowsDone: 9_000, inserts: 8_990, updates: 10 }),
    ];
    let committed = false;
    const { requests } = mockFetch((request) => {
      const path = request.url.pathname;
      if (path === '/api/v1/imports' && request.method === 'POST') return json(anImport(), 202);
      if (path === '/api/v1/imports') return json({ items: [] });
      if (path.endsWith('/commit')) {
        committed = true;
        return json(anImport({ state: 'committing', inserts: 8_990, updates: 10 }), 202);
      }
      if (committed)
        return json(anImport({ state: 'committed', rowsDone: 9_000, inserts: 8_990, updates: 10 }));
      return json(states.length > 1 ? states.shift() : states[0]);
    });
    renderPage('/imports', ImportsPage, '/imports');

    const file = new File(['统一社会信用代码,企业名称,所属区划代码\n'], '企业.csv', { type: 'text/csv' });
    await userEvent.upload(await screen.findByLabelText('选择导入文件'), file);
    await userEvent.click(screen.getByRole('button', { name: '上传并校验' }));

    const bar = await screen.findByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'));
    expect(screen.getByText('正在校验：已读取 5,000 行（50%）')).toBeTruthy();
    await screen.findByText('校验通过：共 9,000 行，确认后写入', undefined, { timeout: 3_000 });
    const counts = screen.getByLabelText('校验结果');
    expect(within(counts).getByText('8,990').parentElement!.textContent).toBe('8,990新增');

    await userEvent.click(screen.getByRole('button', { name: '确认导入' }));
    expect(await screen.findByText(/将新增 8,990 条、更新 10 条/)).toBeTruthy();
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '确认导入' }));
    await screen.findByText('导入完成：新增 8,990，更新 10，未变 0', undefined, { timeout: 3_000 });
    expect(requests.filter((r) => r.url.pathname.endsWith('/commit'))).toHaveLength(1);
    expect(
      requests.find((r) => r.method === 'POST' && r.url.pathname === '/api/v1/imports')?.url.search,
    ).toBe('?kind=enterprises');
  });

  it('a commit refused because the dry run expired says so and shows the import as expired', async () => {
    let expired = false;
    mockFetch((request) => {
      const path = request.url.pathname;
      if (path === '/api/v1/imports') return json({ items: [] });
      if (path.endsWith('/commit')) {
        expired = true;
        return json({ code: 'import_expired', message: '该导入的校验结果已过期，请重新上传文件' }, 409);
      }
      return json(
        expired
          ? anImport({
              state: 'expired',
              rowsDone: 9,
              inserts: 9,
              message: '校验通过后超过 24 小时未确认导入，已过期',
            })
          : anImport({ state: 'validated', rowsDone: 9, inserts: 9 }),
      );
    });
    renderPage('/imports', ImportsPage, `/imports?id=${uuid(70)}`);
    const card = (await screen.findByText('校验通过：共 9 行，确认后写入')).closest<HTMLElement>(
      '.import-card',
    )!;
    await userEvent.click(within(card).getByRole('button', { name: '确认导入' }));
    // The previous test's dialog may still be in the document: confirm this one.
    const dialog = (await screen.findByText(/将新增 9 条/)).closest<HTMLElement>('[role="dialog"]')!;
    await userEvent.click(within(dialog).getByRole('button', { name: '确认导入' }));
    expect(
      await screen.findByText('该导入的校验结果已过期，请重新上传文件', undefined, { timeout: 3_000 }),
    ).toBeTruthy();
    await within(card).findByText('校验通过后超过 24 小时未确认导入，已过期', undefined, { timeout: 3_000 });
    expect(within(card).queryByRole('button', { name: '确认导入' })).toBeNull();
  });

  it('lists the first errors with row and column, offering the report instead of the commit', async () => {
    mockFetch((request) =>
      request.url.pathname === '/api/v1/imports'
        ? json({ items: [] })
        : json(
            anImport({
              state: 'invalid',
              errorCount: 1,
              message: '发现 1 处错误，未写入任何数据。请下载错误报告，改正后重新上传。',
              errors: [
                { row: 7, column: '联系电话', value: '0571-888', message: '应为 11 位中国大陆手机号' },
              ],
            }),
          ),
    );
    renderPage('/imports', ImportsPage, `/imports?id=${uuid(70)}`);
    const card = (await screen.findByText('第 7 行')).closest<HTMLElement>('.import-card')!;
    expect(within(card).getByText('联系电话：应为 11 位中国大陆手机号')).toBeTruthy();
    expect(within(card).getByRole('button', { name: '下载错误报告' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: '确认导入' })).toBeNull();
  });

  it('tells coordinators the screen is for managers', async () => {
    mockFetch(() => json({ items: [] }));
    renderPage('/imports', ImportsPage, '/imports', { user: makeTownshipCoordinator() });
    expect(await screen.findByText('只有县(市、区)及以上人力社保局管理人员可以批量导入')).toBeTruthy();
  });
});

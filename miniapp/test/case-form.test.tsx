import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { CaseFormPage } from '../src/features/cases/case-form-page';
import { makeTownshipCoordinator, uuid } from './fixtures';
import { json, mockFetch, type SeenRequest } from './http';
import { renderPage } from './render';

/** jsdom decodes no images: each fails to load, so the photo goes as it is (as a HEIC would). */
class UndecodableImage {
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  set src(_url: string) {
    queueMicrotask(() => this.onerror?.());
  }
}

beforeEach(() => {
  vi.stubGlobal('Image', UndecodableImage);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const upload = (n: number) => ({
  id: uuid(7000 + n),
  contentType: 'image/jpeg',
  sizeBytes: 1234,
  createdAt: '2026-11-16T02:00:00.000Z',
  url: `/api/v1/uploads/${uuid(7000 + n)}`,
});
const created = {
  id: uuid(8000),
  title: '三墩镇某企业欠薪纠纷调处',
  duty: 'dispute_mediation',
  dutyLabel: '矛盾纠纷排查和协商调解',
  excerpt: '…',
  authorName: '刘芳',
  jurisdictionCode: '330106109000',
  jurisdictionName: '三墩镇',
  visibility: 'jurisdiction',
  visibilityLabel: '本辖区',
  status: 'published',
  attachments: [],
  createdAt: '2026-11-16T02:00:00.000Z',
  body: '…',
  hiddenReason: null,
  moderatable: false,
};

const jpeg = (name: string) =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], name, { type: 'image/jpeg' });

function fillCase() {
  fireEvent.change(screen.getByRole('textbox', { name: '标题' }), {
    target: { value: '三墩镇某企业欠薪纠纷调处' },
  });
  fireEvent.click(screen.getByText('矛盾纠纷排查和协商调解'));
  fireEvent.change(document.querySelector('textarea:not([readonly])')!, {
    target: { value: '某企业拖欠 36 名员工两个月工资，镇协调员联合工会约谈企业，协商分期支付并全部兑付。' },
  });
}

const render = () =>
  renderPage('/cases/new', CaseFormPage, '/cases/new', {
    user: makeTownshipCoordinator(),
    routes: [{ path: '/cases/:id', Component: () => <p>案例详情页</p> }],
  });

describe('分享案例: 附图 (协调员之家, seed §二(三))', () => {
  it('uploads picked images right away through POST /uploads and shares the case with their ids', async () => {
    let n = 0;
    const { requests } = mockFetch((request: SeenRequest) => {
      if (request.url.pathname === '/api/v1/uploads') return json(upload(++n), 201);
      return json(created, 201);
    });
    render();
    fillCase();
    fireEvent.change(screen.getByLabelText('从相册选择附图'), {
      target: { files: [jpeg('a.jpg'), jpeg('b.jpg')] },
    });
    await waitFor(() => expect(requests.filter((r) => r.url.pathname === '/api/v1/uploads')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByText('上传中')).toBeNull());
    expect(screen.getByText('已选 2/9 张（选填）')).toBeTruthy();
    const clientIds = requests
      .filter((r) => r.url.pathname === '/api/v1/uploads')
      .map((r) => r.url.searchParams.get('clientId'));
    expect(new Set(clientIds).size).toBe(2);

    fireEvent.click(screen.getByRole('button', { name: '分享' }));
    expect(await screen.findByText('案例详情页')).toBeTruthy();
    const share = requests.find((r) => r.url.pathname === '/api/v1/cases')!;
    expect(share.method).toBe('POST');
    expect(share.body).toMatchObject({ attachmentIds: [uuid(7001), uuid(7002)], visibility: 'jurisdiction' });
  });

  it('a failed upload shows 重试 and blocks sharing; the retry sends the same clientId; a removed image is not sent', async () => {
    let fail = true;
    const { requests } = mockFetch((request: SeenRequest) => {
      if (request.url.pathname === '/api/v1/uploads') {
        if (fail)
          return json(
            { code: 'upload_type_invalid', message: '只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片' },
            415,
          );
        return json(upload(1), 201);
      }
      return json(created, 201);
    });
    render();
    fillCase();
    fireEvent.change(screen.getByLabelText('拍摄附图'), { target: { files: [jpeg('c.jpg')] } });
    // The picked image is prepared before it is sent; on a busy machine that takes more than findBy's 1 s.
    const retry = await screen.findByRole(
      'button',
      { name: /第 1 张附图上传失败：只能上传 JPEG.*点按重试/ },
      { timeout: 10_000 },
    );

    fireEvent.click(screen.getByRole('button', { name: '分享' }));
    expect(await screen.findByText('有附图上传失败，请点按“重试”或删除后再分享')).toBeTruthy();
    expect(requests.some((r) => r.url.pathname === '/api/v1/cases')).toBe(false);

    fail = false;
    fireEvent.click(retry);
    await waitFor(() => expect(screen.queryByRole('button', { name: /点按重试/ })).toBeNull());
    const sent = requests.filter((r) => r.url.pathname === '/api/v1/uploads');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.url.searchParams.get('clientId')).toBe(sent[0]!.url.searchParams.get('clientId'));

    fireEvent.click(screen.getByRole('button', { name: '删除第 1 张附图' }));
    fireEvent.click(screen.getByRole('button', { name: '分享' }));
    await screen.findByText('案例详情页');
    expect(requests.find((r) => r.url.pathname === '/api/v1/cases')!.body).toMatchObject({
      attachmentIds: [],
    });
  });
});

import 'fake-indexeddb/auto';
import '../src/app/antd-react19';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MAX_UPLOAD_BYTES } from '@coordnet/shared/domain/photos';
import { VisitCorrectionPage } from '../src/features/visit-log/visit-correction-page';
import { preparePhoto } from '../src/lib/photo';
import { getOutbox } from '../src/lib/outbox-runtime';
import { makeTownshipCoordinator, makeVisitLog } from './fixtures';
import { json, mockFetch } from './http';
import { renderPage } from './render';

const user = makeTownshipCoordinator();
const rejected = makeVisitLog(1, {
  status: 'rejected',
  statusLabel: '已退回',
  author: { userId: user.id, name: user.name },
  duties: ['law_publicity'],
});

/** jsdom decodes no images: each fails to load, so a photo goes as it is (as a HEIC would). */
class UndecodableImage {
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  set src(_url: string) {
    queueMicrotask(() => this.onerror?.());
  }
}

const HEIC_HEAD = [0, 0, 0, 24, ...[...'ftypheic'].map((c) => c.charCodeAt(0))];
function heic(size: number, name = 'IMG_0001.HEIC') {
  const bytes = new Uint8Array(size);
  bytes.set(HEIC_HEAD);
  return new File([bytes], name, { type: 'image/heic' });
}
const pdf = () =>
  new File([new TextEncoder().encode('%PDF-1.7 not a photo')], '通知.pdf', { type: 'application/pdf' });

beforeEach(async () => {
  localStorage.clear();
  await getOutbox().clear();
  vi.stubGlobal('Image', UndecodableImage);
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  mockFetch(({ url }) =>
    url.pathname === `/api/v1/logs/${rejected.id}`
      ? json({ ...rejected, history: [] })
      : url.pathname.startsWith('/api/v1/uploads/')
        ? new Response('jpeg')
        : json({ code: 'not_found', message: '未找到该记录' }, 404),
  );
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('photos the upload route would refuse are refused on the phone', () => {
  it('takes the server’s size limit and types (by the first bytes) from shared/', async () => {
    await expect(preparePhoto(heic(MAX_UPLOAD_BYTES + 1))).rejects.toThrow('图片不能超过 10 MB');
    await expect(preparePhoto(pdf(), '通知.pdf')).rejects.toThrow(
      '只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片',
    );
    // A PDF that calls itself a JPEG is still a PDF.
    await expect(
      preparePhoto(new File(['%PDF-1.7'], 'a.jpg', { type: 'image/jpeg' }), 'a.jpg'),
    ).rejects.toThrow('只能上传');
    const ok = await preparePhoto(heic(2048), 'IMG_0002.HEIC');
    expect(ok).toMatchObject({ type: 'image/heic', name: 'IMG_0002.HEIC' });
  });

  it('says so under 现场照片 at once, keeps the good photos of the batch, and queues nothing', async () => {
    renderPage('/logs/:id/correct', VisitCorrectionPage, `/logs/${rejected.id}/correct`, { user });
    const album = await screen.findByLabelText('从相册选择照片');

    fireEvent.change(album, { target: { files: [heic(MAX_UPLOAD_BYTES + 1), heic(4096, 'IMG_0003.HEIC')] } });
    expect(await screen.findByText('照片未添加。第 1 张：图片不能超过 10 MB')).toBeTruthy();
    // The fixture's one photo and the small HEIC: the oversize one never reaches the form.
    await waitFor(() => expect(screen.getByText('已选 2/9 张，至少 1 张')).toBeTruthy());
    expect(await getOutbox().itemsOf(user.id)).toEqual([]);

    fireEvent.change(album, { target: { files: [pdf()] } });
    expect(await screen.findByText('照片未添加。只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片')).toBeTruthy();

    // Removing a photo answers the message; the correction queues with the photos that passed.
    await userEvent.click(screen.getByRole('button', { name: '删除第 1 张照片' }));
    await waitFor(() => expect(screen.queryByText(/照片未添加/)).toBeNull());
    await userEvent.click(screen.getByRole('button', { name: '重新提交' }));
    await waitFor(async () => expect(await getOutbox().itemsOf(user.id)).toHaveLength(1));
    const [item] = await getOutbox().itemsOf(user.id);
    expect(item?.photos).toHaveLength(1);
  });
});

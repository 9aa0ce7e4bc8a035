import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '@coordnet/shared/api/stats';
import { createLocalStorage } from '../../src/lib/storage';
import { IMAGES } from '../helpers/duty-fixtures';
import { binary, listenTestApp, type ListeningApp } from './listen';

/** Files in and out through a real socket: multipart streamed from disk, ledgers streamed back. */
let t: ListeningApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'coordnet-socket-transfer-'));
  t = await listenTestApp({ storage: createLocalStorage(path.join(dir, 'uploads')) });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

function fileOf(name: string, parts: Buffer[]) {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe('multipart uploads streamed from disk', () => {
  it('a visit photo of 8 MB (eight times the JSON body limit) arrives whole and is stored re-encoded, as downloaded', async () => {
    const file = fileOf('photo.jpg', [IMAGES.jpeg, Buffer.alloc(8 * 1024 * 1024, 7)]);
    const token = await t.bearer('刘芳');
    const res = await request(t.url)
      .post('/api/v1/uploads')
      .set('authorization', token)
      .attach('file', createReadStream(file), { filename: '走访照片.jpg', contentType: 'image/jpeg' });
    // 201, not 413: all 8 MB were read; what is kept is the decoded image re-encoded (issue 16),
    // so the 8 MB appended to the JPEG is gone.
    expect(res.status, res.text).toBe(201);
    expect(res.body.contentType).toBe('image/jpeg');
    expect(res.body.sizeBytes).toBeLessThan(statSync(file).size / 1000);
    const back = await request(t.url)
      .get(res.body.url)
      .set('authorization', token)
      .buffer(true)
      .parse(binary);
    expect(back.status).toBe(200);
    const bytes = back.body as Buffer;
    expect(bytes.length).toBe(res.body.sizeBytes);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('a photo over 10 MB gets its 413 answer while the client is still sending, and the server stays up', async () => {
    const file = fileOf('big.jpg', [IMAGES.jpeg, Buffer.alloc(12 * 1024 * 1024, 7)]);
    const res = await request(t.url)
      .post('/api/v1/uploads')
      .set('authorization', await t.bearer('刘芳'))
      .attach('file', createReadStream(file), { filename: 'big.jpg', contentType: 'image/jpeg' });
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.body).toMatchObject({ code: 'upload_too_large' });
    expect((await request(t.url).get('/readyz')).status).toBe(200);
  });

  it('an import file of 24 MB (a province-sized sheet) is stored whole, counted to the byte', async () => {
    const row = Buffer.from('某某科技有限公司,91330106MA0000000X,330106109000,制造业,50\r\n');
    const rows = Math.ceil((24 * 1024 * 1024) / row.length);
    const file = fileOf('enterprises.csv', [
      Buffer.from('不是模板的表头\r\n'),
      ...Array<Buffer>(rows).fill(row),
    ]);
    const token = await t.bearer('王海峰');
    const res = await request(t.url)
      .post('/api/v1/imports?kind=enterprises')
      .set('authorization', token)
      .attach('file', createReadStream(file), { filename: '企业名录.csv', contentType: 'text/csv' });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ fileName: '企业名录.csv', bytesTotal: statSync(file).size });
    // Let the dry run finish (it refuses the header) before the database closes.
    for (let i = 0; i < 400; i++) {
      const state = (await request(t.url).get(`/api/v1/imports/${res.body.id}`).set('authorization', token))
        .body.state;
      if (['validated', 'invalid', 'failed'].includes(state)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

describe('ledger downloads (台账) streamed to the client', () => {
  it('the enterprise ledger arrives chunked as an .xlsx with its Chinese file name, and opens', async () => {
    const res = await request(t.url)
      .get('/api/v1/exports/enterprises.xlsx')
      .set('authorization', await t.bearer('王海峰'))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''%E/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBeGreaterThan(1);
  });

  it('a download without a valid session gets a JSON refusal, not a broken file', async () => {
    const res = await request(t.url)
      .get('/api/v1/exports/enterprises.xlsx')
      .set('authorization', 'Bearer nope');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/lib/api';
import { Outbox } from '../src/lib/outbox';
import { OutboxDb } from '../src/lib/outbox-db';
import { backoffMs, leaseLock, SyncEngine } from '../src/lib/outbox-sync';
import { uuid } from './fixtures';
import { contactBody, fakeServer, networkError, photo, serverError, USER, visitBody } from './outbox-helpers';

let dbName: string;
let serial = 0;
const opened: OutboxDb[] = [];

function openOutbox(): Outbox {
  const db = new OutboxDb(dbName);
  opened.push(db);
  return new Outbox(db);
}

function engineFor(outbox: Outbox, server: ReturnType<typeof fakeServer>, clock = { now: 1_000_000 }) {
  return new SyncEngine({
    outbox,
    transport: server.transport,
    userId: USER,
    lock: leaseLock(outbox.db, crypto.randomUUID(), 30_000, () => clock.now),
    now: () => clock.now,
    random: () => 0.5,
  });
}

const owner = { userId: USER, enterpriseName: '测试企业1号有限公司' };

beforeEach(() => {
  dbName = `outbox-test-${++serial}`;
});

afterEach(() => {
  opened.splice(0).forEach((db) => db.close());
});

describe('outbox', () => {
  it('keeps items, their order and their photos across a reload (a new database instance)', async () => {
    const first = openOutbox();
    const a = await first.add(owner, { kind: 'contact', body: contactBody(uuid(1)) });
    const b = await first.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [photo(1), photo(2)]);
    const c = await first.add(owner, { kind: 'contact', body: contactBody(uuid(3)) });
    first.db.close();

    const reloaded = openOutbox();
    const items = await reloaded.itemsOf(USER);
    expect(items.map((i) => i.clientId)).toEqual([a, b, c]);
    expect(items.every((i) => i.status === 'pending')).toBe(true);
    const visit = items[1]!;
    expect(visit.photos).toHaveLength(2);
    const stored = await reloaded.photo(visit.photos[1]!.clientId);
    expect(stored && 'bytes' in stored && new Uint8Array(stored.bytes)).toEqual(
      new Uint8Array([0xff, 0xd8, 0xff, 2]),
    );
  });

  it('sends in order, photos before the visit that references their upload ids', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(1)) });
    await outbox.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [photo(1), photo(2)]);
    await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(3)) });

    const report = await engineFor(outbox, server).runOnce();

    expect(server.calls).toEqual([
      `contact:${uuid(1)}`,
      'upload:4',
      'upload:4',
      `visit:${uuid(2)}`,
      `contact:${uuid(3)}`,
    ]);
    expect(server.records.get(uuid(2))?.photos).toEqual(server.uploads.map((u) => u.id));
    expect(report.synced).toHaveLength(3);
    expect(await outbox.itemsOf(USER)).toEqual([]);
    expect(await outbox.db.photos.count()).toBe(0);
  });

  it('marks a 4xx as failed with the server message, keeps it, and goes on with the rest', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    server.script.push(
      new ApiError(403, 'not_responsible', '只有负责该企业的乡镇(街道)、工业园区劳动关系协调员可以记录联络'),
    );
    const bad = await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(1)) });
    await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(2)) });

    const report = await engineFor(outbox, server).runOnce();

    expect(report.failed.map((i) => i.clientId)).toEqual([bad]);
    const [kept] = await outbox.itemsOf(USER);
    expect(kept).toMatchObject({
      clientId: bad,
      status: 'failed',
      error: {
        code: 'not_responsible',
        message: '只有负责该企业的乡镇(街道)、工业园区劳动关系协调员可以记录联络',
      },
    });
    expect([...server.records.keys()]).toEqual([uuid(2)]);

    // A failed item is not retried on its own; corrected, it goes again under the same clientId.
    await engineFor(outbox, server).runOnce({ force: true });
    expect(server.records.has(bad)).toBe(false);
    await outbox.update(bad, { body: contactBody(bad, '已改正') });
    await engineFor(outbox, server).runOnce();
    expect(server.records.get(bad)?.body).toMatchObject({ notes: '已改正' });
    expect(await outbox.itemsOf(USER)).toEqual([]);
  });

  it('keeps network and 5xx failures pending and retries them with exponential backoff', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    const clock = { now: 1_000_000 };
    const engine = engineFor(outbox, server, clock);
    server.script.push(networkError(), serverError());
    const id = await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(1)) });
    await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(2)) });

    const first = await engine.runOnce();
    expect(first).toMatchObject({ offline: true, retryAt: clock.now + backoffMs(1, () => 0.5) });
    let [head] = await outbox.itemsOf(USER);
    expect(head).toMatchObject({ clientId: id, status: 'pending', attempts: 1 });
    expect(head?.error?.message).toBe('网络连接失败，请检查网络后重试');
    // Nothing after the head was sent: order is kept.
    expect(server.records.size).toBe(0);

    // Before the backoff ends a timer pass does nothing.
    clock.now += 1_000;
    expect((await engine.runOnce()).synced).toEqual([]);
    expect(server.calls).toHaveLength(1);

    clock.now += 1_000;
    const second = await engine.runOnce();
    expect(second).toMatchObject({ offline: false, retryAt: clock.now + 4_000 });
    [head] = await outbox.itemsOf(USER);
    expect(head).toMatchObject({ status: 'pending', attempts: 2 });
    expect(head?.error?.message).toBe('服务暂时不可用，请稍后再试');

    clock.now += 4_000;
    const third = await engine.runOnce();
    expect(third.synced).toHaveLength(2);
    expect([...server.records.keys()]).toEqual([uuid(1), uuid(2)]);
    expect(backoffMs(1, () => 0.5)).toBe(2_000);
    expect(backoffMs(20, () => 0.5)).toBe(300_000);
  });

  it('replays a write whose answer was lost without creating a second record', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    const clock = { now: 1_000_000 };
    server.script.push('lost');
    await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(1)) });

    await engineFor(outbox, server, clock).runOnce();
    expect(await outbox.itemsOf(USER)).toHaveLength(1);
    expect(server.records.size).toBe(1);

    await engineFor(openOutbox(), server, clock).runOnce({ force: true });
    expect(server.calls).toEqual([`contact:${uuid(1)}`, `contact:${uuid(1)}`]);
    expect(server.records.size).toBe(1);
    expect(await outbox.itemsOf(USER)).toEqual([]);
  });

  it('makes a visit wait for its photos and uploads each photo only once', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    server.script.push('ok', networkError());
    const visit = await outbox.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [photo(1), photo(2)]);

    await engineFor(outbox, server).runOnce();
    expect(server.calls).toEqual(['upload:4', 'upload:4']);
    expect(server.records.size).toBe(0);
    const [waiting] = await outbox.itemsOf(USER);
    expect(waiting?.photos.map((p) => p.uploadId)).toEqual([server.uploads[0]!.id, null]);

    await engineFor(outbox, server).runOnce({ force: true });
    expect(server.calls).toEqual(['upload:4', 'upload:4', 'upload:4', `visit:${visit}`]);
    expect(server.records.get(visit)?.photos).toEqual([server.uploads[0]!.id, server.uploads[1]!.id]);
  });

  it('retries a photo whose answer was lost with the same key, so the server keeps one upload', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    server.script.push('lost');
    const visit = await outbox.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [photo(1)]);

    await engineFor(outbox, server).runOnce();
    expect(server.uploads).toHaveLength(1);
    await engineFor(outbox, server).runOnce({ force: true });

    expect(server.calls).toEqual(['upload:4', 'upload:4', `visit:${visit}`]);
    expect(server.uploads).toHaveLength(1);
    expect(server.records.get(visit)?.photos).toEqual([server.uploads[0]!.id]);
  });

  it('sends a photo DingTalk already hosts by its URL, for the server to fetch', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    const url = 'https://static.dingtalk.com/media/lADPD2eDj_photo.jpg';
    const visit = await outbox.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [
      { url, name: 'dingtalk-1.jpg' },
      photo(2),
    ]);

    await engineFor(outbox, server).runOnce();

    expect(server.calls).toEqual([`upload-url:${url}`, 'upload:4', `visit:${visit}`]);
    expect(server.records.get(visit)?.photos).toEqual(server.uploads.map((u) => u.id));
  });

  it('uploads again under a new key once the server refused the uploads a visit named', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    server.script.push('ok', new ApiError(400, 'upload_invalid', '照片无效或已被其他记录使用，请重新上传'));
    const visit = await outbox.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [photo(1)]);

    await engineFor(outbox, server).runOnce();
    const failed = await outbox.get(visit);
    expect(failed?.status).toBe('failed');
    expect(failed?.photos[0]?.uploadKey).toBeDefined();
    expect(failed?.photos[0]?.uploadKey).not.toBe(failed?.photos[0]?.clientId);

    await outbox.update(visit, { body: failed!.body });
    await engineFor(outbox, server).runOnce({ force: true });
    expect(server.uploads).toHaveLength(2);
    expect(server.records.get(visit)?.photos).toEqual([server.uploads[1]!.id]);
  });

  it('fails a visit whose photo the server refuses, naming the photo', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    server.script.push(
      'ok',
      new ApiError(415, 'upload_type_invalid', '只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片'),
    );
    const visit = await outbox.add(owner, { kind: 'visit', body: visitBody(uuid(2)) }, [photo(1), photo(2)]);

    await engineFor(outbox, server).runOnce();

    expect(await outbox.get(visit)).toMatchObject({
      status: 'failed',
      error: { message: '第 2 张照片上传失败：只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片' },
    });
    expect(server.records.size).toBe(0);
  });

  it('sends a correction of a rejected visit with the kept and the new photos', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    const logId = uuid(500);
    await outbox.add(
      owner,
      {
        kind: 'visit_revision',
        logId,
        enterpriseId: uuid(1001),
        keptPhotoIds: [uuid(600)],
        body: { revision: 1, duties: ['law_publicity'], findings: '补充说明', riskLevel: 'low' },
      },
      [photo(3)],
    );

    await engineFor(outbox, server).runOnce();

    expect(server.records.get(`${logId}@1`)?.photos).toEqual([uuid(600), server.uploads[0]!.id]);
  });

  it('runs one sync loop at a time across tabs, so nothing is sent twice', async () => {
    const tabA = openOutbox();
    const tabB = openOutbox();
    const server = fakeServer();
    for (let i = 1; i <= 5; i++) await tabA.add(owner, { kind: 'contact', body: contactBody(uuid(i)) });

    const reports = await Promise.all([engineFor(tabA, server).runOnce(), engineFor(tabB, server).runOnce()]);

    expect(reports.filter((r) => r.skipped)).toHaveLength(1);
    expect(server.calls).toHaveLength(5);
    expect(server.records.size).toBe(5);
  });

  it('sends only the signed-in person’s items', async () => {
    const outbox = openOutbox();
    const server = fakeServer();
    await outbox.add({ ...owner, userId: uuid(77) }, { kind: 'contact', body: contactBody(uuid(1)) });
    await outbox.add(owner, { kind: 'contact', body: contactBody(uuid(2)) });

    await engineFor(outbox, server).runOnce();

    expect([...server.records.keys()]).toEqual([uuid(2)]);
    expect(await outbox.itemsOf(uuid(77))).toHaveLength(1);
  });
});

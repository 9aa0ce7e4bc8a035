import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { createMemoryStorage } from '../src/lib/storage';
import { createUploadRetention } from '../src/modules/uploads/retention';
import { enterpriseAt, IMAGES, multipart, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Uploads are bounded (issue 16): UPLOAD_DAILY_QUOTA photos per person in any 24 hours, and
 * photos never attached to a log or case are deleted after UPLOAD_RETENTION_HOURS.
 */
const clock = fixedClock('2026-11-16T02:00:00Z');
const storage = createMemoryStorage();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, storage, env: { UPLOAD_DAILY_QUOTA: '3' } });
});
afterAll(() => t.close());

const upload = (as: string, clientId = randomUUID()) =>
  t.request({ method: 'POST', url: `/api/v1/uploads?clientId=${clientId}`, as, ...multipart(IMAGES.png) });

describe('UPLOAD_DAILY_QUOTA (photos per person in any 24 hours)', () => {
  it('refuses the photo past the quota with a 429 in Chinese and when to retry; retries of a stored photo still answer; others are not affected', async () => {
    clock.set('2026-11-16T02:00:00Z');
    const first = randomUUID();
    expect((await upload('刘芳', first)).statusCode).toBe(201);
    clock.advance(3_600_000);
    expect((await upload('刘芳')).statusCode).toBe(201);
    expect((await upload('刘芳')).statusCode).toBe(201);
    const keys = storage.keys().length;
    const over = await upload('刘芳');
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'upload_quota_exceeded', details: { quota: 3 } });
    expect(over.json().message).toBe('24 小时内最多上传 3 张照片，已达上限，请稍后再试');
    // The first photo leaves the window 23 hours from now.
    expect(over.headers['retry-after']).toBe(String(23 * 3600));
    expect(storage.keys().length).toBe(keys);
    expect((await upload('刘芳', first)).statusCode).toBe(200); // the outbox retrying a stored photo
    expect((await upload('周强')).statusCode).toBe(201);

    clock.advance(23 * 3_600_000 + 1_000);
    expect((await upload('刘芳')).statusCode).toBe(201);
    expect((await upload('刘芳')).statusCode).toBe(429);
  });

  it('holds when the uploads arrive at once (no overshoot)', async () => {
    clock.set('2026-11-20T02:00:00Z');
    const answers = await Promise.all(Array.from({ length: 6 }, () => upload('吴静')));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 201, 429, 429, 429]);
  });
});

describe('UPLOAD_RETENTION_HOURS (photos never attached)', () => {
  it('deletes unattached photos and their files after the retention; attached ones stay; twice is harmless', async () => {
    clock.set('2026-11-25T02:00:00Z');
    const retention = createUploadRetention({ db: t.database.db, storage, hours: 72 });
    const loose = await uploadPhoto(t, '刘芳');
    const kept = await uploadPhoto(t, '刘芳');
    const e = await enterpriseAt(t, '330106109000', 0);
    const visit = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-24T02:00:00Z', [kept]),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const now = new Date('2026-11-25T02:00:00Z').getTime();
    // The quota tests' photos, days older, go now; these two are 71 hours old and stay.
    await retention.purgeUnattached(new Date(now + 71 * 3_600_000));
    expect(storage.keys()).toContain(loose);

    const purged = await retention.purgeUnattached(new Date(now + 73 * 3_600_000));
    expect(purged).toBe(1);
    expect(storage.keys()).not.toContain(loose);
    expect(storage.keys()).toContain(kept);
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${loose}`, as: '刘芳' })).statusCode).toBe(
      404,
    );
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${kept}`, as: '刘芳' })).statusCode).toBe(
      200,
    );
    expect(await retention.purgeUnattached(new Date(now + 73 * 3_600_000))).toBe(0);
  });
});

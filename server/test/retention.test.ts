import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { createMemoryStorage } from '../src/lib/storage';
import { recordRuns, workNotification } from '../src/modules/reminders/outbox';
import { createRetentionService, type RetentionService } from '../src/modules/retention/service';
import { enterpriseAt, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Retention (个人信息保护法; DOMAIN §6): precise check-in coordinates are kept for the county's
 * `checkInRetentionDays`, finished reminder outbox rows for REMINDER_RETENTION_DAYS; walked with a
 * fake clock.
 */

const clock = fixedClock('2026-11-16T02:00:00Z');
let t: TestApp;
let retention: RetentionService;

beforeAll(async () => {
  t = await createTestApp({ clock, storage: createMemoryStorage() });
  const db = t.database.db;
  retention = createRetentionService({
    db,
    clock,
    settings: t.app.container.services.settings,
    reminderRetentionDays: 180,
  });
});
afterAll(() => t.close());

async function visit(index: number, occurredAt: string) {
  const e = await enterpriseAt(t, '330106109000', index);
  const photo = await uploadPhoto(t, '刘芳');
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/visits',
    as: '刘芳',
    payload: visitBody(e.id, occurredAt, [photo], {
      checkIn: {
        latitude: 30.31,
        longitude: 120.09,
        accuracy: 20,
        address: '三墩镇某路 1 号',
        isFromMock: true,
      },
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; visit: { distanceMeters: number | null }; flags: string[] };
}

async function checkInOf(id: string) {
  const row = await t.database.db.execute<{
    checkin_latitude: number | null;
    checkin_longitude: number | null;
    checkin_accuracy: number | null;
    checkin_address: string | null;
    checkin_is_mock: boolean | null;
    distance_meters: number | null;
  }>(sql`select checkin_latitude, checkin_longitude, checkin_accuracy, checkin_address, checkin_is_mock, distance_meters
           from duty_logs where id = ${id}::uuid`);
  const events = await t.database.db.execute<{ snapshot: { checkIn?: Record<string, unknown> } | string }>(
    sql`select snapshot from duty_log_events where log_id = ${id}::uuid and snapshot is not null`,
  );
  return {
    ...row.rows[0]!,
    snapshots: events.rows.map((e) => (typeof e.snapshot === 'string' ? JSON.parse(e.snapshot) : e.snapshot)),
  };
}

describe('check-in coordinates (DOMAIN §6: movement tracks are sensitive)', () => {
  let old: Awaited<ReturnType<typeof visit>>;
  let recent: Awaited<ReturnType<typeof visit>>;

  it('a visit older than the retention loses its coordinates; distance, mock flag and flags stay', async () => {
    old = await visit(0, '2026-11-12T02:00:00Z');
    recent = await visit(1, '2026-11-15T02:00:00Z');
    // One year (365 days, the province default) and two days later.
    clock.set('2027-11-14T02:00:00Z');
    const report = await retention.purge();
    expect(report.checkInsPurged).toBe(1);

    const purged = await checkInOf(old.id);
    expect(purged).toMatchObject({
      checkin_latitude: null,
      checkin_longitude: null,
      checkin_accuracy: null,
      checkin_address: null,
      checkin_is_mock: true,
      distance_meters: old.visit.distanceMeters,
    });
    expect(purged.snapshots.length).toBeGreaterThan(0);
    for (const snapshot of purged.snapshots) {
      expect(snapshot.checkIn).toMatchObject({ isFromMock: true });
      const precise = Object.keys(snapshot.checkIn ?? {}).filter((k) =>
        /^(latitude|longitude|accuracy|address)$/.test(k),
      );
      expect(precise).toEqual([]);
    }
    const kept = await checkInOf(recent.id);
    expect(kept.checkin_latitude).toBeCloseTo(30.31);
    expect(kept.snapshots[0].checkIn).toMatchObject({ latitude: 30.31, address: '三墩镇某路 1 号' });

    // What a supervisor sees: no check-in point any more, the distance and the flags as before.
    const log = await t.request({ method: 'GET', url: `/api/v1/logs/${old.id}`, as: '王海峰' });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject({
      flags: old.flags,
      visit: { checkIn: null, distanceMeters: old.visit.distanceMeters },
    });
  });

  it('a county that keeps coordinates 30 days: its older visits are purged on the next run; twice is harmless', async () => {
    const put = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { checkInRetentionDays: 30 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await retention.purge()).checkInsPurged).toBe(1);
    expect((await checkInOf(recent.id)).checkin_latitude).toBeNull();
    expect(await retention.purge()).toEqual({
      checkInsPurged: 0,
      outboxDeleted: 0,
      runsDeleted: 0,
      importsExpired: 0,
      importsPurged: 0,
      uploadsPurged: 0,
    });
  });
});

describe('reminder outbox (REMINDER_RETENTION_DAYS, default 180)', () => {
  it('purges finished messages and their runs after 180 days; a pending one and its run stay, whatever their age', async () => {
    clock.set('2027-01-04T02:00:00Z');
    const userId = await t.userId('刘芳');
    const notice = (key: string) =>
      workNotification(
        { userId, jurisdictionCode: '330106109000' },
        { rule: 'personal_overdue', period: '2027-01-04', key, title: '测试', text: '测试', routine: false },
      );
    const run = (runKey: string, keys: string[]) => ({
      run: {
        runKey,
        rule: 'personal_overdue' as const,
        period: '2027-01-04',
        jurisdictionCode: '330106109000',
        userId,
      },
      messages: keys.map(notice),
    });
    await t.database.db.transaction((tx) =>
      recordRuns(tx, [run('old-finished', ['a', 'b', 'c']), run('old-pending', ['d'])], clock.now()),
    );
    await t.database.db.execute(sql`
      update reminder_outbox set status = case msg_uuid when ${notice('a').msgUuid} then 'sent'::reminder_status
             when ${notice('b').msgUuid} then 'failed'::reminder_status else 'cancelled'::reminder_status end
       where msg_uuid in (${notice('a').msgUuid}, ${notice('b').msgUuid}, ${notice('c').msgUuid})`);

    clock.set('2027-07-01T02:00:00Z'); // 178 days: nothing yet
    expect(await retention.purge()).toMatchObject({ outboxDeleted: 0, runsDeleted: 0 });
    clock.set('2027-07-05T02:00:00Z'); // 182 days
    expect(await retention.purge()).toMatchObject({ outboxDeleted: 3, runsDeleted: 1 });
    const left = await t.database.db.execute<{ run_key: string; status: string | null }>(sql`
      select r.run_key, o.status from reminder_runs r left join reminder_outbox o on o.run_id = r.id
       where r.run_key like 'old-%'`);
    expect(left.rows).toEqual([{ run_key: 'old-pending', status: 'pending' }]);
  });
});

import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyLogEvents, dutyLogs } from '../src/db/schema/duty-logs';
import { createMemoryStorage } from '../src/lib/storage';
import { enterpriseAt, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

type Place = { latitude: number | null; longitude: number | null };
const checkInAt = (e: Place, extra: Record<string, unknown> = {}) => ({
  latitude: e.latitude!,
  longitude: e.longitude!,
  accuracy: 15,
  address: '企业厂区门口',
  isFromMock: false,
  ...extra,
});
/** About 2.2 km north of the registered location. */
const farFrom = (e: Place) => checkInAt(e, { latitude: e.latitude! + 0.02, address: '路边' });

/** A visit checked in far away and rejected for its location. */
async function rejectedFarVisit(index: number, occurredAt: string) {
  const e = await enterpriseAt(t, '330106109000', index);
  const photo = await uploadPhoto(t, '刘芳');
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/visits',
    as: '刘芳',
    payload: visitBody(e.id, occurredAt, [photo], { checkIn: farFrom(e) }),
  });
  expect(created.statusCode).toBe(201);
  expect(created.json().flags).toEqual(['far_from_enterprise']);
  const id: string = created.json().id;
  const rejected = await t.request({
    method: 'POST',
    url: `/api/v1/visits/${id}/reject`,
    as: '王海峰',
    payload: { reason: '签到位置距企业较远，请到现场重新打卡' },
  });
  expect(rejected.statusCode).toBe(200);
  const body = {
    revision: 1,
    photos: [photo],
    duties: ['standards_contracts'],
    findings: '到企业现场重新打卡，补充走访情况',
    riskLevel: 'none',
  };
  return { e, id, body };
}

describe('seed §二(三) C2: a visit rejected for its location is corrected with a new check-in (重新打卡)', () => {
  it('the correction carries a new check-in: assessed as on create, marked 重新打卡, the first one kept in the history', async () => {
    const { e, id, body } = await rejectedFarVisit(2, '2026-11-15T02:00:00Z');
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { ...body, checkIn: checkInAt(e) },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      revision: 2,
      status: 'submitted',
      flags: ['checkin_redone'],
      occurredAt: '2026-11-15T02:00:00.000Z',
      visit: { checkIn: { latitude: e.latitude, address: '企业厂区门口' }, distanceMeters: 0 },
    });

    // The approver sees the new check-in, its distance and the 重新打卡 mark.
    const queue = await t.request({ method: 'GET', url: '/api/v1/approvals', as: '王海峰' });
    const item = queue.json().items.find((l: { id: string }) => l.id === id);
    expect(item).toMatchObject({ flags: ['checkin_redone'], visit: { distanceMeters: 0 } });
    // A redone check-in alone is no warning.
    const flagged = await t.request({ method: 'GET', url: '/api/v1/approvals?flagged=true', as: '王海峰' });
    expect(flagged.json().items.map((l: { id: string }) => l.id)).not.toContain(id);

    // Both check-ins are kept: the first in revision 1's snapshot, the new one in revision 2's.
    const events = await t.database.db
      .select({
        action: dutyLogEvents.action,
        revision: dutyLogEvents.revision,
        snapshot: dutyLogEvents.snapshot,
      })
      .from(dutyLogEvents)
      .where(eq(dutyLogEvents.logId, id))
      .orderBy(asc(dutyLogEvents.id));
    const checkIns = events.map((ev) => [
      ev.action,
      ev.revision,
      (ev.snapshot as { checkIn?: { latitude: number } } | null)?.checkIn?.latitude ?? null,
    ]);
    expect(checkIns).toEqual([
      ['created', 1, e.latitude! + 0.02],
      ['rejected', 1, null],
      ['revised', 2, e.latitude],
    ]);
  });

  it('a new check-in that is still far or from a mock location is flagged again, as on create', async () => {
    const { e, id, body } = await rejectedFarVisit(3, '2026-11-15T03:00:00Z');
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { ...body, checkIn: checkInAt(e, { latitude: e.latitude! + 0.01, isFromMock: true }) },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().flags).toEqual(['mock_location', 'far_from_enterprise', 'checkin_redone']);
    expect(put.json().visit.distanceMeters).toBeGreaterThan(1000);
  });

  it('a correction without a new check-in keeps the recorded one and its flags', async () => {
    const { e, id, body } = await rejectedFarVisit(4, '2026-11-15T04:00:00Z');
    const put = await t.request({ method: 'PUT', url: `/api/v1/visits/${id}`, as: '刘芳', payload: body });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      revision: 2,
      flags: ['far_from_enterprise'],
      visit: { checkIn: { latitude: e.latitude! + 0.02 } },
    });
  });

  it('a bad new check-in → 400 with a Chinese message, nothing written', async () => {
    const { e, id, body } = await rejectedFarVisit(5, '2026-11-15T05:00:00Z');
    for (const checkIn of [
      checkInAt(e, { latitude: 91 }),
      checkInAt(e, { isFromMock: undefined }),
      { ...checkInAt(e), altitude: 3 },
      checkInAt(e, { coordinateSystem: 'bd10' }),
    ]) {
      const put = await t.request({
        method: 'PUT',
        url: `/api/v1/visits/${id}`,
        as: '刘芳',
        payload: { ...body, checkIn },
      });
      expect(put.statusCode).toBe(400);
      expect(put.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const [row] = await t.database.db.select().from(dutyLogs).where(eq(dutyLogs.id, id));
    expect(row).toMatchObject({ revision: 1, status: 'rejected', flags: ['far_from_enterprise'] });
    expect(row!.checkinLatitude).toBe(e.latitude! + 0.02);
  });

  it("the log's history shows each revision's check-in: its time and distance, redone or carried over", async () => {
    const { e, id, body } = await rejectedFarVisit(6, '2026-11-15T06:00:00Z');
    const redo = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { ...body, checkIn: checkInAt(e, { latitude: e.latitude! + 0.001 }) },
    });
    expect(redo.statusCode).toBe(200);
    // Rejected again; corrected once more without a new check-in: the redone one carries over.
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/visits/${id}/reject`,
      as: '王海峰',
      payload: { reason: '请补充整改情况' },
    });
    expect(again.statusCode).toBe(200);
    const keep = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { ...body, revision: 2, findings: '补充整改情况' },
    });
    expect(keep.statusCode).toBe(200);

    for (const reader of ['刘芳', '王海峰']) {
      const detail = await t.request({ method: 'GET', url: `/api/v1/logs/${id}`, as: reader });
      expect(detail.statusCode).toBe(200);
      const history = detail.json().history as {
        action: string;
        revision: number;
        at: string;
        checkIn: { at: string; distanceMeters: number | null; redone: boolean } | null;
      }[];
      expect(history.map((h) => [h.action, h.revision])).toEqual([
        ['created', 1],
        ['rejected', 1],
        ['revised', 2],
        ['rejected', 2],
        ['revised', 3],
      ]);
      const [created, rejected, redone, , kept] = history;
      expect(created!.checkIn).toEqual({
        at: '2026-11-15T06:00:00.000Z',
        distanceMeters: expect.any(Number),
        redone: false,
      });
      expect(created!.checkIn!.distanceMeters).toBeGreaterThan(2000);
      expect(rejected!.checkIn).toBeNull();
      expect(redone!.checkIn).toEqual({ at: redone!.at, distanceMeters: 111, redone: true });
      expect(kept!.checkIn).toEqual({ ...redone!.checkIn, redone: false });
    }
  });

  it('after retention removed the coordinates, the current check-in keeps its stored distance', async () => {
    const { e, id, body } = await rejectedFarVisit(7, '2026-11-15T07:00:00Z');
    await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { ...body, checkIn: checkInAt(e) },
    });
    await t.database.db.execute(
      sql`update duty_log_events set snapshot = snapshot #- '{checkIn,latitude}' #- '{checkIn,longitude}' where log_id = ${id}`,
    );
    const detail = await t.request({ method: 'GET', url: `/api/v1/logs/${id}`, as: '刘芳' });
    const checkIns = detail
      .json()
      .history.map((h: { checkIn: { distanceMeters: number | null } | null }) =>
        h.checkIn ? h.checkIn.distanceMeters : 'none',
      );
    expect(checkIns).toEqual([null, 'none', 0]);
  });
});

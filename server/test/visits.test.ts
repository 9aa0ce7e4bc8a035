import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../src/modules/logs/kinds/visits/coordinates';
import { uploads } from '../src/db/schema/uploads';
import { createMemoryStorage } from '../src/lib/storage';
import {
  coordinatorOf,
  countRows,
  dutyStatus,
  enterpriseAt,
  registerEnterprise,
  requestAsUser,
  uploadPhoto,
  visitBody,
  dutyBookkeepingMismatches,
  NO_MISMATCHES,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
let enterprise: Awaited<ReturnType<typeof enterpriseAt>>;

beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  enterprise = await enterpriseAt(t, '330106109000', 2);
});
afterAll(() => t.close());

/** A check-in right at the enterprise's registered location. */
const at = (
  e: { latitude: number | null; longitude: number | null },
  extra: Record<string, unknown> = {},
) => ({
  latitude: e.latitude!,
  longitude: e.longitude!,
  accuracy: 12,
  address: '企业厂区门口',
  isFromMock: false,
  ...extra,
});

async function visit(
  as: string,
  e: typeof enterprise,
  occurredAt: string,
  extra: Record<string, unknown> = {},
) {
  const photo = await uploadPhoto(t, as);
  return t.request({
    method: 'POST',
    url: '/api/v1/visits',
    as,
    payload: visitBody(e.id, occurredAt, [photo], { checkIn: at(e), ...extra }),
  });
}

describe('POST /api/v1/visits (C2)', () => {
  it('seed §二(三) C2: a visit is submitted, awaits approval for the quarter and is that month’s contact', async () => {
    expect(await dutyStatus(t, 'C2', '2026-Q4', enterprise.id)).toBe('due');
    const res = await visit('刘芳', enterprise, '2026-11-12T06:00:00Z');
    expect(res.statusCode).toBe(201);
    const log = res.json();
    expect(log).toMatchObject({
      kind: 'visit',
      status: 'submitted',
      revision: 1,
      flags: [],
      visit: { distanceMeters: 0, riskLevel: 'none', decision: null },
    });
    expect(log.visit.photos).toHaveLength(1);
    expect(log.visit.photos[0].url).toBe(`/api/v1/uploads/${log.visit.photos[0].id}`);
    expect(log.visit.checkIn).toMatchObject({ isFromMock: false, coordinateSystem: 'gcj02', accuracy: 12 });
    expect(await dutyStatus(t, 'C2', '2026-Q4', enterprise.id)).toBe('awaiting_approval');
    expect(await dutyStatus(t, 'C1', '2026-11', enterprise.id)).toBe('done');
  });

  it('stores the distance from the registered location and flags a far check-in (> 500 m)', async () => {
    const e = await enterpriseAt(t, '330106109000', 3);
    const res = await visit('刘芳', e, '2026-11-12T07:00:00Z', {
      checkIn: at(e, { latitude: e.latitude! + 0.01 }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().visit.distanceMeters).toBeGreaterThan(1000);
    expect(res.json().visit.distanceMeters).toBeLessThan(1200);
    expect(res.json().flags).toEqual(['far_from_enterprise']);
  });

  it('flags a mock location plainly', async () => {
    const e = await enterpriseAt(t, '330106109000', 4);
    const res = await visit('刘芳', e, '2026-11-12T08:00:00Z', { checkIn: at(e, { isFromMock: true }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().flags).toEqual(['mock_location']);
    expect(res.json().visit.checkIn.isFromMock).toBe(true);
  });

  it('the "far" threshold is a county setting', async () => {
    await t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { farCheckInMeters: 2000 },
    });
    const e = await enterpriseAt(t, '330106109000', 5);
    const res = await visit('刘芳', e, '2026-11-12T09:00:00Z', {
      checkIn: at(e, { latitude: e.latitude! + 0.01 }),
    });
    expect(res.json().flags).toEqual([]);
    await t.request({ method: 'PUT', url: '/api/v1/settings/330106000000', as: '王海峰', payload: {} });
  });

  it('without a registered location the distance is null and nothing is flagged', async () => {
    const e = await registerEnterprise(t, '330106109000', { latitude: null, longitude: null });
    const photo = await uploadPhoto(t, '刘芳');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-12T10:00:00Z', [photo]),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().visit.distanceMeters).toBeNull();
    expect(res.json().flags).toEqual([]);
  });

  it('converts a WGS-84 check-in to GCJ-02 before measuring (the datums differ by hundreds of metres)', async () => {
    const e = await enterpriseAt(t, '330106109000', 6);
    // A WGS-84 point whose GCJ-02 position is the enterprise's registered location.
    const gcj = wgs84ToGcj02({ latitude: e.latitude!, longitude: e.longitude! });
    const wgs = { latitude: 2 * e.latitude! - gcj.latitude, longitude: 2 * e.longitude! - gcj.longitude };
    const asWgs = await visit('刘芳', e, '2026-11-12T11:00:00Z', {
      checkIn: at(e, { ...wgs, coordinateSystem: 'wgs84' }),
    });
    expect(asWgs.statusCode).toBe(201);
    expect(asWgs.json().visit.distanceMeters).toBeLessThan(20);
    const e2 = await enterpriseAt(t, '330106109000', 7);
    const gcj2 = wgs84ToGcj02({ latitude: e2.latitude!, longitude: e2.longitude! });
    const wgs2 = {
      latitude: 2 * e2.latitude! - gcj2.latitude,
      longitude: 2 * e2.longitude! - gcj2.longitude,
    };
    const misread = await visit('刘芳', e2, '2026-11-12T11:05:00Z', { checkIn: at(e2, wgs2) });
    expect(misread.json().visit.distanceMeters).toBeGreaterThan(300);
  });

  it('DOMAIN §4 CST edges: a visit at 2026-03-31T16:00:00Z is Q2 (April); at 15:59:59Z it is Q1 (March)', async () => {
    t.clock.set('2026-04-02T02:00:00Z');
    try {
      const q2 = await enterpriseAt(t, '330106109000', 10);
      const q1 = await enterpriseAt(t, '330106109000', 11);
      expect((await visit('刘芳', q2, '2026-03-31T16:00:00Z')).statusCode).toBe(201);
      expect((await visit('刘芳', q1, '2026-03-31T15:59:59Z')).statusCode).toBe(201);
      expect(await dutyStatus(t, 'C2', '2026-Q2', q2.id)).toBe('awaiting_approval');
      expect(await dutyStatus(t, 'C2', '2026-Q1', q2.id)).toBe('overdue');
      expect(await dutyStatus(t, 'C1', '2026-04', q2.id)).toBe('done');
      expect(await dutyStatus(t, 'C2', '2026-Q1', q1.id)).toBe('awaiting_approval');
      expect(await dutyStatus(t, 'C2', '2026-Q2', q1.id)).toBe('due');
      expect(await dutyStatus(t, 'C1', '2026-03', q1.id)).toBe('done');
    } finally {
      t.clock.set('2026-11-16T02:00:00Z');
    }
  });
});

describe('photos (issue 5: ids of uploaded images, attached by their uploader)', () => {
  it('at least the county’s minimum number of photos (default 1) → otherwise 400', async () => {
    const e = await enterpriseAt(t, '330106109000', 8);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-13T02:00:00Z', [], { checkIn: at(e) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'photos_required', message: '请至少上传 1 张现场照片' });
  });

  it('someone else’s photo → 400 upload_invalid and nothing is written', async () => {
    const e = await enterpriseAt(t, '330106109000', 8);
    const hers = await uploadPhoto(t, '刘芳');
    const his = await uploadPhoto(t, '周强');
    const logs = await countRows(t, 'duty_logs');
    const marks = await countRows(t, 'duty_marks');
    const audits = await countRows(t, 'audit_log');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-13T02:00:00Z', [hers, his], { checkIn: at(e) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('upload_invalid');
    expect(res.json().details).toEqual({ invalid: [his] });
    expect(await countRows(t, 'duty_logs')).toBe(logs);
    expect(await countRows(t, 'duty_marks')).toBe(marks);
    expect(await countRows(t, 'audit_log')).toBe(audits);
    const [row] = await t.database.db.select().from(uploads).where(eq(uploads.id, hers));
    expect(row!.logId).toBeNull();
  });

  it('a photo already attached to another visit cannot be reused → 400', async () => {
    const first = await visit('刘芳', await enterpriseAt(t, '330106109000', 9), '2026-11-13T03:00:00Z');
    const used = first.json().visit.photos[0].id;
    const e = await enterpriseAt(t, '330106109000', 12);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-13T04:00:00Z', [used], { checkIn: at(e) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('upload_invalid');
  });

  it('an unknown photo id → 400', async () => {
    const e = await enterpriseAt(t, '330106109000', 12);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-13T04:00:00Z', ['00000000-0000-4000-8000-000000000001'], {
        checkIn: at(e),
      }),
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('idempotency and scope', () => {
  it('the same clientId again returns the stored visit (200, same id), writes nothing', async () => {
    const e = await enterpriseAt(t, '330106109000', 13);
    const photo = await uploadPhoto(t, '刘芳');
    const body = visitBody(e.id, '2026-11-14T02:00:00Z', [photo], { checkIn: at(e) });
    const first = await t.request({ method: 'POST', url: '/api/v1/visits', as: '刘芳', payload: body });
    expect(first.statusCode).toBe(201);
    const logs = await countRows(t, 'duty_logs');
    const events = await countRows(t, 'duty_log_events');
    const again = await t.request({ method: 'POST', url: '/api/v1/visits', as: '刘芳', payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(await countRows(t, 'duty_logs')).toBe(logs);
    expect(await countRows(t, 'duty_log_events')).toBe(events);
    const conflict = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: { ...body, riskLevel: 'high' },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('idempotency_conflict');
  });

  it('a township coordinator cannot visit another township’s enterprise → 404', async () => {
    const xixi = await enterpriseAt(t, '330106004000');
    const res = await visit('刘芳', xixi, '2026-11-14T02:00:00Z');
    expect(res.statusCode).toBe(404);
  });

  it('seed §二(三) C5: a community coordinator may log a visit at an enterprise of their community, not elsewhere (403)', async () => {
    const own = await registerEnterprise(t, '330106005055');
    const mine = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '吴静',
      payload: visitBody(own.id, '2026-11-14T01:00:00Z', [await uploadPhoto(t, '吴静')]),
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const e = await registerEnterprise(t, '330106005000');
    const photo = await uploadPhoto(t, '吴静');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '吴静',
      payload: visitBody(e.id, '2026-11-14T02:00:00Z', [photo]),
    });
    expect([403, 404]).toContain(res.statusCode);
  });

  it('check-in coordinates are shown to the author and supervisors, not to colleagues (个人信息保护法)', async () => {
    const e = await enterpriseAt(t, '330106109000', 14);
    const created = await visit('刘芳', e, '2026-11-14T03:00:00Z');
    const id = created.json().id;
    const colleague = await coordinatorOf(t, '330106109000');
    expect(colleague.name).not.toBe('刘芳');
    const asColleague = await requestAsUser(t, colleague.id, { method: 'GET', url: `/api/v1/logs/${id}` });
    expect(asColleague.statusCode).toBe(200);
    expect(asColleague.json().visit.checkIn).toBeNull();
    expect(asColleague.json().visit.distanceMeters).toBe(0);
    const asSupervisor = await t.request({ method: 'GET', url: `/api/v1/logs/${id}`, as: '赵敏' });
    expect(asSupervisor.json().visit.checkIn.latitude).toBe(e.latitude);
  });
});

describe('correction and withdrawal by the author', () => {
  it('a rejected visit is corrected and resubmitted as a new revision, history kept', async () => {
    const e = await enterpriseAt(t, '330106109000', 15);
    const id = (await visit('刘芳', e, '2026-11-14T04:00:00Z')).json().id;
    const rejected = await t.request({
      method: 'POST',
      url: `/api/v1/visits/${id}/reject`,
      as: '王海峰',
      payload: { reason: '照片不清晰，请补充现场照片' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(await dutyStatus(t, 'C2', '2026-Q4', e.id)).toBe('due');

    const photo = await uploadPhoto(t, '刘芳');
    const body = {
      revision: 1,
      photos: [rejected.json().visit.photos[0].id, photo],
      duties: ['standards_contracts'],
      findings: '补充了车间和公示栏照片',
      riskLevel: 'low',
    };
    const revised = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: body,
    });
    expect(revised.statusCode).toBe(200);
    expect(revised.json()).toMatchObject({
      id,
      revision: 2,
      status: 'submitted',
      notes: '补充了车间和公示栏照片',
      visit: { riskLevel: 'low', decision: null },
    });
    expect(revised.json().visit.photos).toHaveLength(2);
    expect(await dutyStatus(t, 'C2', '2026-Q4', e.id)).toBe('awaiting_approval');

    // A retry of the same correction is answered, not repeated.
    const retry = await t.request({ method: 'PUT', url: `/api/v1/visits/${id}`, as: '刘芳', payload: body });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().revision).toBe(2);
    // A correction of an old revision is a conflict.
    const stale = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { ...body, findings: '别的内容' },
    });
    expect(stale.statusCode).toBe(409);

    const detail = await t.request({ method: 'GET', url: `/api/v1/logs/${id}`, as: '王海峰' });
    expect(
      detail.json().history.map((h: { action: string; revision: number }) => [h.action, h.revision]),
    ).toEqual([
      ['created', 1],
      ['rejected', 1],
      ['revised', 2],
    ]);
    expect(detail.json().history[1].reason).toBe('照片不清晰，请补充现场照片');
  });

  it('only the author corrects or withdraws → 403 for a colleague', async () => {
    const e = await enterpriseAt(t, '330106109000', 16);
    const id = (await visit('刘芳', e, '2026-11-14T05:00:00Z')).json().id;
    const colleague = await coordinatorOf(t, '330106109000');
    const res = await requestAsUser(t, colleague.id, { method: 'DELETE', url: `/api/v1/visits/${id}` });
    expect(res.statusCode).toBe(403);
    const other = await t.request({ method: 'DELETE', url: `/api/v1/visits/${id}`, as: '周强' });
    expect(other.statusCode).toBe(404);
  });

  it('a withdrawn visit counts for nothing', async () => {
    const e = await enterpriseAt(t, '330106109000', 17);
    const id = (await visit('刘芳', e, '2026-11-14T06:00:00Z')).json().id;
    expect(await dutyStatus(t, 'C1', '2026-11', e.id)).toBe('done');
    const res = await t.request({ method: 'DELETE', url: `/api/v1/visits/${id}`, as: '刘芳' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('withdrawn');
    expect(await dutyStatus(t, 'C1', '2026-11', e.id)).toBe('due');
    expect(await dutyStatus(t, 'C2', '2026-Q4', e.id)).toBe('due');
    const again = await t.request({ method: 'DELETE', url: `/api/v1/visits/${id}`, as: '刘芳' });
    expect(again.statusCode).toBe(200);
    const revise = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { revision: 1, photos: [], duties: ['law_publicity'], findings: 'x' },
    });
    expect(revise.statusCode).toBe(409);
  });

  it('an approved visit is locked: no correction, no withdrawal (409)', async () => {
    const e = await enterpriseAt(t, '330106109000', 18);
    const id = (await visit('刘芳', e, '2026-11-14T07:00:00Z')).json().id;
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/visits/${id}/approve`, as: '王海峰' })).statusCode,
    ).toBe(200);
    const put = await t.request({
      method: 'PUT',
      url: `/api/v1/visits/${id}`,
      as: '刘芳',
      payload: { revision: 1, photos: [], duties: ['law_publicity'], findings: '改一下' },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ code: 'log_locked', message: '该走访记录已审核通过，不能修改或撤回' });
    const del = await t.request({ method: 'DELETE', url: `/api/v1/visits/${id}`, as: '刘芳' });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('log_locked');
    expect(await dutyStatus(t, 'C2', '2026-Q4', e.id)).toBe('done');
  });
});

describe('bad input → 400, never a 500', () => {
  const base = () => visitBody(enterprise.id, '2026-11-14T02:00:00Z', []);
  const cases: [string, () => unknown][] = [
    ['no check-in', () => ({ ...base(), checkIn: undefined })],
    ['latitude out of range', () => ({ ...base(), checkIn: { ...base().checkIn, latitude: 91 } })],
    ['isFromMock missing', () => ({ ...base(), checkIn: { latitude: 30, longitude: 120, accuracy: 5 } })],
    [
      'unknown coordinate system',
      () => ({ ...base(), checkIn: { ...base().checkIn, coordinateSystem: 'utm' } }),
    ],
    ['empty findings', () => ({ ...base(), findings: '   ' })],
    ['photo id not a UUID', () => ({ ...base(), photos: ['x'] })],
    ['ten photos', () => ({ ...base(), photos: Array.from({ length: 10 }, () => crypto.randomUUID()) })],
    ['unknown risk level', () => ({ ...base(), riskLevel: 'extreme' })],
  ];
  it.each(cases)('%s', async (_name, make) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: make() as object,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('PUT with a bad id → 400; unknown id → 404', async () => {
    const body = { revision: 1, photos: [], duties: ['law_publicity'], findings: 'x' };
    expect(
      (await t.request({ method: 'PUT', url: '/api/v1/visits/abc', as: '刘芳', payload: body })).statusCode,
    ).toBe(400);
    const res = await t.request({
      method: 'PUT',
      url: '/api/v1/visits/00000000-0000-4000-8000-000000000000',
      as: '刘芳',
      payload: body,
    });
    expect(res.statusCode).toBe(404);
  });

  it('every visit write left exactly one created event and one audit row', async () => {
    const rows = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from duty_logs l
       where l.kind = 'visit'
         and (select count(*) from duty_log_events v where v.log_id = l.id and v.action = 'created') <> 1`);
    expect(rows.rows[0]!.n).toBe(0);
  });
});

describe('duty bookkeeping (docs/domain.md §4)', () => {
  it('after everything above, every mark follows from the logs and every tally from the marks', async () => {
    expect(await dutyBookkeepingMismatches(t)).toEqual(NO_MISMATCHES);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCE_DEFAULT_SETTINGS } from '@coordnet/shared/api/settings';
import { createMemoryStorage } from '../src/lib/storage';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const get = (code: string, as: string) => t.request({ method: 'GET', url: `/api/v1/settings/${code}`, as });
const put = (code: string, as: string, payload: unknown) =>
  t.request({ method: 'PUT', url: `/api/v1/settings/${code}`, as, payload: payload as object });

describe('GET /api/v1/settings/:jurisdictionCode', () => {
  it('docs/domain.md: province defaults apply until a level overrides them (back-fill 45 days, C1/C2 all enterprises)', async () => {
    const res = await get('330106000000', '王海峰');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      jurisdictionCode: '330106000000',
      jurisdictionName: '西湖区',
      jurisdictionLevel: 'county',
      overrides: {},
      effective: PROVINCE_DEFAULT_SETTINGS,
      editable: true,
      updatedAt: null,
    });
    expect(res.json().effective).toMatchObject({
      backfillDays: 45,
      approverLevel: 'county',
      c1Scope: { mode: 'all' },
      c2Scope: { mode: 'all' },
    });
    expect(Object.values(res.json().sources).every((s) => s === null)).toBe(true);
  });

  it('a viewer and a township coordinator may read (they are bound by it) but not edit', async () => {
    expect((await get('330106000000', '赵敏')).json().editable).toBe(false);
    const liu = await get('330106000000', '刘芳');
    expect(liu.statusCode).toBe(200);
    expect(liu.json().editable).toBe(false);
    expect((await get('330106109000', '刘芳')).statusCode).toBe(200);
  });

  it('another county, a sibling township or an unknown code → 404', async () => {
    expect((await get('330106000000', '孙立新')).statusCode).toBe(404);
    expect((await get('330106004000', '刘芳')).statusCode).toBe(404);
    expect((await get('330199000000', '陈建国')).statusCode).toBe(404);
    expect((await get('12345', '王海峰')).statusCode).toBe(400);
  });
});

describe('PUT /api/v1/settings/:jurisdictionCode', () => {
  it('settings are inherited down the tree; the nearest level that sets a key wins', async () => {
    expect(
      (await put('330000000000', '陈建国', { backfillDays: 30, c2Scope: { mode: 'key' } })).statusCode,
    ).toBe(200);
    expect((await put('330100000000', '林晓燕', { backfillDays: 60 })).statusCode).toBe(200);
    let county = (await get('330106000000', '王海峰')).json();
    expect(county.effective.backfillDays).toBe(60);
    expect(county.sources.backfillDays).toBe('330100000000');
    expect(county.effective.c2Scope).toEqual({ mode: 'key' });
    expect(county.sources.c2Scope).toBe('330000000000');

    const res = await put('330106000000', '王海峰', {
      backfillDays: 20,
      c1Scope: { mode: 'min_size', minSize: 'small' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().overrides).toEqual({
      backfillDays: 20,
      c1Scope: { mode: 'min_size', minSize: 'small' },
    });
    expect(res.json().updatedAt).toBe('2026-11-16T02:00:00.000Z');
    county = res.json();
    expect(county.effective.backfillDays).toBe(20);
    expect(county.sources.backfillDays).toBe('330106000000');

    const township = (await get('330106109000', '刘芳')).json();
    expect(township.overrides).toEqual({});
    expect(township.effective.backfillDays).toBe(20);
    expect(township.effective.c2Scope).toEqual({ mode: 'key' });
    // Another county of the same city inherits the city's row, not 西湖区's.
    const gongshu = (await get('330105000000', '孙立新')).json();
    expect(gongshu.effective.backfillDays).toBe(60);
    expect(gongshu.effective.c1Scope).toEqual({ mode: 'all' });

    // PUT replaces the level's overrides; {} removes them all.
    expect((await put('330106000000', '王海峰', {})).json().overrides).toEqual({});
    expect((await put('330100000000', '林晓燕', {})).statusCode).toBe(200);
    expect((await put('330000000000', '陈建国', {})).statusCode).toBe(200);
    expect((await get('330106000000', '王海峰')).json().effective).toEqual(PROVINCE_DEFAULT_SETTINGS);
  });

  it('every change is audited with before and after', async () => {
    await put('330106000000', '王海峰', { minVisitPhotos: 2 });
    await put('330106000000', '王海峰', { minVisitPhotos: 0 });
    const rows = await t.database.db.execute<{ action: string; before: unknown; after: unknown }>(
      sql`select action, before, after from audit_log where entity_type = 'policy_settings' and entity_id = '330106000000' order by id desc limit 1`,
    );
    expect(rows.rows[0]).toEqual({
      action: 'settings.update',
      before: { minVisitPhotos: 2 },
      after: { minVisitPhotos: 0 },
    });
    await put('330106000000', '王海峰', {});
  });

  it('only manager supervisors of that level → 403 for viewers, coordinators and the level below', async () => {
    for (const [code, as] of [
      ['330106000000', '赵敏'],
      ['330106000000', '刘芳'],
      ['330100000000', '王海峰'],
    ] as const) {
      const res = await put(code, as, { backfillDays: 10 });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await put('330105000000', '王海峰', { backfillDays: 10 })).statusCode).toBe(404);
  });

  it('settings are set at province, city or county level only → 400 for a township', async () => {
    const res = await put('330106109000', '王海峰', { backfillDays: 10 });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('settings_level_invalid');
  });

  it('bad values → 400, nothing stored', async () => {
    for (const body of [
      { backfillDays: -1 },
      { backfillDays: 400 },
      { backfillDays: '45' },
      { approverLevel: 'township' },
      { c1Scope: { mode: 'min_size' } },
      { c1Scope: { mode: 'everything' } },
      { farCheckInMeters: 10 },
      { unknownKey: true },
      [],
    ]) {
      const res = await put('330106000000', '王海峰', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect((await get('330106000000', '王海峰')).json().overrides).toEqual({});
  });

  it('a stored value that no longer fits the schema is ignored (inherited), never a 500', async () => {
    await t.database.db.execute(sql`
      insert into policy_settings (jurisdiction_code, overrides, updated_at)
      values ('330106000000', '{"backfillDays": "lots", "farCheckInMeters": 800, "retired": 1}', now())
      on conflict (jurisdiction_code) do update set overrides = excluded.overrides`);
    const res = await get('330106000000', '王海峰');
    expect(res.statusCode).toBe(200);
    expect(res.json().overrides).toEqual({ farCheckInMeters: 800 });
    expect(res.json().effective.backfillDays).toBe(45);
    await put('330106000000', '王海峰', {});
  });
});

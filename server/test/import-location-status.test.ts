import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises } from '../src/db/schema/enterprises';
import { createMemoryStorage } from '../src/lib/storage';
import { uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { commitImport, csvOf, dryRun, importUscc } from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

const SANDUN = '330106109000';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const byUscc = async (uscc: string) =>
  (await t.database.db.select().from(enterprises).where(eq(enterprises.uscc, uscc)))[0];
const HEADER = ['统一社会信用代码', '企业名称', '所属区划代码', '经度', '纬度', '经营状态'];

describe('enterprise import: 经度/纬度 and 经营状态 columns', () => {
  it('refuses coordinates out of range, only one of the two, and an unknown status, writing nothing', async () => {
    const file = csvOf([
      HEADER,
      [importUscc(901), '杭州经度越界有限公司', SANDUN, '200', '30.3', ''],
      [importUscc(902), '杭州只有纬度有限公司', SANDUN, '', '30.3', ''],
      [importUscc(903), '杭州纬度不是数字有限公司', SANDUN, '120.1', '北纬30度', ''],
      [importUscc(904), '杭州状态不明有限公司', SANDUN, '', '', '歇业中'],
      [importUscc(905), '杭州正确有限公司', SANDUN, '120.1', '30.3', '正常'],
    ]);
    const result = await dryRun(t, 'enterprises', file, { filename: '企业-坐标有错.csv' });
    expect(result.state).toBe('invalid');
    expect(
      result.errors.map((e: { row: number; column: string; message: string }) => [
        e.row,
        e.column,
        e.message,
      ]),
    ).toEqual([
      [2, '经度', '经度应在 72 到 138 之间（中国境内）'],
      [3, '经度', '经度和纬度应同时填写（或都不填）'],
      [4, '纬度', '纬度应为十进制度数，如 30.3243'],
      [5, '经营状态', '经营状态应为 正常、停业 或 注销'],
    ]);
    expect(await byUscc(importUscc(905))).toBeUndefined();
  });

  it('stores imported coordinates and status; a visit check-in is then measured against them', async () => {
    const [existing] = await t.database.db
      .select()
      .from(enterprises)
      .where(eq(enterprises.jurisdictionCode, SANDUN))
      .orderBy(enterprises.uscc)
      .limit(1);
    const file = csvOf([
      HEADER,
      // About 1.1 km north of the check-in position the visit below sends (30.3, 120.1).
      [importUscc(911), '杭州导入坐标有限公司', SANDUN, '120.1', '30.31', ''],
      [importUscc(912), '杭州导入停业有限公司', SANDUN, '', '', '停业'],
      [existing!.uscc, existing!.name, SANDUN, '120.1', '30.3', '注销'],
    ]);
    const result = await dryRun(t, 'enterprises', file, { filename: '企业-坐标.csv' });
    expect(result).toMatchObject({ state: 'validated', inserts: 2, updates: 1, errorCount: 0 });
    expect((await commitImport(t, result.id)).body).toMatchObject({ state: 'committed', inserts: 2 });

    const located = (await byUscc(importUscc(911)))!;
    expect(located).toMatchObject({ latitude: 30.31, longitude: 120.1, status: 'active' });
    expect(await byUscc(importUscc(912))).toMatchObject({
      latitude: null,
      longitude: null,
      status: 'suspended',
    });
    expect(await byUscc(existing!.uscc)).toMatchObject({
      latitude: 30.3,
      longitude: 120.1,
      status: 'closed',
    });

    const photo = await uploadPhoto(t, '刘芳');
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(located.id, '2026-11-12T06:00:00Z', [photo]),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().visit.distanceMeters).toBeGreaterThan(1000);
    expect(res.json().visit.distanceMeters).toBeLessThan(1200);
    expect(res.json().flags).toEqual(['far_from_enterprise']);
  });
});

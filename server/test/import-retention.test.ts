import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/lib/clock';
import { createMemoryStorage } from '../src/lib/storage';
import { createImportRetention } from '../src/modules/imports/retention';
import { createImportService } from '../src/modules/imports/service';
import { createRetentionService, type RetentionService } from '../src/modules/retention/service';
import { multipart } from './helpers/duty-fixtures';
import { csvOf, importUscc, settled } from './helpers/imports';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Abandoned dry runs (个人信息保护法 art. 19: kept no longer than needed): an import validated but
 * never committed keeps its staged rows and uploaded file only IMPORT_DRY_RUN_RETENTION_HOURS; the
 * daily retention job then deletes both and marks it expired. Walked with a fake clock.
 */
const HOUR = 3_600_000;
const clock = fixedClock('2026-11-16T02:00:00Z');
const storage = createMemoryStorage();
let t: TestApp;
let retention: RetentionService;
let serial = 0;

beforeAll(async () => {
  t = await createTestApp({ clock, storage });
  const db = t.database.db;
  retention = createRetentionService({
    db,
    clock,
    settings: t.app.container.services.settings,
    reminderRetentionDays: 180,
    imports: createImportRetention({ database: t.database, storage, dryRunHours: 24 }),
  });
});
afterAll(() => t.close());

/** A dry run of `rows` enterprise rows by 王海峰, settled (validated unless a row is bad). */
async function dryRun(rows: (string | number)[][]) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/imports?kind=enterprises',
    as: '王海峰',
    ...multipart(csvOf([['统一社会信用代码', '企业名称', '所属区划代码'], ...rows]), {
      filename: 'retention.csv',
      contentType: 'text/csv',
    }),
  });
  expect(res.statusCode, res.body).toBe(202);
  return (await settled(t, res.json().id, '王海峰')) as { id: string; state: string };
}

const goodRows = () =>
  [1, 2, 3].map((i) => [importUscc(9000 + ++serial), `杭州留存测试${serial}-${i}有限公司`, '330106109000']);

const staged = async (id: string) =>
  Number(
    (
      await t.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from import_enterprise_rows where import_id = ${id}::uuid`,
      )
    ).rows[0]!.n,
  );
const hasFile = (id: string) => storage.keys().includes(`import-${id}`);
const get = async (id: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/imports/${id}`, as: '王海峰' })).json();

describe('abandoned import dry runs (retention)', () => {
  let abandoned: string;
  let fresh: string;
  let committed: string;
  let invalid: string;

  beforeAll(async () => {
    abandoned = (await dryRun(goodRows())).id;
    invalid = (await dryRun([['123', '坏行', '330106109000']])).id;
    const toCommit = (await dryRun(goodRows())).id;
    const res = await t.request({ method: 'POST', url: `/api/v1/imports/${toCommit}/commit`, as: '王海峰' });
    expect(res.statusCode, res.body).toBeLessThan(300);
    committed = (await settled(t, toCommit, '王海峰')).id;
    clock.advance(20 * HOUR);
    fresh = (await dryRun(goodRows())).id;
  });

  it('a validated dry run keeps its staged rows and file while it may still be committed', async () => {
    expect((await get(abandoned)).state).toBe('validated');
    expect(await staged(abandoned)).toBe(3);
    expect(hasFile(abandoned)).toBe(true);
    clock.advance(3 * HOUR); // 23 h after validation
    expect((await retention.purge()).importsExpired).toBe(0);
    expect(await staged(abandoned)).toBe(3);
    expect(hasFile(abandoned)).toBe(true);
  });

  it('past 24 hours: staged rows and file deleted, state expired with a Chinese message; commit refused as expired', async () => {
    clock.advance(2 * HOUR); // 25 h
    const report = await retention.purge();
    expect(report.importsExpired).toBe(1);
    expect(await staged(abandoned)).toBe(0);
    expect(hasFile(abandoned)).toBe(false);
    const body = await get(abandoned);
    expect(body.state).toBe('expired');
    expect(body.message).toMatch(/已过期.*重新上传/);
    const commit = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${abandoned}/commit`,
      as: '王海峰',
    });
    expect(commit.statusCode).toBe(409);
    expect(commit.json()).toMatchObject({
      code: 'import_expired',
      message: '该导入的校验结果已过期，请重新上传文件',
    });
  });

  it('leaves the dry run validated 5 hours ago, the committed and the invalid import alone', async () => {
    expect((await get(fresh)).state).toBe('validated');
    expect(await staged(fresh)).toBe(3);
    expect(hasFile(fresh)).toBe(true);
    expect((await get(committed)).state).toBe('committed');
    expect((await get(invalid)).state).toBe('invalid');
  });

  it('is safe to run again, and expires the next one once it is old enough', async () => {
    expect((await retention.purge()).importsExpired).toBe(0);
    clock.advance(20 * HOUR);
    expect((await retention.purge()).importsExpired).toBe(1);
    expect((await get(fresh)).state).toBe('expired');
    expect(await staged(fresh)).toBe(0);
    expect(hasFile(fresh)).toBe(false);
  });

  it('the list of the importer shows them expired', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/imports', as: '王海峰' });
    const states = res.json().items.map((i: { id: string; state: string }) => [i.id, i.state]);
    expect(states).toEqual(
      expect.arrayContaining([
        [abandoned, 'expired'],
        [fresh, 'expired'],
      ]),
    );
  });
});

/**
 * A restart in the middle of a dry run or a commit leaves staged rows and the uploaded file: the
 * restarted server marks the import failed and deletes both. Whatever a failed import still left
 * (a clean-up that failed itself, a restart before this was done) the daily job deletes once the
 * import is older than the dry-run retention.
 */
describe('interrupted and failed imports leave nothing behind', () => {
  const setState = (id: string, state: string) =>
    t.database.db.execute(sql`update imports set state = ${state}::import_state where id = ${id}::uuid`);
  /** The server starting again over the same database and files. */
  const restart = () =>
    createImportService({
      database: t.database,
      clock,
      storage,
      logger: { error: () => undefined },
    }).recover();

  it('a restart marks imports cut short failed and deletes their staged rows and file', async () => {
    const committing = (await dryRun(goodRows())).id;
    const validating = (await dryRun(goodRows())).id;
    const validated = (await dryRun(goodRows())).id;
    // The process died mid-commit (its transaction rolled back) and mid-validation.
    await setState(committing, 'committing');
    await setState(validating, 'validating');
    expect(await staged(committing)).toBe(3);

    await restart();
    for (const id of [committing, validating]) {
      const body = await get(id);
      expect(body.state).toBe('failed');
      expect(body.message).toMatch(/服务重启.*未写入任何数据/);
      expect(await staged(id)).toBe(0);
      expect(hasFile(id)).toBe(false);
    }
    expect((await get(validated)).state).toBe('validated');
    expect(await staged(validated)).toBe(3);
    expect(hasFile(validated)).toBe(true);
  });

  it('the daily job deletes what a failed import left, once it is older than the retention, and only once', async () => {
    // A failed import whose clean-up did not happen (as before restarts cleaned up).
    const leftover = (await dryRun(goodRows())).id;
    await setState(leftover, 'failed');
    clock.advance(23 * HOUR);
    expect((await retention.purge()).importsPurged).toBe(0);
    expect(await staged(leftover)).toBe(3);
    expect(hasFile(leftover)).toBe(true);

    clock.advance(2 * HOUR);
    // The two failed at the restart above are checked too (nothing left), each once.
    expect((await retention.purge()).importsPurged).toBe(3);
    expect(await staged(leftover)).toBe(0);
    expect(hasFile(leftover)).toBe(false);
    expect((await get(leftover)).state).toBe('failed');
    expect((await retention.purge()).importsPurged).toBe(0);
  });
});

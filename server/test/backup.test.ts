import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client';
import { assertSchemaNotNewer, codeMigrationLevel } from '../src/db/migration-level';
import { dutyBookkeepingMismatches } from '../src/db/tally-check';
import { seedDemo } from '../src/demo/seed-demo';
import { createLocalStorage, createMemoryStorage } from '../src/lib/storage';
import { createArchiveWriter, listArchive, readEntryBuffer } from '../src/modules/backup/archive';
import { createBackup } from '../src/modules/backup/backup';
import { MANIFEST_ENTRY, manifestSchema } from '../src/modules/backup/manifest';
import { restoreBackup, RestoreError } from '../src/modules/backup/restore';
import { createBackupService } from '../src/modules/backup/service';
import { rowCounts } from '../src/modules/backup/snapshot';
import { migrationsDir, withDatabase } from './global-setup';
import { contactBody, enterpriseAt, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

const postgresUrl = process.env.TEST_DATABASE_URL;
let t: TestApp;
const storage = createMemoryStorage();
const dir = mkdtempSync(path.join(tmpdir(), 'coordnet-backup-test-'));
const archive = path.join(dir, 'backup.tar');
const databases: string[] = [];

/** A new empty Postgres database next to the test one (dropped at the end). */
async function emptyPostgres(): Promise<string> {
  const name = `coordnet_restore_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  databases.push(name);
  return withDatabase(postgresUrl!, name);
}

beforeAll(async () => {
  t = await createTestApp({ storage });
  const enterprise = await enterpriseAt(t, '330106109000', 2);
  const photo = await uploadPhoto(t, '刘芳');
  const visit = await t.request({
    method: 'POST',
    url: '/api/v1/visits',
    as: '刘芳',
    payload: visitBody(enterprise.id, '2026-11-12T06:00:00Z', [photo]),
  });
  expect(visit.statusCode).toBe(201);
  const contact = await t.request({
    method: 'POST',
    url: '/api/v1/contacts',
    as: '刘芳',
    payload: contactBody(enterprise.id, '2026-11-13T06:00:00Z'),
  });
  expect(contact.statusCode).toBe(201);
  await createBackup({ database: t.database, storage, clock: t.clock, migrationsDir }, archive);
}, 60_000);

afterAll(async () => {
  await t.close();
  if (postgresUrl && databases.length > 0) {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run backup: one archive of the database, the photos and a manifest', () => {
  it('writes a tar whose manifest names the schema level, the row counts and every photo’s checksum', async () => {
    const entries = await listArchive(archive);
    expect(entries.at(-1)!.name).toBe(MANIFEST_ENTRY);
    const manifest = manifestSchema.parse(
      JSON.parse((await readEntryBuffer(archive, entries.at(-1)!)).toString()),
    );
    expect(manifest.migration.count).toBe(codeMigrationLevel(migrationsDir).count);
    expect(manifest.migration.tag).toBe(codeMigrationLevel(migrationsDir).tag);
    expect(manifest.rowCounts).toEqual(await rowCounts(t.database.db));
    expect(manifest.rowCounts.duty_logs).toBeGreaterThanOrEqual(2);
    expect(manifest.files.map((f) => f.key).sort()).toEqual(storage.keys().sort());
    expect(entries.map((e) => e.name)).toContain(`files/${manifest.files[0]!.key}`);
    expect(readdirSync(dir)).toEqual(['backup.tar']);
  });
});

describe.skipIf(postgresUrl)('npm run restore into an empty embedded data folder', () => {
  const dataDir = path.join(dir, 'restored-pglite');
  const uploads = path.join(dir, 'restored-uploads');

  it('restores, and verifies row counts, tallies recounted and every photo’s checksum', async () => {
    const report = await restoreBackup(
      archive,
      { dataDir, storage: createLocalStorage(uploads) },
      { migrationsDir },
    );
    expect(report).toMatchObject({
      ok: true,
      rowCountMismatches: {},
      tallyMismatches: {},
      fileMismatches: [],
    });
    const restored = await openDatabase({ dataDir });
    try {
      expect(await rowCounts(restored.db)).toEqual(report.manifest.rowCounts);
      expect(Object.values(await dutyBookkeepingMismatches(restored.db)).every((n) => n === 0)).toBe(true);
    } finally {
      await restored.close();
    }
  }, 60_000);

  it('refuses a target that is not empty, unless --force', async () => {
    const target = { dataDir, storage: createLocalStorage(uploads) };
    await expect(restoreBackup(archive, target, { migrationsDir })).rejects.toThrow(/not empty/);
    const report = await restoreBackup(archive, target, { migrationsDir, force: true });
    expect(report.ok).toBe(true);
  }, 60_000);
});

describe('restore refuses what it cannot restore faithfully', () => {
  async function rewritten(change: (manifest: Record<string, unknown>) => void, drop = 0): Promise<string> {
    const entries = await listArchive(archive);
    const file = path.join(dir, `changed-${Math.random().toString(36).slice(2)}.tar`);
    const writer = createArchiveWriter(file, new Date());
    for (const entry of entries.slice(0, entries.length - 1 - drop)) {
      await writer.add(entry.name, entry.size, await readEntryBuffer(archive, entry));
    }
    const manifest = JSON.parse((await readEntryBuffer(archive, entries.at(-1)!)).toString());
    change(manifest);
    const body = Buffer.from(JSON.stringify(manifest));
    await writer.add(MANIFEST_ENTRY, body.length, body);
    await writer.finish();
    return file;
  }
  const target = () => ({
    dataDir: path.join(dir, `never-${Math.random()}`),
    storage: createMemoryStorage(),
  });

  it('an archive from a newer migration level than the code', async () => {
    const file = await rewritten((m) => {
      const migration = m.migration as { count: number; when: number; tag: string };
      m.migration = { count: migration.count + 1, when: migration.when + 1, tag: '9999_future' };
    });
    const error = await restoreBackup(file, target(), { migrationsDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as Error).message).toMatch(/newer CoordNet/);
  });

  it('a truncated archive (no manifest) or one whose photo is missing', async () => {
    const truncated = path.join(dir, 'truncated.tar');
    const whole = await import('node:fs/promises').then((fs) => fs.readFile(archive));
    writeFileSync(truncated, whole.subarray(0, whole.length - 3000));
    await expect(restoreBackup(truncated, target(), { migrationsDir })).rejects.toThrow(/not a complete/);
    const noPhoto = await rewritten(() => undefined, 1);
    await expect(restoreBackup(noPhoto, target(), { migrationsDir })).rejects.toThrow(/is missing/);
  });
});

describe.skipIf(!postgresUrl)('upgrades on Postgres', () => {
  it('two instances migrating one empty database at once take turns under the advisory lock', async () => {
    const url = await emptyPostgres();
    const x = await openDatabase({ databaseUrl: url, poolMax: 1 });
    const y = await openDatabase({ databaseUrl: url, poolMax: 1 });
    try {
      await Promise.all([x.migrate(migrationsDir), y.migrate(migrationsDir)]);
      const applied = await x.db.execute<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied.rows[0]!.n).toBe(codeMigrationLevel(migrationsDir).count);
    } finally {
      await x.close();
      await y.close();
    }
  }, 120_000);
});

describe.skipIf(!postgresUrl)('restore into Postgres', () => {
  it('an embedded (PGlite) archive into an empty Postgres: the same rows and tallies', async () => {
    const source = await openDatabase({ dataDir: 'memory://' });
    const embedded = path.join(dir, 'embedded.tar');
    const files = createMemoryStorage();
    try {
      await source.migrate(migrationsDir);
      await seedDemo(source.db);
      await createBackup({ database: source, storage: files, clock: t.clock, migrationsDir }, embedded);
      const counts = await rowCounts(source.db);
      const url = await emptyPostgres();
      const report = await restoreBackup(
        embedded,
        { databaseUrl: url, storage: createMemoryStorage() },
        { migrationsDir },
      );
      expect(report).toMatchObject({ ok: true, rowCountMismatches: {}, tallyMismatches: {} });
      const restored = await openDatabase({ databaseUrl: url, poolMax: 1 });
      try {
        expect(await rowCounts(restored.db)).toEqual(counts);
        expect(Object.values(await dutyBookkeepingMismatches(restored.db)).every((n) => n === 0)).toBe(true);
      } finally {
        await restored.close();
      }
    } finally {
      await source.close();
    }
  }, 120_000);

  it('a Postgres archive (pg_dump) into an empty Postgres, with its photos', async () => {
    const url = await emptyPostgres();
    const files = createMemoryStorage();
    const report = await restoreBackup(archive, { databaseUrl: url, storage: files }, { migrationsDir });
    expect(report).toMatchObject({
      ok: true,
      rowCountMismatches: {},
      tallyMismatches: {},
      fileMismatches: [],
    });
    expect(files.keys().sort()).toEqual(storage.keys().sort());
    await expect(
      restoreBackup(archive, { databaseUrl: url, storage: files }, { migrationsDir }),
    ).rejects.toThrow(/not empty/);
  }, 120_000);
});

describe('the scheduled backup, its age on /metrics and on the province managers’ home page', () => {
  const backupDir = path.join(dir, 'scheduled');
  const service = () => createBackupService({ database: t.database, storage, clock: t.clock, migrationsDir });

  it('shows no good backup yet: +Inf on /metrics, stale for the province, 403 for a county manager', async () => {
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('coordnet_backup_last_good_age_seconds +Inf');
    const status = await t.request({ method: 'GET', url: '/api/v1/backups/status', as: '陈建国' });
    expect(status.json()).toEqual({ lastGoodAt: null, stale: true, scheduled: false });
    const county = await t.request({ method: 'GET', url: '/api/v1/backups/status', as: '王海峰' });
    expect(county.statusCode).toBe(403);
  });

  it('runs at the hour the county set, once, and keeps the number it set', async () => {
    const county = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/330106000000',
      as: '王海峰',
      payload: { backupHour: 3, backupKeep: 2 },
    });
    expect(county.statusCode).toBe(200);
    const backups = service();
    expect(await backups.schedule()).toEqual({ hour: 3, keep: 2 });
    t.clock.set('2026-11-16T18:10:00Z'); // 02:10 in China: not the hour
    expect(await backups.tick(backupDir)).toBeNull();
    for (const day of ['16', '17', '18']) {
      t.clock.set(`2026-11-${day}T19:10:00Z`); // 03:10 the next morning in China
      expect(await backups.tick(backupDir)).toMatchObject({
        file: expect.stringContaining('coordnet-backup-'),
      });
      t.clock.advance(30 * 60_000);
      expect(await backups.tick(backupDir)).toBeNull(); // once a day
    }
    expect(readdirSync(backupDir).sort()).toEqual([
      'coordnet-backup-20261118-0310.tar',
      'coordnet-backup-20261119-0310.tar',
    ]);
  }, 60_000);

  it('reports the age once a backup succeeded, and stale again after two days', async () => {
    t.clock.set('2026-11-18T20:10:00Z');
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('coordnet_backup_last_good_age_seconds 3600');
    const fresh = await t.request({ method: 'GET', url: '/api/v1/backups/status', as: '陈建国' });
    expect(fresh.json()).toMatchObject({ lastGoodAt: '2026-11-18T19:10:00.000Z', stale: false });
    t.clock.set('2026-11-21T20:00:00Z');
    const stale = await t.request({ method: 'GET', url: '/api/v1/backups/status', as: '陈建国' });
    expect(stale.json()).toMatchObject({ stale: true });
  });
});

describe('upgrades', () => {
  it('a database migrated by a newer CoordNet is refused with a clear message', async () => {
    await expect(assertSchemaNotNewer(t.database.db, migrationsDir)).resolves.toBeUndefined();
    await t.database.db.execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', ${codeMigrationLevel(migrationsDir).when + 1000})`,
    );
    await expect(assertSchemaNotNewer(t.database.db, migrationsDir)).rejects.toThrow(
      /schema is newer than this CoordNet.*Refusing to serve/s,
    );
  });
});

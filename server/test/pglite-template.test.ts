import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteFromTemplate, writePgliteTemplate } from '../src/db/pglite-template';
import { migrationsDir } from './global-setup';

const dir = mkdtempSync(path.join(tmpdir(), 'coordnet-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const template = path.join(dir, 'template');

const appliedMigrations = async (database: Awaited<ReturnType<typeof openPgliteFromTemplate>>) => {
  const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
};
const journalEntries = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).length;

/** npm start's first start on the embedded database begins from the build's migrated template. */
describe.runIf(!process.env.TEST_DATABASE_URL)('embedded database template', () => {
  it('starts a new data folder migrated, and then keeps what was written there', async () => {
    await writePgliteTemplate(template, migrationsDir);
    const dataDir = path.join(dir, 'data');
    const first = await openPgliteFromTemplate(dataDir, template);
    expect(await appliedMigrations(first)).toBe(journalEntries);
    await first.migrate(migrationsDir);
    await first.db.execute(sql`create table written_after_start (n int)`);
    await first.db.execute(sql`insert into written_after_start values (1)`);
    await first.close();

    const again = await openPgliteFromTemplate(dataDir, template);
    const rows = await again.db.execute(sql`select n from written_after_start`);
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([{ n: 1 }]);
    await again.close();
  });

  it('runs initdb when the template is missing or unreadable', async () => {
    const broken = path.join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'PG_VERSION'), 'not a data folder\n');
    for (const file of [broken, path.join(dir, 'missing')]) {
      const dataDir = mkdtempSync(path.join(dir, 'fallback-'));
      const database = await openPgliteFromTemplate(dataDir, file);
      await database.migrate(migrationsDir);
      expect(await appliedMigrations(database)).toBe(journalEntries);
      await database.close();
    }
  });
});

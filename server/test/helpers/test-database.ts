import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { withDatabase } from '../global-setup';

/** A fresh database for one test file, migrated and optionally holding the demo county. */
export async function createTestDatabase({ demo }: { demo: boolean }): Promise<Database> {
  const templates = inject('databaseTemplates');
  const template = demo ? templates.demo : templates.empty;
  if (templates.kind === 'pglite') {
    return openDatabase({ dataDir: 'memory://', snapshot: new Blob([readFileSync(template)]) });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `coordnet_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolMax: 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

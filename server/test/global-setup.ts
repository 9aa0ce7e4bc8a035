import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../src/db/client';
import { seedDemo } from '../src/demo/seed-demo';

export const migrationsDir = path.resolve(import.meta.dirname, '../../migrations');

/** Where each test file copies its fresh database from: empty (migrated only) or with the demo county. */
export interface DatabaseTemplates {
  empty: string;
  demo: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates & { kind: 'pglite' | 'postgres' };
  }
}

/**
 * Migrations (and the demo seed) run once here. On PGlite each file loads a data-dir snapshot,
 * which skips initdb; on Postgres (TEST_DATABASE_URL) each file gets CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(tmpdir(), 'coordnet-test-'));
    const templates = { empty: path.join(dir, 'empty.tar'), demo: path.join(dir, 'demo.tar') };
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate(migrationsDir);
    await snapshot(database, templates.empty);
    await seedDemo(database.db);
    await snapshot(database, templates.demo);
    await database.close();
    project.provide('databaseTemplates', { kind: 'pglite', ...templates });
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const templates = { empty: `coordnet_tpl_empty_${process.pid}`, demo: `coordnet_tpl_demo_${process.pid}` };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (const [kind, name] of Object.entries(templates)) {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolMax: 2 });
    await database.migrate(migrationsDir);
    if (kind === 'demo') await seedDemo(database.db);
    await database.close();
  }
  project.provide('databaseTemplates', { kind: 'postgres', ...templates });
  return async () => {
    for (const name of Object.values(templates))
      await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}

async function snapshot(database: Database, file: string) {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const blob = await client.dumpDataDir('none');
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

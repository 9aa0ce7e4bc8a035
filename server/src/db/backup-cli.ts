// `npm run backup -- --out <file>`: one archive of the database and the uploaded files (docs/operations.md).
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { systemClock } from '../lib/clock';
import { createStorage } from '../lib/storage';
import type { Manifest } from '../modules/backup/manifest';
import { readArchive } from '../modules/backup/restore';
import { opsToken } from '../modules/backup/routes';
import { runningServer } from '../modules/backup/running-server';
import { createBackupService } from '../modules/backup/service';
import { openDatabase } from './client';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('Usage: npm run backup -- --out <file.tar>');
  process.exit(2);
}
const out = path.resolve(values.out);
const config = loadConfig();
const started = performance.now();

function summary(manifest: Manifest, how: string) {
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    [
      `Backup written: ${out}`,
      `  ${how}; database ${manifest.driver} at migration ${manifest.migration.tag ?? manifest.migration.count}`,
      `  ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows (as of ${manifest.snapshotAt}), ${manifest.files.length} files`,
      `  writes waited ${manifest.database.writePauseMs ?? 0} ms for the dump; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  if (manifest.missingFiles.length > 0)
    console.warn(
      `  WARNING: ${manifest.missingFiles.length} photos were already missing from storage: ${manifest.missingFiles.join(', ')}`,
    );
  if (manifest.damagedFiles.length > 0)
    console.warn(
      `  WARNING: ${manifest.damagedFiles.length} photos no longer match their checksum: ${manifest.damagedFiles.join(', ')}`,
    );
}

const running = config.databaseUrl ? null : runningServer(config.dataDir);
if (running) {
  // The embedded database is the running server's: it writes the archive and streams it here.
  const response = await fetch(`http://127.0.0.1:${running.port}/ops/backup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opsToken(config.secretsKey)}` },
  });
  if (!response.ok || !response.body) {
    console.error(
      `The running server (pid ${running.pid}) could not take the backup: ${response.status} ${await response.text()}`,
    );
    process.exit(1);
  }
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  summary(
    (await readArchive(out)).manifest,
    `taken by the running server (pid ${running.pid}) without stopping it`,
  );
  process.exit(0);
}

const dataDir = path.join(config.dataDir, 'pglite');
if (!config.databaseUrl && (!existsSync(dataDir) || readdirSync(dataDir).length === 0)) {
  console.error(`No embedded database in ${dataDir} (set DATA_DIR, or DATABASE_URL for Postgres).`);
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, poolMax: 2 });
try {
  const backups = createBackupService({
    database,
    storage: await createStorage(config.storage, path.join(config.dataDir, 'spool')),
    clock: systemClock,
    migrationsDir: config.migrationsDir,
  });
  const manifest = await backups.run('cli', out);
  summary(
    manifest,
    database.driver === 'postgres'
      ? 'pg_dump of one snapshot, instances kept writing'
      : 'embedded database (no server running)',
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}

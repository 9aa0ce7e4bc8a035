// `npm run restore -- --in <file> [--force]`: restores an archive into an empty target and verifies it (docs/operations.md).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createStorage } from '../lib/storage';
import { restoreBackup, RestoreError } from '../modules/backup/restore';
import { runningServer } from '../modules/backup/running-server';

const { values } = parseArgs({
  options: { in: { type: 'string' }, force: { type: 'boolean', default: false } },
});
if (!values.in) {
  console.error('Usage: npm run restore -- --in <file.tar> [--force]');
  process.exit(2);
}
const config = loadConfig();
const running = config.databaseUrl ? null : runningServer(config.dataDir);
if (running) {
  console.error(
    `A CoordNet server (pid ${running.pid}) is running on ${config.dataDir}: stop it before restoring.`,
  );
  process.exit(2);
}
const storage = await createStorage(config.storage, path.join(config.dataDir, 'spool'));
const started = performance.now();
try {
  const report = await restoreBackup(
    path.resolve(values.in),
    {
      databaseUrl: config.databaseUrl,
      dataDir: path.join(config.dataDir, 'pglite'),
      storage,
      storageHasFiles: async () => !(await storage.isEmpty()),
    },
    { migrationsDir: config.migrationsDir, force: values.force, log: (line) => console.log(`  ${line}`) },
  );
  const { manifest } = report;
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    [
      `Restored ${values.in} (${manifest.driver} backup of ${manifest.snapshotAt}) into ${config.databaseUrl ? 'Postgres (DATABASE_URL)' : `${config.dataDir}`}`,
      `  row counts: ${Object.keys(report.rowCountMismatches).length === 0 ? `all ${Object.keys(manifest.rowCounts).length} tables equal (${rows} rows)` : `DIFFER ${JSON.stringify(report.rowCountMismatches)}`}`,
      `  duty tallies: ${Object.keys(report.tallyMismatches).length === 0 ? 'equal to a recount' : `DIFFER ${JSON.stringify(report.tallyMismatches)}`}`,
      `  files: ${report.fileMismatches.length === 0 ? `all ${manifest.files.length} open and match their checksums` : `${report.fileMismatches.length} DIFFER: ${report.fileMismatches.join(', ')}`}`,
      `  schema now at ${report.migratedTo}; took ${((performance.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  if (!report.ok) {
    console.error(
      'Verification FAILED: do not start the server on this data; keep the archive and report it.',
    );
    process.exitCode = 1;
  }
} catch (error) {
  if (error instanceof RestoreError) {
    console.error(`Restore refused: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}

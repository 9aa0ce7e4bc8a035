import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Database } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { Storage } from '../../lib/storage';
import { createArchiveWriter } from './archive';
import { appVersion, fileEntry, MANIFEST_ENTRY, type Manifest } from './manifest';
import { takeSnapshot } from './snapshot';

export interface BackupDeps {
  database: Database;
  /** Where uploaded photos and import files are; walked by the keys the database names (get only). */
  storage: Pick<Storage, 'get'>;
  clock: Clock;
  migrationsDir: string;
}

/** `source`'s bytes, hashed on the way through (an error of the source ends the stream with it). */
export function hashing(source: Readable): { stream: Transform; digest(): string } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  source.once('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return { stream, digest: () => hash.digest('hex') };
}

/**
 * Writes one archive of everything a county would miss to `file`: the database as of one moment
 * (snapshot.ts), every photo and import file that database names, and the manifest last. Files
 * written after the snapshot are not in it, and need not be: no row in the archive names them.
 */
export async function createBackup(deps: BackupDeps, file: string): Promise<Manifest> {
  const snapshotAt = deps.clock.now();
  const snapshot = await takeSnapshot(deps.database, deps.migrationsDir);
  const writer = createArchiveWriter(file, snapshotAt);
  try {
    const dump = hashing(snapshot.open());
    await writer.add(snapshot.entry, snapshot.size, dump.stream);
    const files: Manifest['files'] = [];
    const missingFiles: string[] = [];
    const damagedFiles: string[] = [];
    for (const ref of snapshot.files) {
      const stored = await deps.storage.get(ref.key);
      if (!stored) {
        // Import files go when their import is committed or expires; only a photo is missed.
        if (ref.kind === 'upload') missingFiles.push(ref.key);
        continue;
      }
      const bytes = hashing(stored.stream);
      await writer.add(fileEntry(ref.key), stored.size, bytes.stream);
      const sha256 = bytes.digest();
      if (ref.sha256 && ref.sha256 !== sha256) damagedFiles.push(ref.key);
      files.push({ key: ref.key, kind: ref.kind, size: stored.size, sha256 });
    }
    const manifest: Manifest = {
      format: 'coordnet-backup',
      formatVersion: 1,
      appVersion: appVersion(deps.migrationsDir),
      snapshotAt: snapshotAt.toISOString(),
      finishedAt: deps.clock.now().toISOString(),
      driver: snapshot.driver,
      database: {
        entry: snapshot.entry,
        size: snapshot.size,
        sha256: dump.digest(),
        writePauseMs: snapshot.writePauseMs,
      },
      migration: snapshot.migration,
      rowCounts: snapshot.rowCounts,
      files,
      missingFiles,
      damagedFiles,
    };
    const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writer.add(MANIFEST_ENTRY, body.length, body);
    await writer.finish();
    return manifest;
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await snapshot.dispose();
  }
}

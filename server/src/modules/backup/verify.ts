import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import { dutyBookkeepingMismatches } from '../../db/tally-check';
import type { Storage } from '../../lib/storage';
import type { Manifest } from './manifest';
import { rowCounts } from './snapshot';

export interface Verification {
  /** Tables whose row count differs from the manifest's: expected and found. */
  rowCountMismatches: Record<string, { expected: number; found: number | null }>;
  /** Duty tallies and marks that differ from a recount over the restored logs and enterprises. */
  tallyMismatches: Record<string, number>;
  /** Files that are missing from storage or whose bytes do not hash to the manifest's checksum. */
  fileMismatches: string[];
  ok: boolean;
}

export async function verifyDatabase(db: Db, manifest: Manifest) {
  const found = await rowCounts(db);
  const rowCountMismatches: Verification['rowCountMismatches'] = {};
  for (const [table, expected] of Object.entries(manifest.rowCounts)) {
    if (found[table] !== expected) rowCountMismatches[table] = { expected, found: found[table] ?? null };
  }
  const tallies = await dutyBookkeepingMismatches(db);
  const tallyMismatches = Object.fromEntries(Object.entries(tallies).filter(([, n]) => n !== 0));
  return { rowCountMismatches, tallyMismatches };
}

export async function sha256Of(storage: Pick<Storage, 'get'>, key: string): Promise<string | null> {
  const stored = await storage.get(key);
  if (!stored) return null;
  const hash = createHash('sha256');
  for await (const chunk of stored.stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file of the manifest opens from storage and hashes to its checksum. */
export async function verifyFiles(storage: Pick<Storage, 'get'>, manifest: Manifest): Promise<string[]> {
  const bad: string[] = [];
  for (const file of manifest.files) {
    if ((await sha256Of(storage, file.key)) !== file.sha256) bad.push(file.key);
  }
  return bad;
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The last entry of every archive: what it holds, and what a restore checks it got back. */
export const manifestSchema = z.object({
  format: z.literal('coordnet-backup'),
  formatVersion: z.literal(1),
  appVersion: z.string(),
  /** When the database snapshot was taken: everything acknowledged before it is in the archive. */
  snapshotAt: z.string(),
  finishedAt: z.string(),
  driver: z.enum(['pglite', 'postgres']),
  database: z.object({
    entry: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    /** How long writes waited while the dump was read (0 on Postgres). */
    writePauseMs: z.number().int().optional(),
  }),
  migration: z.object({ count: z.number().int(), tag: z.string().nullable(), when: z.number() }),
  rowCounts: z.record(z.string(), z.number().int()),
  files: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(['upload', 'import']),
      size: z.number().int(),
      sha256: z.string(),
    }),
  ),
  /** Photos the database names that storage did not have when the backup ran (lost before it). */
  missingFiles: z.array(z.string()),
  /** Photos whose bytes no longer match the checksum recorded at upload. */
  damagedFiles: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const MANIFEST_ENTRY = 'manifest.json';
export const fileEntry = (key: string) => `files/${key}`;

/** package.json's version: the repository root's next to migrations/, or the server's (the Docker image). */
export function appVersion(migrationsDir: string): string {
  for (const candidate of ['../package.json', '../server/package.json']) {
    const file = path.resolve(migrationsDir, candidate);
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '';
  }
  return 'unknown';
}

import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { PROVINCE_DEFAULT_SETTINGS } from '@coordnet/shared/api/settings';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Database } from '../../db/client';
import { backupRuns } from '../../db/schema/backups';
import { policySettings } from '../../db/schema/settings';
import type { Clock } from '../../lib/clock';
import type { Storage } from '../../lib/storage';
import { createBackup } from './backup';
import type { Manifest } from './manifest';

export const SCHEDULED_PREFIX = 'coordnet-backup-';
/** The home page warns province managers when the last good backup is older than this. */
export const STALE_AFTER_MS = 2 * 24 * 3600_000;

/** `2026-11-16T02:05:00Z` → `20261116-1005` in China time, for file names an officer can sort. */
function stamp(at: Date): string {
  const cst = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${cst.slice(0, 10).replaceAll('-', '')}-${cst.slice(11, 16).replace(':', '')}`;
}

export function createBackupService(deps: {
  database: Database;
  storage: Pick<Storage, 'get'>;
  clock: Clock;
  migrationsDir: string;
}) {
  const { database, clock } = deps;
  const db = database.db;

  /** Takes a backup into `file` and records how it went (a failure is recorded, then rethrown). */
  async function run(trigger: 'cli' | 'schedule', file: string): Promise<Manifest> {
    const startedAt = clock.now();
    try {
      const manifest = await createBackup(deps, file);
      await db.insert(backupRuns).values({
        trigger,
        startedAt,
        finishedAt: clock.now(),
        ok: true,
        file: path.basename(file),
        bytes: (await stat(file)).size,
      });
      return manifest;
    } catch (error) {
      await db
        .insert(backupRuns)
        .values({
          trigger,
          startedAt,
          finishedAt: clock.now(),
          ok: false,
          error: String((error as Error).message ?? error).slice(0, 2000),
        })
        .catch(() => undefined);
      throw error;
    }
  }

  async function lastGoodAt(): Promise<Date | null> {
    const [row] = await db
      .select({ at: backupRuns.finishedAt })
      .from(backupRuns)
      .where(eq(backupRuns.ok, true))
      .orderBy(desc(backupRuns.finishedAt))
      .limit(1);
    return row?.at ?? null;
  }

  /** The schedule: for each key, the shallowest settings row that sets it (the province's, or a county's on its own). */
  async function schedule(): Promise<{ hour: number; keep: number }> {
    const rows = await db
      .select({ code: policySettings.jurisdictionCode, overrides: policySettings.overrides })
      .from(policySettings)
      .where(sql`${policySettings.overrides} ?| array['backupHour', 'backupKeep']`);
    rows.sort(
      (a, b) => subtreePrefix(a.code).length - subtreePrefix(b.code).length || a.code.localeCompare(b.code),
    );
    const pick = (key: 'backupHour' | 'backupKeep') => {
      const row = rows.find((r) => typeof (r.overrides as Record<string, unknown>)[key] === 'number');
      return row
        ? ((row.overrides as Record<string, number>)[key] as number)
        : PROVINCE_DEFAULT_SETTINGS[key];
    };
    return { hour: pick('backupHour'), keep: pick('backupKeep') };
  }

  /** Deletes the oldest scheduled archives in `dir` beyond the newest `keep`. */
  async function prune(dir: string, keep: number): Promise<string[]> {
    const archives = (await readdir(dir))
      .filter((f) => f.startsWith(SCHEDULED_PREFIX) && f.endsWith('.tar'))
      .sort()
      .reverse();
    const removed = archives.slice(keep);
    for (const file of removed) await rm(path.join(dir, file), { force: true });
    return removed;
  }

  return {
    run,
    lastGoodAt,
    schedule,
    prune,
    /**
     * The hourly job: at the set hour (China time), unless a scheduled backup already succeeded in
     * the last 20 hours, writes `coordnet-backup-<date>-<time>.tar` into `dir` and keeps the newest N.
     */
    async tick(dir: string): Promise<{ file: string; removed: string[] } | null> {
      const now = clock.now();
      const { hour, keep } = await schedule();
      if ((now.getUTCHours() + 8) % 24 !== hour) return null;
      const [recent] = await db
        .select({ id: backupRuns.id })
        .from(backupRuns)
        .where(
          and(
            eq(backupRuns.ok, true),
            eq(backupRuns.trigger, 'schedule'),
            gte(backupRuns.finishedAt, new Date(now.getTime() - 20 * 3600_000)),
          ),
        )
        .limit(1);
      if (recent) return null;
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${SCHEDULED_PREFIX}${stamp(now)}.tar`);
      await run('schedule', file);
      return { file, removed: await prune(dir, keep) };
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;

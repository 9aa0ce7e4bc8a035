import { z } from 'zod';

/** GET /api/v1/backups/status: for the province managers' home page (warns when the backup is stale). */
export const backupStatusSchema = z.object({
  /** When the last good backup finished; null when none was ever taken. */
  lastGoodAt: z.string().nullable(),
  /** No good backup in the last two days. */
  stale: z.boolean(),
  /** Whether this server takes the scheduled daily backup (BACKUP_DIR is set). */
  scheduled: z.boolean(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../../lib/clock';
import type { BackupService } from './service';

/** `coordnet_backup_last_good_age_seconds`: +Inf until a backup succeeded; alert when over 2 days. */
export function registerBackupMetrics(
  registry: Registry,
  backups: Pick<BackupService, 'lastGoodAt'>,
  clock: Clock,
) {
  new Gauge({
    name: 'coordnet_backup_last_good_age_seconds',
    help: 'Seconds since the last good backup finished (npm run backup or the scheduled job); +Inf when none',
    registers: [registry],
    async collect() {
      const last = await backups.lastGoodAt().catch(() => undefined);
      if (last === undefined) return;
      this.set(last ? Math.max(0, (clock.now().getTime() - last.getTime()) / 1000) : Infinity);
    },
  });
}

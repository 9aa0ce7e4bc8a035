import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Clock } from '../lib/clock';
import { scheduleStatus, type ScheduleStatus } from '../modules/reminders/calendar';

declare module 'fastify' {
  interface FastifyInstance {
    calendarWatch: CalendarWatch;
  }
}

export interface CalendarWatch {
  /** Reads every province's schedule status; logs a warning at most once a (Shanghai) day. */
  check(): Promise<ScheduleStatus[]>;
}

const HOUR_MS = 3_600_000;

/**
 * Says loudly when the State Council's holiday schedule of this year, or from 1 November of the
 * next, is missing (reminders then run on the statutory holidays alone): a warning in the log once
 * a day per process, and the gauge `workday_schedule_missing_years{province}` in /metrics, which
 * ops alert on when it is above 0. 工作日调整 and 首页 show province managers a banner.
 */
async function calendarWatchPlugin(app: FastifyInstance, options: { clock: Clock; everyMs?: number }) {
  const { clock } = options;
  let warnedOn: string | null = null;

  async function check(): Promise<ScheduleStatus[]> {
    const now = clock.now();
    const status = await scheduleStatus(app.database.db, now);
    const missing = status.filter((s) => s.missingYears.length > 0);
    const today = shanghaiDate(now);
    if (missing.length > 0 && warnedOn !== today) {
      warnedOn = today;
      app.log.warn(
        { missing: missing.map((s) => ({ province: s.province, name: s.name, years: s.missingYears })) },
        'official holiday schedule missing: reminders are planned on the statutory holidays without 调休; a province manager should enter it under 我的 → 工作日调整',
      );
    }
    return status;
  }

  new Gauge({
    name: 'workday_schedule_missing_years',
    help: 'Years (this one, and from 1 November the next) whose official holiday schedule is missing, by province; reminders then use an estimated calendar',
    labelNames: ['province'],
    registers: [app.metrics],
    async collect() {
      this.reset();
      for (const s of await check()) this.set({ province: s.province }, s.missingYears.length);
    },
  });

  const run = () => check().catch((err: unknown) => app.log.error({ err }, 'calendar check failed'));
  const timer = setInterval(() => void run(), options.everyMs ?? HOUR_MS);
  timer.unref();
  app.addHook('onReady', async () => {
    await run();
  });
  app.addHook('onClose', async () => clearInterval(timer));
  app.decorate('calendarWatch', { check });
}

export default fp(calendarWatchPlugin, { name: 'calendar-watch', dependencies: ['database', 'metrics'] });

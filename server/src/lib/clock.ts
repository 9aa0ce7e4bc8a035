/** Every service reads time through a clock so tests can pin it. */
export interface Clock {
  now(): Date;
}

// The one place that reads the machine's time.
// eslint-disable-next-line no-restricted-syntax
export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  start: Date | string,
): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (t) => {
      current = new Date(t);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * `base` moved by whole days so that it is `date` (YYYY-MM-DD) in Shanghai when the clock is made;
 * the time of day runs as usual. Tests, drills and demos use it (CLOCK_DATE) to run on a known day
 * instead of whatever today is. The shift is fixed when the clock is made, so a process started
 * just after Shanghai midnight is a day behind one started just before.
 */
export function shiftedClock(date: string, base: Clock = systemClock): Clock {
  const today = new Date(base.now().getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const offsetMs = (dayNumber(date) - dayNumber(today)) * DAY_MS;
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

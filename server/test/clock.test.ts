import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { fixedClock, shiftedClock } from '../src/lib/clock';

/**
 * CLOCK_DATE: the browser tests and the drills run the built server on a known day (a Sunday with no
 * reminders due) instead of whatever today is, so a run on a reminder day finds the same outbox.
 */
describe('the server on a chosen day (CLOCK_DATE)', () => {
  it('shows the chosen Shanghai date at the real time of day, and time keeps running', () => {
    const real = fixedClock('2026-12-06T22:40:05.123Z'); // 2026-12-07 06:40 in Shanghai
    const clock = shiftedClock('2026-11-08', real);
    expect(clock.now().toISOString()).toBe('2026-11-07T22:40:05.123Z'); // 2026-11-08 06:40 in Shanghai
    real.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-07T22:41:35.123Z');
  });

  it('may move forward as well as back', () => {
    const clock = shiftedClock('2027-02-06', fixedClock('2026-11-08T02:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-02-06T02:00:00.000Z');
  });

  it('is a development and test setting: refused in production, and must be a date', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coordnet-clock-'));
    expect(loadConfig({ DATA_DIR: dataDir, CLOCK_DATE: '2026-11-08' }).clockDate).toBe('2026-11-08');
    expect(loadConfig({ DATA_DIR: dataDir }).clockDate).toBeUndefined();
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ DATA_DIR: dataDir, ...env });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.join('\n');
      }
      return '';
    };
    expect(
      refused({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(32),
        SECRETS_KEY: 'y'.repeat(32),
        CLOCK_DATE: '2026-11-08',
      }),
    ).toContain('CLOCK_DATE: not allowed when NODE_ENV=production');
    expect(refused({ CLOCK_DATE: '2026-11-31' })).toContain('CLOCK_DATE');
  });
});

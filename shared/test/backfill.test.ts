import { describe, expect, it } from 'vitest';
import { occurredAtProblem } from '../src/domain/backfill';

const now = new Date('2026-03-20T04:00:00.000Z'); // 12:00 in Shanghai

describe('occurred-at rule shared by the server and the phone', () => {
  it('seed §二(三) refuses a log in the future beyond five minutes of clock skew', () => {
    expect(occurredAtProblem(new Date('2026-03-20T04:04:00.000Z'), now, 45)).toBeNull();
    expect(occurredAtProblem(new Date('2026-03-20T04:06:00.000Z'), now, 45)).toEqual({
      code: 'occurred_at_future',
      message: '发生时间不能晚于当前时间',
    });
  });

  it('seed §二(三) refuses a log older than the back-fill window, counted in whole Shanghai days', () => {
    // 7 days back from 3月20日 is 3月13日 00:00 Shanghai (3月12日 16:00 UTC).
    expect(occurredAtProblem(new Date('2026-03-12T16:00:00.000Z'), now, 7)).toBeNull();
    expect(occurredAtProblem(new Date('2026-03-12T15:59:00.000Z'), now, 7)?.message).toBe(
      '发生时间早于补录期限：只能补录 7 天内的记录(2026-03-13 及以后)',
    );
  });
});

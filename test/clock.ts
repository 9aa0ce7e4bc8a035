// The day the browser tests and the drills run on, whatever today is: the built server gets it as
// CLOCK_DATE, the fake DingTalk process too, the phone's browser gets the same clock, and requests
// the tests make themselves take their times from testClock. A Sunday with no routine reminders due
// (2026-11-08), so the reminder jobs compose nothing a test did not ask for (drill R2 once counted
// six extra messages because it ran on a reminder day).
import { shiftedClock } from '../server/src/lib/clock';

export const TEST_DATE = '2026-11-08';
export const testClock = shiftedClock(TEST_DATE);
export const clockEnv = { CLOCK_DATE: TEST_DATE } as const;

import type { Log } from '@coordnet/shared/api/logs';

/** Words of a rejection reason about where the check-in was taken. */
const LOCATION_WORDS = /位置|定位|打卡|签到|距离/;

/**
 * Whether a rejected visit was sent back for its location (seed §二(三) C2 is on site): its
 * check-in was far away or from a mock location, or the reason speaks of the location. Its
 * correction may then redo the check-in (重新打卡). Reasons are free text, so the words decide.
 */
export function rejectionConcernsLocation(log: Pick<Log, 'status' | 'flags' | 'visit'>): boolean {
  if (log.status !== 'rejected') return false;
  if (log.flags.includes('mock_location') || log.flags.includes('far_from_enterprise')) return true;
  return LOCATION_WORDS.test(log.visit?.decision?.reason ?? '');
}

import { createHash } from 'node:crypto';

/** Every msgUuid this server makes has this length, so a message splitter can reserve room for it. */
export const MSG_UUID_LENGTH = 36;

export interface ReminderKey {
  groupId: string | number;
  /** the reminder rule, e.g. `monthly-log-due` */
  rule: string;
  /** period key, e.g. `2026-Q3` */
  period: string;
  /** 1-based part number of a split message */
  part: number;
}

/**
 * The robot msgUuid of one part of one reminder: the same inputs always give the same UUID, so a
 * retried send (after a timeout, a crash or on another instance) is shown in the group only once.
 * Formatted as an RFC 9562 version-8 UUID built from SHA-256.
 */
export function reminderMsgUuid({ groupId, rule, period, part }: ReminderKey): string {
  // JSON keeps the fields apart: ('a-b','c') and ('a','b-c') must not collide.
  const input = JSON.stringify(['coordnet/reminder/v1', String(groupId), rule, period, part]);
  const bytes = createHash('sha256').update(input, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { useMemo, useSyncExternalStore } from 'react';
import type { DutyRule, DutyStatus } from '@coordnet/shared/api/duties';
import { periodKindOf, periodOf } from '@coordnet/shared/domain/period';
import type { OutboxItem } from './outbox-db';

/**
 * What the phone still has to send, in the little the duty screens need (no Dexie here: the outbox
 * runtime publishes it, so 首页 does not load the database code to show 待同步).
 */
export interface PendingWrite {
  enterpriseId: string;
  kind: OutboxItem['kind'];
  /** When the contact or visit happened; null for corrections (they keep the visit's time). */
  occurredAt: string | null;
}

/** A duty status as the phone shows it: the server's, or 待同步 for a log still only on the phone. */
export type ShownDutyStatus = DutyStatus | 'pending_sync';

let current: { userId: string | null; writes: PendingWrite[] } = { userId: null, writes: [] };
const listeners = new Set<() => void>();

/** Only items still to send count; a write the server refused (同步失败) fulfils nothing. */
export function pendingWritesOf(items: OutboxItem[]): PendingWrite[] {
  return items
    .filter((item) => item.status !== 'failed')
    .map((item) => ({
      enterpriseId: item.enterpriseId,
      kind: item.kind,
      occurredAt: item.kind === 'visit_revision' ? null : item.body.occurredAt,
    }));
}

export function publishPendingWrites(userId: string, writes: PendingWrite[]): void {
  current = { userId, writes };
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const NONE: PendingWrite[] = [];

/** The signed-in person's pending writes, once the outbox runtime has read them (none before). */
export function usePendingWrites(userId: string): PendingWrite[] {
  const snapshot = useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
  return snapshot.userId === userId ? snapshot.writes : NONE;
}

/** Log kinds that count for a rule (docs/domain.md §4: a submitted visit is also that month's contact). */
const COUNTING: Record<DutyRule, OutboxItem['kind'][]> = {
  C1: ['contact', 'visit'],
  C2: ['visit'],
  C3: [],
};

/** Enterprises with a pending write that will count for `rule` in `period` once it reaches the server. */
export function pendingEnterprises(writes: PendingWrite[], rule: DutyRule, period: string): Set<string> {
  const kind = periodKindOf(period);
  const ids = new Set<string>();
  if (!kind) return ids;
  for (const write of writes) {
    if (!COUNTING[rule].includes(write.kind) || !write.occurredAt) continue;
    if (periodOf(new Date(write.occurredAt), kind) === period) ids.add(write.enterpriseId);
  }
  return ids;
}

/**
 * `pendingEnterprises` for the signed-in person, the same Set while its members stay the same: the
 * rows that show 待同步 are memoized on it, and the outbox publishing an unchanged list (as it does
 * when it starts) must not render the whole duty list again.
 */
export function usePendingEnterprises(
  userId: string,
  rule: DutyRule,
  period: string | undefined,
): Set<string> {
  const writes = usePendingWrites(userId);
  const members = period ? [...pendingEnterprises(writes, rule, period)].sort().join(' ') : '';
  return useMemo(() => new Set(members ? members.split(' ') : []), [members]);
}

/** 待同步 instead of 待完成/已逾期 while the phone holds a log that will fulfil the duty. */
export function shownDutyStatus(status: DutyStatus, pending: boolean): ShownDutyStatus {
  return pending && (status === 'due' || status === 'overdue') ? 'pending_sync' : status;
}

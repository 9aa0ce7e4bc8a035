import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Clock } from '../../lib/clock';

/** Work notifications of the fake DingTalk (docs/dingtalk.md §4), with the real one's silent drops. */
export interface FakeNotification {
  userId: string;
  at: Date;
  taskId: number;
  msg: Record<string, unknown>;
}

const PER_PERSON_PER_DAY = 500;

export function createWorkNotifications(clock: Clock) {
  const delivered: FakeNotification[] = [];
  const dropped: FakeNotification[] = [];
  const sentToday = new Set<string>();
  const countToday = new Map<string, number>();
  let lastTaskId = 0;

  return {
    /** Accepts the call whatever happens to each recipient, as DingTalk does. */
    send(userIds: string[], msg: Record<string, unknown>): number {
      const taskId = ++lastTaskId;
      const at = clock.now();
      const day = shanghaiDate(at);
      const content = JSON.stringify(msg);
      for (const userId of new Set(userIds)) {
        const sameContentKey = `${day}\u0000${userId}\u0000${content}`;
        const countKey = `${day}\u0000${userId}`;
        const count = countToday.get(countKey) ?? 0;
        const notification = { userId, at, taskId, msg };
        if (sentToday.has(sameContentKey) || count >= PER_PERSON_PER_DAY) {
          dropped.push(notification);
          continue;
        }
        sentToday.add(sameContentKey);
        countToday.set(countKey, count + 1);
        delivered.push(notification);
      }
      return taskId;
    },
    delivered: (userId?: string) => delivered.filter((n) => userId === undefined || n.userId === userId),
    dropped: (userId?: string) => dropped.filter((n) => userId === undefined || n.userId === userId),
  };
}

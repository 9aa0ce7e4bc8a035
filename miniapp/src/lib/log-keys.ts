import type { LogStatus } from '@coordnet/shared/api/logs';
import type { LogKind } from '@coordnet/shared/api/keys';

// Apart from log-api.ts so the shell can name a query without loading the logs' schemas.

export interface LogFilter {
  enterpriseId?: string;
  kind?: LogKind;
  status?: LogStatus;
  /** Supervisors see their whole scope unless they ask for their own. */
  mine?: boolean;
}

/** Query keys: every duty-loop read starts with 'duty' so a synced write can refresh them together. */
export const logKeys = {
  list: (filter: LogFilter) => ['duty', 'logs', 'list', filter] as const,
  one: (id: string) => ['duty', 'logs', 'one', id] as const,
  approvals: () => ['duty', 'approvals'] as const,
};

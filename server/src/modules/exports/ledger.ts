import type { AssessmentQuery } from '@coordnet/shared/api/assessment';
import type { AuditLedgerQuery } from '@coordnet/shared/api/audit';
import type { EvaluationQuery } from '@coordnet/shared/api/evaluations';
import type {
  CoordinatorLedgerQuery,
  EnterpriseLedgerQuery,
  IncentiveLedgerQuery,
  LedgerKey,
  LogLedgerQuery,
  StaffingLedgerQuery,
  TrainingLedgerQuery,
} from '@coordnet/shared/api/stats';
import type { Db } from '../../db/client';
import type { LedgerSheet } from '../../lib/xlsx';
import type { AssessmentService } from '../assessment/service';
import type { EvaluationService } from '../evaluations/service';
import type { Principal } from '../auth/principal';
import type { SettingsService } from '../settings/service';
import type { ReportTarget } from '../stats/target';

/** Rows fetched per keyset page while a ledger is written. */
export const PAGE_SIZE = 500;

export interface LedgerQueries {
  enterprises: EnterpriseLedgerQuery;
  coordinators: CoordinatorLedgerQuery;
  contacts: LogLedgerQuery;
  visits: LogLedgerQuery;
  'risk-reports': LogLedgerQuery;
  guidance: LogLedgerQuery;
  staffing: StaffingLedgerQuery;
  assessment: AssessmentQuery;
  evaluations: EvaluationQuery;
  'audit-log': AuditLedgerQuery;
  training: TrainingLedgerQuery;
  subsidies: IncentiveLedgerQuery;
  'gold-coordinators': IncentiveLedgerQuery;
}

export interface LedgerContext {
  db: Db;
  principal: Principal;
  target: ReportTarget;
  now: Date;
  /** Shanghai date posts are counted on. */
  asOf: string;
  settings: SettingsService;
  assessment: AssessmentService;
  evaluations: EvaluationService;
  /** A mobile as this caller may export it: whole for a manager of the jurisdiction, masked otherwise. */
  mobile(value: string | null): string | null;
}

export interface LedgerPlan {
  /** After the ledger's name in the file name, e.g. `2026年11月`; `ascii` for the fallback name. */
  label: { text: string; ascii: string };
  /** The filter, as recorded in the audit row. */
  filter: Record<string, unknown>;
  /** Whether the sheets carry mobiles (personal information). */
  personalData: boolean;
  sheets: LedgerSheet[];
}

/** Checks the request (throwing before any byte is sent) and describes the sheets to write. */
export type LedgerPlanner<K extends LedgerKey> = (
  query: LedgerQueries[K],
  ctx: LedgerContext,
) => Promise<LedgerPlan>;

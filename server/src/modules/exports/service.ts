import type { Readable } from 'node:stream';
import { LEDGERS, type LedgerKey } from '@coordnet/shared/api/stats';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import { shanghaiDate } from '@coordnet/shared/domain/period';
import type { Db } from '../../db/client';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { canManage } from '../../lib/scope';
import { contentDisposition, streamWorkbook } from '../../lib/xlsx';
import type { AssessmentService } from '../assessment/service';
import type { EvaluationService } from '../evaluations/service';
import type { Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import type { SettingsService } from '../settings/service';
import { resolveTarget } from '../stats/target';
import { goldLedger, subsidyLedger, trainingLedger } from './development-ledgers';
import type { LedgerContext, LedgerPlanner, LedgerQueries } from './ledger';
import { auditLedger } from './audit-ledger';
import { logLedger } from './log-ledgers';
import { coordinatorLedger, enterpriseLedger } from './registry-ledgers';
import { assessmentLedger, evaluationLedger, staffingLedger } from './report-ledgers';

const PLANNERS: { [K in LedgerKey]: LedgerPlanner<K> } = {
  enterprises: enterpriseLedger,
  coordinators: coordinatorLedger,
  contacts: logLedger('contact'),
  visits: logLedger('visit'),
  'risk-reports': logLedger('risk_report'),
  guidance: logLedger('guidance'),
  staffing: staffingLedger,
  assessment: assessmentLedger,
  evaluations: evaluationLedger,
  'audit-log': auditLedger,
  training: trainingLedger,
  subsidies: subsidyLedger,
  'gold-coordinators': goldLedger,
};

export interface LedgerFile {
  fileName: string;
  contentDisposition: string;
  stream: Readable;
}

/**
 * Excel ledgers (台账): scope-limited; mobiles whole only for a manager supervisor of the
 * jurisdiction; each export, with its filter, row count and whether mobiles left unmasked, is
 * written to the audit log before the file is closed (docs/domain.md §6: log every export).
 */
export function createExportService(deps: {
  db: Db;
  clock: Clock;
  jurisdictions: JurisdictionRepository;
  settings: SettingsService;
  assessment: AssessmentService;
  evaluations: EvaluationService;
}) {
  const { db, clock } = deps;

  /** Resolves the target and plans the sheets: every 4xx of an export (scope, filter, role) is thrown here. */
  async function planFor<K extends LedgerKey>(key: K, principal: Principal, query: LedgerQueries[K]) {
    const target = await resolveTarget(deps.jurisdictions, principal, query.jurisdiction);
    const now = clock.now();
    const manager = canManage(principal.scope, target.code);
    const ctx: LedgerContext = {
      db,
      principal,
      target,
      now,
      asOf: shanghaiDate(now),
      settings: deps.settings,
      assessment: deps.assessment,
      evaluations: deps.evaluations,
      mobile: (value) => (value === null ? null : manager ? value : maskMobile(value)),
    };
    const plan = await PLANNERS[key](query, ctx);
    return { target, now, manager, plan };
  }

  return {
    /** Checks an export as `open` would, without writing it (a download link is issued only if it would open). */
    async check<K extends LedgerKey>(key: K, principal: Principal, query: LedgerQueries[K]): Promise<void> {
      await planFor(key, principal, query);
    },

    /** Everything that can fail with a 4xx happens here, before the first byte is sent. */
    async open<K extends LedgerKey>(
      key: K,
      principal: Principal,
      query: LedgerQueries[K],
      ip: string | null,
      via: 'request' | 'link' = 'request',
    ): Promise<LedgerFile> {
      const { target, now, manager, plan } = await planFor(key, principal, query);
      const unmasked = plan.personalData && manager;
      const fileName = `${target.name}${LEDGERS[key]}${plan.label.text}.xlsx`;

      const audit = (rowCount: number, completed: boolean) =>
        writeAudit(db, {
          actorUserId: principal.user.id,
          action: unmasked ? 'ledger.export_unmasked' : 'ledger.export',
          entityType: 'ledger',
          entityId: key,
          details: {
            ledger: key,
            fileName,
            filter: plan.filter,
            rowCount,
            mobiles: plan.personalData ? (unmasked ? 'unmasked' : 'masked') : 'none',
            completed,
            via,
          },
          ip,
        });

      const stream = streamWorkbook({
        sheets: plan.sheets,
        created: now,
        beforeClose: (rowCount) => audit(rowCount, true),
        onFailure: (rowCount) => audit(rowCount, false),
      });
      return {
        fileName,
        contentDisposition: contentDisposition(fileName, `${key}-${target.code}-${plan.label.ascii}.xlsx`),
        stream,
      };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;

import path from 'node:path';
import type { Config } from './config';
import type { Database } from './db/client';
import { createDingTalkClient } from './integrations/dingtalk/client';
import type { DingTalkClient } from './integrations/dingtalk/types';
import { startReminderJobs, type ReminderJobs, type ReminderJobsOptions } from './jobs/reminder-jobs';
import { shiftedClock, systemClock, type Clock } from './lib/clock';
import { createSecretBox } from './lib/secret-box';
import { createStorage, type Storage } from './lib/storage';
import { createApprovalService } from './modules/approvals/service';
import { createAssessmentService } from './modules/assessment/service';
import { createAuditService } from './modules/audit/service';
import { createAuthService } from './modules/auth/service';
import { createBackupService } from './modules/backup/service';
import { createCaseService } from './modules/cases/service';
import { createComplianceService } from './modules/compliance/service';
import { createContactService } from './modules/logs/kinds/contacts/service';
import { createCoordinatorRepository } from './modules/coordinators/repository';
import { createDevelopmentService } from './modules/development/service';
import { createIncentiveService } from './modules/incentives/service';
import { createTicketRepository } from './modules/dingtalk-jsapi/repository';
import { createJsapiService } from './modules/dingtalk-jsapi/service';
import { createDutyRepository } from './modules/duties/repository';
import { createDutyService } from './modules/duties/service';
import { createEnterpriseRepository } from './modules/enterprises/repository';
import { createEnterpriseService } from './modules/enterprises/service';
import { createResponsibleService } from './modules/enterprises/responsible';
import { createEvaluationService } from './modules/evaluations/service';
import { createExportLinkService } from './modules/exports/links';
import { createExportService } from './modules/exports/service';
import { createGuidanceService } from './modules/logs/kinds/guidance/service';
import { createImportRetention } from './modules/imports/retention';
import { createImportService } from './modules/imports/service';
import { createJurisdictionRepository } from './modules/jurisdictions/repository';
import { createLogRepository } from './modules/logs/repository';
import { createLogWriter } from './modules/logs/writer';
import { createCalendarService } from './modules/reminders/calendar';
import { createReminderComposer } from './modules/reminders/composer';
import { createReminderDispatcher, type DispatcherOptions } from './modules/reminders/dispatcher';
import { createReminderRepository } from './modules/reminders/repository';
import { createRetentionService } from './modules/retention/service';
import { createRiskCaseRepository } from './modules/risk-cases/repository';
import { createRiskCaseService } from './modules/risk-cases/service';
import { createRiskReportService } from './modules/logs/kinds/risk-reports/service';
import { createSettingsService } from './modules/settings/service';
import { createBoardService } from './modules/stats/board';
import { createStatsService } from './modules/stats/service';
import { createUploadRetention } from './modules/uploads/retention';
import { createUploadService } from './modules/uploads/service';
import { createVisitService } from './modules/logs/kinds/visits/service';
import { createWorkGroupService } from './modules/work-groups/service';

/** What a caller may put in place of the configured parts (tests: a fixed clock, a fake DingTalk, memory storage). */
export interface ContainerOverrides {
  clock?: Clock;
  /** A client, or one made around the configured client (the offline demo's stand-in falls back to it). */
  dingtalk?: DingTalkClient | ((configured: DingTalkClient, clock: Clock) => DingTalkClient);
  /** Where uploaded photos and import files are kept; defaults to the configured one (config.storage). */
  storage?: Storage;
}

export interface ContainerLogger {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The clock the configuration asks for: CLOCK_DATE's day (drills, e2e) or the system's. */
export const clockFor = (config: Config): Clock =>
  config.clockDate ? shiftedClock(config.clockDate) : systemClock;

/**
 * The composition root: config → database → clock → DingTalk client → storage → services → jobs,
 * built once. app.ts registers the routes over it, server.ts starts its jobs, the tests pass
 * overrides. Nothing here listens or starts a timer: the jobs start when startJobs is called.
 */
export async function buildContainer(
  config: Config,
  database: Database,
  overrides: ContainerOverrides & { logger: ContainerLogger },
) {
  const { db } = database;
  const { logger } = overrides;
  const clock = overrides.clock ?? clockFor(config);
  const configured = createDingTalkClient({
    oapiUrl: config.dingtalk.oapiUrl,
    apiUrl: config.dingtalk.apiUrl,
    appKey: config.dingtalk.appKey,
    appSecret: config.dingtalk.appSecret,
    agentId: config.dingtalk.agentId,
    timeoutMs: config.dingtalk.timeoutMs,
    clock,
  });
  const dingtalk =
    typeof overrides.dingtalk === 'function'
      ? overrides.dingtalk(configured, clock)
      : (overrides.dingtalk ?? configured);
  // One storage for the API and the retention job: DATA_DIR/uploads, or the S3 bucket every instance shares.
  const storage =
    overrides.storage ?? (await createStorage(config.storage, path.join(config.dataDir, 'spool')));
  const secretBox = createSecretBox(config.secretsKey);

  const jurisdictions = createJurisdictionRepository(db);
  const enterprises = createEnterpriseRepository(db, clock);
  const settings = createSettingsService({ db, clock, jurisdictions });
  const logs = createLogRepository(db);
  const writer = createLogWriter({ db, clock, logs });
  // Backups (issue 20): the age of the last good one on /metrics and for the province managers.
  const backups = createBackupService({ database, storage, clock, migrationsDir: config.migrationsDir });
  // Reports and ledgers (issue 8): read-only over the registry, the duty tables and the settings.
  const assessment = createAssessmentService({ db, clock, jurisdictions, settings });
  const evaluations = createEvaluationService({ db, clock, jurisdictions, settings });
  const duties = createDutyService({
    clock,
    duties: createDutyRepository(db),
    settings,
    jurisdictions,
    enterprises,
  });
  const exports = createExportService({ db, clock, jurisdictions, settings, assessment, evaluations });

  const services = {
    jurisdictions,
    enterprises,
    settings,
    logs,
    writer,
    backups,
    auth: createAuthService({ db, dingtalk, clock }),
    jsapi: createJsapiService({
      clock,
      dingtalk,
      tickets: createTicketRepository(db),
      corpId: config.dingtalk.corpId,
      agentId: config.dingtalk.agentId,
    }),
    enterpriseService: createEnterpriseService({ db, clock, enterprises, jurisdictions }),
    responsible: createResponsibleService({ db, clock }),
    coordinators: createCoordinatorRepository({ db, clock }),
    uploads: createUploadService({
      db,
      clock,
      storage,
      remote: {
        allowedOrigins: config.dingtalk.photoOrigins,
        timeoutMs: config.dingtalk.photoFetchTimeoutMs,
      },
      dailyQuota: config.uploads.dailyQuota,
    }),
    contacts: createContactService({ db, clock, writer }),
    visits: createVisitService({ db, clock, writer, logs, settings }),
    guidance: createGuidanceService({ db, clock, writer }),
    riskReports: createRiskReportService({ db, clock, writer, logs }),
    audit: createAuditService({ db }),
    riskCases: createRiskCaseService({ db, clock, settings, repository: createRiskCaseRepository(db) }),
    approvals: createApprovalService({ db, clock, logs, settings }),
    duties,
    // Work groups and reminders (issue 6): robots are sent to by the jobs below.
    workGroups: createWorkGroupService({
      db,
      clock,
      dingtalk,
      secretBox,
      secretsKey: config.secretsKey,
      jurisdictions,
    }),
    reminders: createReminderRepository(db),
    calendar: createCalendarService({ db, clock, jurisdictions }),
    stats: createStatsService({ db, clock, jurisdictions }),
    board: createBoardService({ db, clock, jurisdictions, settings, duties }),
    compliance: createComplianceService({ db, clock, jurisdictions, settings }),
    assessment,
    // The coordinator database's training and awards, yearly evaluation (C5) and case library.
    development: createDevelopmentService({ db, clock, jurisdictions }),
    incentives: createIncentiveService({ db, clock, jurisdictions }),
    evaluations,
    cases: createCaseService({ db, clock, jurisdictions }),
    exports,
    exportLinks: createExportLinkService({ db, clock, secret: config.secretsKey, exports }),
    // Bulk import (issue 8): dry run and commit on an in-process worker.
    imports: createImportService({ database, clock, storage, logger, leaseMs: config.importLeaseMs }),
    retention: createRetentionService({
      db,
      clock,
      settings,
      reminderRetentionDays: config.reminderRetentionDays,
      imports: createImportRetention({ database, storage, dryRunHours: config.importDryRunRetentionHours }),
      uploads: createUploadRetention({ db, storage, hours: config.uploads.retentionHours }),
    }),
  };

  /** The reminder composer and dispatcher: what the jobs run, and what a test drives tick by tick. */
  function reminders(options: {
    publicUrl: string | undefined;
    workNotifications: boolean;
    dispatcher?: DispatcherOptions;
  }) {
    const composer = createReminderComposer({
      db,
      clock,
      settings,
      publicUrl: options.publicUrl,
      workNotifications: options.workNotifications,
    });
    const newDispatcher = (dispatcherOptions = options.dispatcher, client: DingTalkClient = dingtalk) =>
      createReminderDispatcher({
        db,
        clock,
        dingtalk: client,
        secretBox,
        settings,
        composer,
        options: dispatcherOptions ?? { leaseMs: config.reminderLeaseMs },
      });
    return { composer, dispatcher: newDispatcher(), newDispatcher };
  }

  /** Starts the pg-boss jobs (reminders, retention, the scheduled backup) on this container's parts. */
  function startJobs(
    options: Pick<ReminderJobsOptions, 'composer' | 'dispatcher'> & Partial<ReminderJobsOptions>,
  ): Promise<ReminderJobs> {
    const backupDir = config.backupDir;
    return startReminderJobs({
      database,
      retention: services.retention,
      ...(backupDir ? { backup: { tick: () => backups.tick(backupDir) } } : {}),
      logger,
      ...options,
    });
  }

  return {
    config,
    database,
    clock,
    dingtalk,
    /** Whether the configured client can send work notifications (an app key, secret and agent id). */
    workNotifications: configured.configured && config.dingtalk.agentId !== undefined,
    storage,
    secretBox,
    services,
    reminders,
    startJobs,
  };
}

export type Container = Awaited<ReturnType<typeof buildContainer>>;

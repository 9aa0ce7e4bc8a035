import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import '@coordnet/shared/api/zod-locale';
import type { Config } from './config';
import type { Database } from './db/client';
import { createDingTalkClient } from './integrations/dingtalk/client';
import type { DingTalkClient } from './integrations/dingtalk/types';
import { systemClock, type Clock } from './lib/clock';
import { createSecretBox } from './lib/secret-box';
import { createStorage, type Storage } from './lib/storage';
import { approvalRoutes } from './modules/approvals/routes';
import { createApprovalService } from './modules/approvals/service';
import { assessmentRoutes } from './modules/assessment/routes';
import { createAssessmentService } from './modules/assessment/service';
import { authRoutes } from './modules/auth/routes';
import { registerBackupMetrics } from './modules/backup/metrics';
import { backupStatusRoutes, opsBackupRoutes } from './modules/backup/routes';
import { createBackupService } from './modules/backup/service';
import { createAuthService } from './modules/auth/service';
import { caseRoutes } from './modules/cases/routes';
import { createCaseService } from './modules/cases/service';
import { complianceRoutes } from './modules/compliance/routes';
import { createComplianceService } from './modules/compliance/service';
import { contactRoutes } from './modules/contacts/routes';
import { createContactService } from './modules/contacts/service';
import { coordinatorRoutes } from './modules/coordinators/routes';
import { createCoordinatorRepository } from './modules/coordinators/repository';
import { developmentRoutes } from './modules/development/routes';
import { createDevelopmentService } from './modules/development/service';
import { incentiveRoutes } from './modules/incentives/routes';
import { createIncentiveService } from './modules/incentives/service';
import { createDutyRepository } from './modules/duties/repository';
import { dutyRoutes } from './modules/duties/routes';
import { createDutyService } from './modules/duties/service';
import { createTicketRepository } from './modules/dingtalk-jsapi/repository';
import { jsapiRoutes } from './modules/dingtalk-jsapi/routes';
import { createJsapiService } from './modules/dingtalk-jsapi/service';
import { enterpriseRoutes } from './modules/enterprises/routes';
import { createEnterpriseRepository } from './modules/enterprises/repository';
import { createEnterpriseService } from './modules/enterprises/service';
import { createResponsibleService } from './modules/enterprises/responsible';
import { evaluationRoutes } from './modules/evaluations/routes';
import { createEvaluationService } from './modules/evaluations/service';
import { exportRoutes } from './modules/exports/routes';
import { createExportLinkService } from './modules/exports/links';
import { createExportService } from './modules/exports/service';
import { guidanceRoutes } from './modules/guidance/routes';
import { createGuidanceService } from './modules/guidance/service';
import { healthRoutes } from './modules/health/routes';
import { importRoutes } from './modules/imports/routes';
import { createImportService } from './modules/imports/service';
import { jurisdictionRoutes } from './modules/jurisdictions/routes';
import { createJurisdictionRepository } from './modules/jurisdictions/repository';
import { createLogRepository } from './modules/logs/repository';
import { logRoutes } from './modules/logs/routes';
import { createLogWriter } from './modules/logs/writer';
import { createCalendarService } from './modules/reminders/calendar';
import { createReminderRepository } from './modules/reminders/repository';
import { reminderRoutes } from './modules/reminders/routes';
import { auditRoutes } from './modules/audit/routes';
import { createAuditService } from './modules/audit/service';
import { createRiskCaseRepository } from './modules/risk-cases/repository';
import { riskCaseRoutes } from './modules/risk-cases/routes';
import { createRiskCaseService } from './modules/risk-cases/service';
import { riskReportRoutes } from './modules/risk-reports/routes';
import { createRiskReportService } from './modules/risk-reports/service';
import { settingsRoutes } from './modules/settings/routes';
import { createSettingsService } from './modules/settings/service';
import { statsRoutes } from './modules/stats/routes';
import { createBoardService } from './modules/stats/board';
import { createStatsService } from './modules/stats/service';
import { uploadRoutes } from './modules/uploads/routes';
import { createUploadService } from './modules/uploads/service';
import { visitRoutes } from './modules/visits/routes';
import { createVisitService } from './modules/visits/service';
import { workGroupRoutes } from './modules/work-groups/routes';
import { createWorkGroupService } from './modules/work-groups/service';
import { logSerializers } from './lib/log-serializers';
import authPlugin, { authenticateAllBut } from './plugins/auth';
import calendarWatchPlugin from './plugins/calendar-watch';
import databasePlugin from './plugins/database';
import errorsPlugin, { clientErrorHandler, frameworkErrors } from './plugins/errors';
import metricsPlugin from './plugins/metrics';
import openapiPlugin from './plugins/openapi';
import securityPlugin from './plugins/security';
import staticAppPlugin from './plugins/static-app';
import textGuardPlugin from './plugins/text-guard';

export interface AppDeps {
  config: Config;
  database: Database;
  clock?: Clock;
  dingtalk?: DingTalkClient;
  /** Where uploaded photos and import files are kept; defaults to the configured one (config.storage). */
  storage?: Storage;
  logger?: FastifyServerOptions['logger'];
  /** How long a signed-in person's roles are cached; 0 in tests that change roles. */
  principalTtlMs?: number;
  /** More route plugins under /api/v1, registered like a feature module (tests: a module that forgets auth). */
  apiModules?: FastifyPluginAsync[];
}

/** Log lines never carry tokens, auth codes, secrets or mobiles (个人信息保护法). */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.token',
  '*.accessToken',
  '*.authCode',
  '*.secret',
  '*.appSecret',
  '*.mobile',
  '*.contactMobile',
];

/** The only /api/v1 operations that answer without a token; every other one requires a valid one. */
export const PUBLIC_API_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/client-config',
  'POST /api/v1/auth/dingtalk',
  'GET /api/v1/auth/dev-users',
  'POST /api/v1/auth/dev-login',
  // A single-use signed link: its token is the credential (DingTalk's file viewer sends no header).
  'GET /api/v1/exports/download/:token',
]);

/** Fastify's hop count (`trustProxy: n`) as the function its types accept: the n nearest hops are proxies. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  const dingtalk =
    deps.dingtalk ??
    createDingTalkClient({
      oapiUrl: config.dingtalk.oapiUrl,
      apiUrl: config.dingtalk.apiUrl,
      appKey: config.dingtalk.appKey,
      appSecret: config.dingtalk.appSecret,
      agentId: config.dingtalk.agentId,
      timeoutMs: config.dingtalk.timeoutMs,
      clock,
    });

  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: logSerializers,
    },
    bodyLimit: 1_048_576,
    // X-Forwarded-For only from the proxies TRUST_PROXY names (off by default): anyone else would
    // choose the address the rate limits and the audit rows see.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    requestTimeout: 30_000,
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(databasePlugin, { database });
  await app.register(textGuardPlugin);
  await app.register(securityPlugin);
  await app.register(metricsPlugin, {
    token: config.metricsToken,
    enabled: config.metricsToken !== undefined || config.env !== 'production',
  });
  await app.register(calendarWatchPlugin, { clock });
  await app.register(openapiPlugin, { ui: config.docsEnabled });
  await app.register(authPlugin, { config, clock, principalTtlMs: deps.principalTtlMs });

  const db = database.db;
  const jurisdictions = createJurisdictionRepository(db);
  const enterprises = createEnterpriseRepository(db, clock);
  const settings = createSettingsService({ db, clock, jurisdictions });
  const logs = createLogRepository(db);
  const writer = createLogWriter({ db, clock, logs });
  const storage = deps.storage ?? (await createStorage(config.storage, path.join(config.dataDir, 'spool')));

  await app.register(healthRoutes);
  // Backups (issue 20): the age of the last good one on /metrics and for the province managers.
  const backups = createBackupService({ database, storage, clock, migrationsDir: config.migrationsDir });
  registerBackupMetrics(app.metrics, backups, clock);
  await app.register(opsBackupRoutes, { backups, secretsKey: config.secretsKey });
  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticateAllBut(app, PUBLIC_API_ROUTES));
      await api.register(authRoutes, { config, auth: createAuthService({ db, dingtalk, clock }) });
      await api.register(jsapiRoutes, {
        publicUrl: config.publicUrl,
        jsapi: createJsapiService({
          clock,
          dingtalk,
          tickets: createTicketRepository(db),
          corpId: config.dingtalk.corpId,
          agentId: config.dingtalk.agentId,
        }),
      });
      await api.register(jurisdictionRoutes, { jurisdictions });
      await api.register(enterpriseRoutes, {
        enterprises,
        service: createEnterpriseService({ db, clock, enterprises, jurisdictions }),
        responsible: createResponsibleService({ db, clock }),
      });
      await api.register(coordinatorRoutes, { coordinators: createCoordinatorRepository({ db, clock }) });
      await api.register(settingsRoutes, { settings });
      await api.register(backupStatusRoutes, { backups, clock, scheduled: Boolean(config.backupDir) });
      await api.register(uploadRoutes, {
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
      });
      await api.register(logRoutes, { logs });
      await api.register(contactRoutes, { contacts: createContactService({ db, clock, writer }) });
      await api.register(visitRoutes, { visits: createVisitService({ db, clock, writer, logs, settings }) });
      await api.register(guidanceRoutes, { guidance: createGuidanceService({ db, clock, writer }) });
      await api.register(riskReportRoutes, {
        riskReports: createRiskReportService({ db, clock, writer, logs }),
      });
      await api.register(auditRoutes, { audit: createAuditService({ db }) });
      await api.register(riskCaseRoutes, {
        riskCases: createRiskCaseService({
          db,
          clock,
          settings,
          repository: createRiskCaseRepository(db),
        }),
      });
      await api.register(approvalRoutes, {
        approvals: createApprovalService({ db, clock, logs, settings }),
      });
      const duties = createDutyService({
        clock,
        duties: createDutyRepository(db),
        settings,
        jurisdictions,
        enterprises,
      });
      await api.register(dutyRoutes, { duties });
      // Work groups and reminders (issue 6): robots are sent to by the jobs in server/src/jobs.
      await api.register(workGroupRoutes, {
        workGroups: createWorkGroupService({
          db,
          clock,
          dingtalk,
          secretBox: createSecretBox(config.secretsKey),
          secretsKey: config.secretsKey,
          jurisdictions,
        }),
      });
      await api.register(reminderRoutes, {
        reminders: createReminderRepository(db),
        calendar: createCalendarService({ db, clock, jurisdictions }),
      });
      // Reports and ledgers (issue 8): read-only over the registry, the duty tables and the settings.
      const assessment = createAssessmentService({ db, clock, jurisdictions, settings });
      const evaluations = createEvaluationService({ db, clock, jurisdictions, settings });
      await api.register(statsRoutes, {
        stats: createStatsService({ db, clock, jurisdictions }),
        board: createBoardService({ db, clock, jurisdictions, settings, duties }),
      });
      await api.register(complianceRoutes, {
        compliance: createComplianceService({ db, clock, jurisdictions, settings }),
      });
      await api.register(assessmentRoutes, { assessment });
      // The coordinator database's training and awards, yearly evaluation (C5) and case library.
      await api.register(developmentRoutes, {
        development: createDevelopmentService({ db, clock, jurisdictions }),
      });
      await api.register(incentiveRoutes, {
        incentives: createIncentiveService({ db, clock, jurisdictions }),
      });
      await api.register(evaluationRoutes, { evaluations });
      await api.register(caseRoutes, { cases: createCaseService({ db, clock, jurisdictions }) });
      const exports = createExportService({ db, clock, jurisdictions, settings, assessment, evaluations });
      await api.register(exportRoutes, {
        exports,
        links: createExportLinkService({ db, clock, secret: config.secretsKey, exports }),
      });
      // Bulk import (issue 8): dry run and commit on an in-process worker.
      const imports = createImportService({
        database,
        clock,
        storage,
        logger: app.log,
        leaseMs: config.importLeaseMs,
      });
      // Imports whose instance died: at start, then every lease (several instances, one database).
      await imports.recover();
      const recovery = setInterval(
        () =>
          void imports.recover().catch((err: unknown) => app.log.error({ err }, 'import recovery failed')),
        config.importLeaseMs,
      );
      recovery.unref();
      app.addHook('onClose', async () => {
        clearInterval(recovery);
        imports.close();
      });
      await api.register(importRoutes, { imports, clock });
      for (const module of deps.apiModules ?? []) await api.register(module);
    },
    { prefix: '/api/v1' },
  );
  await app.register(staticAppPlugin, { root: config.staticDir });
  return app;
}

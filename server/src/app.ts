import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import '@coordnet/shared/api/zod-locale';
import type { Config } from './config';
import { buildContainer, type Container, type ContainerOverrides } from './container';
import type { Database } from './db/client';
import { approvalRoutes } from './modules/approvals/routes';
import { assessmentRoutes } from './modules/assessment/routes';
import { authRoutes } from './modules/auth/routes';
import { registerBackupMetrics } from './modules/backup/metrics';
import { backupStatusRoutes, opsBackupRoutes } from './modules/backup/routes';
import { caseRoutes } from './modules/cases/routes';
import { complianceRoutes } from './modules/compliance/routes';
import { contactRoutes } from './modules/logs/kinds/contacts/routes';
import { coordinatorRoutes } from './modules/coordinators/routes';
import { developmentRoutes } from './modules/development/routes';
import { incentiveRoutes } from './modules/incentives/routes';
import { dutyRoutes } from './modules/duties/routes';
import { jsapiRoutes } from './modules/dingtalk-jsapi/routes';
import { enterpriseRoutes } from './modules/enterprises/routes';
import { evaluationRoutes } from './modules/evaluations/routes';
import { exportRoutes } from './modules/exports/routes';
import { guidanceRoutes } from './modules/logs/kinds/guidance/routes';
import { healthRoutes } from './modules/health/routes';
import { importRoutes } from './modules/imports/routes';
import { jurisdictionRoutes } from './modules/jurisdictions/routes';
import { logRoutes } from './modules/logs/routes';
import { reminderRoutes } from './modules/reminders/routes';
import { auditRoutes } from './modules/audit/routes';
import { riskCaseRoutes } from './modules/risk-cases/routes';
import { riskReportRoutes } from './modules/logs/kinds/risk-reports/routes';
import { settingsRoutes } from './modules/settings/routes';
import { statsRoutes } from './modules/stats/routes';
import { uploadRoutes } from './modules/uploads/routes';
import { visitRoutes } from './modules/logs/kinds/visits/routes';
import { workGroupRoutes } from './modules/work-groups/routes';
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

export interface AppDeps extends ContainerOverrides {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** How long a signed-in person's roles are cached; 0 in tests that change roles. */
  principalTtlMs?: number;
  /** More route plugins under /api/v1, registered like a feature module (tests: a module that forgets auth). */
  apiModules?: FastifyPluginAsync[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Everything the app was built from (container.ts): the server starts its jobs on it, tests reach its parts. */
    container: Container;
  }
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

  const container = await buildContainer(config, database, { ...deps, logger: app.log });
  const { clock, services: s } = container;
  app.decorate('container', container);

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

  await app.register(healthRoutes);
  registerBackupMetrics(app.metrics, s.backups, clock);
  await app.register(opsBackupRoutes, { backups: s.backups, secretsKey: config.secretsKey });
  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticateAllBut(app, PUBLIC_API_ROUTES));
      await api.register(authRoutes, { config, auth: s.auth });
      await api.register(jsapiRoutes, { publicUrl: config.publicUrl, jsapi: s.jsapi });
      await api.register(jurisdictionRoutes, { jurisdictions: s.jurisdictions });
      await api.register(enterpriseRoutes, {
        enterprises: s.enterprises,
        service: s.enterpriseService,
        responsible: s.responsible,
      });
      await api.register(coordinatorRoutes, { coordinators: s.coordinators });
      await api.register(settingsRoutes, { settings: s.settings });
      await api.register(backupStatusRoutes, {
        backups: s.backups,
        clock,
        scheduled: Boolean(config.backupDir),
      });
      await api.register(uploadRoutes, { uploads: s.uploads });
      await api.register(logRoutes, { logs: s.logs });
      await api.register(contactRoutes, { contacts: s.contacts });
      await api.register(visitRoutes, { visits: s.visits });
      await api.register(guidanceRoutes, { guidance: s.guidance });
      await api.register(riskReportRoutes, { riskReports: s.riskReports });
      await api.register(auditRoutes, { audit: s.audit });
      await api.register(riskCaseRoutes, { riskCases: s.riskCases });
      await api.register(approvalRoutes, { approvals: s.approvals });
      await api.register(dutyRoutes, { duties: s.duties });
      await api.register(workGroupRoutes, { workGroups: s.workGroups });
      await api.register(reminderRoutes, { reminders: s.reminders, calendar: s.calendar });
      await api.register(statsRoutes, { stats: s.stats, board: s.board });
      await api.register(complianceRoutes, { compliance: s.compliance });
      await api.register(assessmentRoutes, { assessment: s.assessment });
      await api.register(developmentRoutes, { development: s.development });
      await api.register(incentiveRoutes, { incentives: s.incentives });
      await api.register(evaluationRoutes, { evaluations: s.evaluations });
      await api.register(caseRoutes, { cases: s.cases });
      await api.register(exportRoutes, { exports: s.exports, links: s.exportLinks });
      // Imports whose instance died: at start, then every lease (several instances, one database).
      const { imports } = s;
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

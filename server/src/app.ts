import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import '@coordnet/shared/api/zod-locale';
import type { Config } from './config';
import type { Database } from './db/client';
import { createDingTalkClient } from './integrations/dingtalk/client';
import type { DingTalkClient } from './integrations/dingtalk/types';
import { systemClock, type Clock } from './lib/clock';
import { authRoutes } from './modules/auth/routes';
import { createAuthService } from './modules/auth/service';
import { coordinatorRoutes } from './modules/coordinators/routes';
import { createCoordinatorRepository } from './modules/coordinators/repository';
import { enterpriseRoutes } from './modules/enterprises/routes';
import { createEnterpriseRepository } from './modules/enterprises/repository';
import { createEnterpriseService } from './modules/enterprises/service';
import { healthRoutes } from './modules/health/routes';
import { jurisdictionRoutes } from './modules/jurisdictions/routes';
import { createJurisdictionRepository } from './modules/jurisdictions/repository';
import authPlugin from './plugins/auth';
import databasePlugin from './plugins/database';
import errorsPlugin from './plugins/errors';
import metricsPlugin from './plugins/metrics';
import openapiPlugin from './plugins/openapi';
import securityPlugin from './plugins/security';
import staticAppPlugin from './plugins/static-app';

export interface AppDeps {
  config: Config;
  database: Database;
  clock?: Clock;
  dingtalk?: DingTalkClient;
  logger?: FastifyServerOptions['logger'];
  /** How long a signed-in person's roles are cached; 0 in tests that change roles. */
  principalTtlMs?: number;
}

/** Log lines never carry tokens, auth codes, secrets or mobiles (个人信息保护法). */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.token',
  '*.authCode',
  '*.secret',
  '*.appSecret',
  '*.mobile',
  '*.contactMobile',
];

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
      timeoutMs: config.dingtalk.timeoutMs,
      clock,
    });

  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' } },
    bodyLimit: 1_048_576,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
    requestTimeout: 30_000,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(databasePlugin, { database });
  await app.register(securityPlugin);
  await app.register(metricsPlugin);
  await app.register(openapiPlugin);
  await app.register(authPlugin, { config, clock, principalTtlMs: deps.principalTtlMs });

  const db = database.db;
  const jurisdictions = createJurisdictionRepository(db);
  const enterprises = createEnterpriseRepository(db);

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(authRoutes, { config, auth: createAuthService({ db, dingtalk, clock }) });
      await api.register(jurisdictionRoutes, { jurisdictions });
      await api.register(enterpriseRoutes, {
        enterprises,
        service: createEnterpriseService({ db, clock, enterprises, jurisdictions }),
      });
      await api.register(coordinatorRoutes, { coordinators: createCoordinatorRepository({ db, clock }) });
    },
    { prefix: '/api/v1' },
  );
  await app.register(staticAppPlugin, { root: config.staticDir });
  return app;
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  coordinatorStatsQuerySchema,
  coordinatorStatsSchema,
  subsidyPageSchema,
  subsidyQuerySchema,
} from '@coordnet/shared/api/stats';
import type { StatsService } from './service';

export const statsRoutes: FastifyPluginAsyncZod<{ stats: StatsService }> = async (app, { stats }) => {
  const common = { tags: ['stats'], security: [{ bearer: [] }] };

  app.get(
    '/stats/coordinators',
    {
      schema: {
        ...common,
        summary:
          'Coordinator database at any level: current posts by kind, skill level and child jurisdiction, and the work logged in a period',
        querystring: coordinatorStatsQuerySchema,
        response: { 200: coordinatorStatsSchema, ...errorResponses },
      },
    },
    async (request) => stats.coordinators(request.principal, request.query),
  );

  app.get(
    '/stats/subsidy-candidates',
    {
      schema: {
        ...common,
        summary:
          'Enterprise coordinators holding a 四级 or 三级 certificate (技能提升补贴 candidates), mobiles masked',
        querystring: subsidyQuerySchema,
        response: { 200: subsidyPageSchema, ...errorResponses },
      },
    },
    async (request) => stats.subsidyCandidates(request.principal, request.query),
  );
};

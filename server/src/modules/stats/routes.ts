import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  boardQuerySchema,
  boardSchema,
  coordinatorStatsQuerySchema,
  coordinatorStatsSchema,
  subsidyPageSchema,
  subsidyQuerySchema,
} from '@coordnet/shared/api/stats';
import type { BoardService } from './board';
import type { StatsService } from './service';

export const statsRoutes: FastifyPluginAsyncZod<{ stats: StatsService; board: BoardService }> = async (
  app,
  { stats, board },
) => {
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

  app.get(
    '/stats/board',
    {
      schema: {
        ...common,
        summary:
          '看板 for a month: enterprises per duty of seed §二(二) the logs covered, C1/C2/C3 side by side, children ranked by risk reports and coverage, the last 12 months',
        querystring: boardQuerySchema,
        response: { 200: boardSchema, ...errorResponses },
      },
    },
    async (request) => board.board(request.principal, request.query),
  );
};

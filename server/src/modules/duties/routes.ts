import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  dutyListQuerySchema,
  dutyPageSchema,
  dutySummaryQuerySchema,
  dutySummarySchema,
} from '@coordnet/shared/api/duties';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { DutyService } from './service';

export const dutyRoutes: FastifyPluginAsyncZod<{ duties: DutyService }> = async (app, { duties }) => {
  const common = { tags: ['duties'], security: [{ bearer: [] }] };

  app.get(
    '/duties',
    {
      schema: {
        ...common,
        summary:
          'C1/C2/C3 status of every enterprise in scope of the rule under a jurisdiction for a period, overdue first',
        querystring: dutyListQuerySchema,
        response: { 200: dutyPageSchema, ...errorResponses },
      },
    },
    async (request) => duties.list(request.principal, request.query),
  );

  app.get(
    '/duties/summary',
    {
      schema: {
        ...common,
        summary: 'Counts per status and coverage rate for each child of a jurisdiction (one set-based query)',
        querystring: dutySummaryQuerySchema,
        response: { 200: dutySummarySchema, ...errorResponses },
      },
    },
    async (request) => duties.summary(request.principal, request.query),
  );
};

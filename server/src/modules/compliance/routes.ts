import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffingQuerySchema, staffingSchema } from '@coordnet/shared/api/compliance';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { ComplianceService } from './service';

export const complianceRoutes: FastifyPluginAsyncZod<{ compliance: ComplianceService }> = async (
  app,
  { compliance },
) => {
  app.get(
    '/compliance/staffing',
    {
      schema: {
        tags: ['compliance'],
        security: [{ bearer: [] }],
        summary:
          'Staffing against the seed §二(一) minimums per child jurisdiction; a township or park lists its enterprises (paged)',
        querystring: staffingQuerySchema,
        response: { 200: staffingSchema, ...errorResponses },
      },
    },
    async (request) => compliance.staffing(request.principal, request.query),
  );
};

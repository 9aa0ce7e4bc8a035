import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { jurisdictionListSchema, jurisdictionQuerySchema } from '@coordnet/shared/api/registry';
import type { JurisdictionRepository } from './repository';

export const jurisdictionRoutes: FastifyPluginAsyncZod<{ jurisdictions: JurisdictionRepository }> = async (
  app,
  { jurisdictions },
) => {
  app.get(
    '/jurisdictions',
    {
      schema: {
        tags: ['registry'],
        summary: 'The jurisdiction tree under my scope (省/市/县/乡镇街道/园区/社区)',
        security: [{ bearer: [] }],
        querystring: jurisdictionQuerySchema,
        response: {
          200: jurisdictionListSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      items: await jurisdictions.tree(request.principal.scope, request.query.parent, request.query.depth),
    }),
  );
};

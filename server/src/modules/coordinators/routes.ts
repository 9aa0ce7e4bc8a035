import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '@coordnet/shared/api/errors';
import { coordinatorListQuerySchema, coordinatorPageSchema } from '@coordnet/shared/api/registry';
import type { CoordinatorRepository } from './repository';

export const coordinatorRoutes: FastifyPluginAsyncZod<{ coordinators: CoordinatorRepository }> = async (
  app,
  { coordinators },
) => {
  app.addHook('onRequest', app.authenticate);
  app.get(
    '/coordinators',
    {
      schema: {
        tags: ['registry'],
        summary: 'Coordinators in my scope (mobiles masked)',
        security: [{ bearer: [] }],
        querystring: coordinatorListQuerySchema,
        response: { 200: coordinatorPageSchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => coordinators.list(request.principal.scope, request.query),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { guidanceCreateBodySchema, logSchema } from '@coordnet/shared/api/logs';
import { toLogDto } from '../../repository';
import type { GuidanceService } from './service';

export const guidanceRoutes: FastifyPluginAsyncZod<{ guidance: GuidanceService }> = async (
  app,
  { guidance },
) => {
  app.post(
    '/guidance',
    {
      schema: {
        tags: ['logs'],
        security: [{ bearer: [] }],
        summary: "C3: log the county's yearly guidance of an enterprise's coordinators (manager supervisors)",
        body: guidanceCreateBodySchema,
        response: { 200: logSchema, 201: logSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { log, created } = await guidance.create(request.actor, request.body);
      return reply.code(created ? 201 : 200).send(toLogDto(log, request.principal));
    },
  );
};

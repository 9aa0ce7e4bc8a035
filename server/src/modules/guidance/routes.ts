import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guidanceCreateBodySchema, logSchema } from '@coordnet/shared/api/logs';
import { toLogDto } from '../logs/repository';
import { logErrors } from '../logs/routes';
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
        response: { 200: logSchema, 201: logSchema, ...logErrors },
      },
    },
    async (request, reply) => {
      const { log, created } = await guidance.create(
        { principal: request.principal, ip: request.ip },
        request.body,
      );
      return reply.code(created ? 201 : 200).send(toLogDto(log, request.principal));
    },
  );
};

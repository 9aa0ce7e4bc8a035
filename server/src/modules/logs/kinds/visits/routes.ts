import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { logSchema, visitCreateBodySchema, visitReviseBodySchema } from '@coordnet/shared/api/logs';
import { toLogDto } from '../../repository';
import type { VisitService } from './service';

export const visitRoutes: FastifyPluginAsyncZod<{ visits: VisitService }> = async (app, { visits }) => {
  const common = { tags: ['logs'], security: [{ bearer: [] }] };

  app.post(
    '/visits',
    {
      schema: {
        ...common,
        summary:
          'C2: log an on-site visit with check-in and photos (responsible township/park coordinators); submitted for approval',
        body: visitCreateBodySchema,
        response: { 200: logSchema, 201: logSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { log, created } = await visits.create(request.actor, request.body);
      return reply.code(created ? 201 : 200).send(toLogDto(log, request.principal));
    },
  );

  app.put(
    '/visits/:id',
    {
      schema: {
        ...common,
        summary: 'Correct a submitted or rejected visit (its author); resubmitted as a new revision',
        params: idParamsSchema,
        body: visitReviseBodySchema,
        response: { 200: logSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { log } = await visits.revise(request.actor, request.params.id, request.body);
      return toLogDto(log, request.principal);
    },
  );

  app.delete(
    '/visits/:id',
    {
      schema: {
        ...common,
        summary: 'Withdraw a visit not yet approved (its author); approved visits are locked',
        params: idParamsSchema,
        response: { 200: logSchema, ...errorResponses },
      },
    },
    async (request) => toLogDto(await visits.withdraw(request.actor, request.params.id), request.principal),
  );
};

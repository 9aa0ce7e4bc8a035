import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { contactCreateBodySchema, logSchema } from '@coordnet/shared/api/logs';
import { toLogDto } from '../../repository';
import type { ContactService } from './service';

export const contactRoutes: FastifyPluginAsyncZod<{ contacts: ContactService }> = async (
  app,
  { contacts },
) => {
  app.post(
    '/contacts',
    {
      schema: {
        tags: ['logs'],
        security: [{ bearer: [] }],
        summary:
          'C1: log a contact with an enterprise (responsible township/park coordinators); the same clientId again returns the stored log',
        body: contactCreateBodySchema,
        response: { 200: logSchema, 201: logSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { log, created } = await contacts.create(request.actor, request.body);
      return reply.code(created ? 201 : 200).send(toLogDto(log, request.principal));
    },
  );
};

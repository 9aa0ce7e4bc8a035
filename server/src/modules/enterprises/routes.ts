import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  enterpriseCreateBodySchema,
  enterpriseListQuerySchema,
  enterprisePageSchema,
  enterprisePatchBodySchema,
  enterpriseSchema,
} from '@coordnet/shared/api/registry';
import { notFound } from '../../lib/errors';
import { toEnterpriseDto, type EnterpriseRepository } from './repository';
import type { EnterpriseService } from './service';

export const enterpriseRoutes: FastifyPluginAsyncZod<{
  enterprises: EnterpriseRepository;
  service: EnterpriseService;
}> = async (app, { enterprises, service }) => {
  const common = { tags: ['registry'], security: [{ bearer: [] }] };

  app.get(
    '/enterprises',
    {
      schema: {
        ...common,
        summary:
          'Enterprises in my scope: search by name or USCC, filter by jurisdiction subtree, size, status',
        querystring: enterpriseListQuerySchema,
        response: { 200: enterprisePageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await enterprises.list(request.principal.scope, request.query);
      return { items: page.items.map(toEnterpriseDto), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/enterprises/:id',
    {
      schema: {
        ...common,
        summary: 'One enterprise',
        params: idParamsSchema,
        response: { 200: enterpriseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const row = await enterprises.findReadable(request.principal.scope, request.params.id);
      if (!row) throw notFound();
      return toEnterpriseDto(row);
    },
  );

  app.post(
    '/enterprises',
    {
      schema: {
        ...common,
        summary: 'Register an enterprise (county supervisors and above)',
        body: enterpriseCreateBodySchema,
        response: { 201: enterpriseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await service.create(request.actor, request.body);
      return reply.code(201).send(toEnterpriseDto(row));
    },
  );

  app.patch(
    '/enterprises/:id',
    {
      schema: {
        ...common,
        summary: 'Change an enterprise (county supervisors and above)',
        params: idParamsSchema,
        body: enterprisePatchBodySchema,
        response: { 200: enterpriseSchema, ...errorResponses },
      },
    },
    async (request) => toEnterpriseDto(await service.update(request.actor, request.params.id, request.body)),
  );
};

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { divisionCodeSchema, idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  enterpriseCreateBodySchema,
  enterpriseListQuerySchema,
  enterprisePageSchema,
  enterprisePatchBodySchema,
  enterpriseResponsibleBodySchema,
  enterpriseResponsibleBulkBodySchema,
  enterpriseResponsibleBulkResultSchema,
  enterpriseSchema,
  responsibleCandidateListSchema,
  responsibleSummarySchema,
} from '@coordnet/shared/api/registry';
import { notFound } from '../../lib/errors';
import { toEnterpriseDto, type EnterpriseRepository } from './repository';
import type { ResponsibleService } from './responsible';
import type { EnterpriseService } from './service';

export const enterpriseRoutes: FastifyPluginAsyncZod<{
  enterprises: EnterpriseRepository;
  service: EnterpriseService;
  responsible: ResponsibleService;
}> = async (app, { enterprises, service, responsible }) => {
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

  // 责任人 (seed §二(三) 岗位责任制): who answers for an enterprise.
  app.get(
    '/enterprises/responsible-candidates',
    {
      schema: {
        ...common,
        summary: 'The township/park coordinators who may be named 责任人 of enterprises of a jurisdiction',
        querystring: z.strictObject({ jurisdiction: divisionCodeSchema }),
        response: { 200: responsibleCandidateListSchema, ...errorResponses },
      },
    },
    async (request) => responsible.candidates(request.principal, request.query.jurisdiction),
  );

  app.get(
    '/enterprises/mine/summary',
    {
      schema: {
        ...common,
        summary: '我负责的: how many enterprises I answer for and what is open among them',
        response: { 200: responsibleSummarySchema, ...errorResponses },
      },
    },
    async (request) => responsible.summary(request.principal),
  );

  app.put(
    '/enterprises/:id/responsible',
    {
      schema: {
        ...common,
        summary: "Name (or clear) an enterprise's 责任人 (its township/park coordinators, county managers)",
        params: idParamsSchema,
        body: enterpriseResponsibleBodySchema,
        response: { 200: enterpriseSchema, ...errorResponses },
      },
    },
    async (request) => {
      await responsible.assign(request.actor, {
        enterpriseIds: [request.params.id],
        roleId: request.body.roleId,
      });
      const row = await enterprises.findReadable(request.principal.scope, request.params.id);
      if (!row) throw notFound();
      return toEnterpriseDto(row);
    },
  );

  app.post(
    '/enterprises/responsible',
    {
      schema: {
        ...common,
        summary: 'Name one 责任人 (or clear it) for many enterprises at once: all or nothing',
        body: enterpriseResponsibleBulkBodySchema,
        response: { 200: enterpriseResponsibleBulkResultSchema, ...errorResponses },
      },
    },
    async (request) => responsible.assign(request.actor, request.body),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  caseCreateBodySchema,
  caseDetailSchema,
  caseHideBodySchema,
  caseListQuerySchema,
  casePageSchema,
} from '@coordnet/shared/api/cases';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { CaseService } from './service';

/** 协调员之家 case library. */
export const caseRoutes: FastifyPluginAsyncZod<{ cases: CaseService }> = async (app, { cases }) => {
  const common = { tags: ['cases'], security: [{ bearer: [] }] };

  app.get(
    '/cases',
    {
      schema: {
        ...common,
        summary: 'Cases shared with me, newest first; search by text (q) and duty category',
        querystring: caseListQuerySchema,
        response: { 200: casePageSchema, ...errorResponses },
      },
    },
    async (request) => cases.list(request.principal, request.query),
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        ...common,
        summary: 'One case shared with me (404 otherwise)',
        params: idParamsSchema,
        response: { 200: caseDetailSchema, ...errorResponses },
      },
    },
    async (request) => cases.get(request.principal, request.params.id),
  );

  app.post(
    '/cases',
    {
      schema: {
        ...common,
        summary:
          'Share a case with a jurisdiction I work in (or one above it) or the whole province, with images from POST /uploads',
        body: caseCreateBodySchema,
        response: { 201: caseDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await cases.create(request.actor, request.body)),
  );

  app.post(
    '/cases/:id/hide',
    {
      schema: {
        ...common,
        summary: 'Hide a case with a reason (supervisors managing its jurisdiction)',
        params: idParamsSchema,
        body: caseHideBodySchema,
        response: { 200: caseDetailSchema, ...errorResponses },
      },
    },
    async (request) => cases.moderate(request.actor, request.params.id, request.body),
  );

  app.post(
    '/cases/:id/restore',
    {
      schema: {
        ...common,
        summary: 'Publish a hidden case again',
        params: idParamsSchema,
        response: { 200: caseDetailSchema, ...errorResponses },
      },
    },
    async (request) => cases.moderate(request.actor, request.params.id, null),
  );
};

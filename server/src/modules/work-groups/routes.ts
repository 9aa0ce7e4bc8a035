import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  workGroupCreateBodySchema,
  workGroupListQuerySchema,
  workGroupListSchema,
  workGroupPatchBodySchema,
  workGroupSchema,
  workGroupTestResultSchema,
} from '@coordnet/shared/api/work-groups';
import type { WorkGroupService } from './service';

export const workGroupRoutes: FastifyPluginAsyncZod<{ workGroups: WorkGroupService }> = async (
  app,
  { workGroups },
) => {
  const common = { tags: ['work-groups'], security: [{ bearer: [] }] };

  app.get(
    '/work-groups',
    {
      schema: {
        ...common,
        summary:
          'Work groups (DingTalk group robots) of the levels I supervise; tokens and secrets never returned',
        querystring: workGroupListQuerySchema,
        response: { 200: workGroupListSchema, ...errorResponses },
      },
    },
    async (request) => ({ items: await workGroups.list(request.principal, request.query) }),
  );

  app.post(
    '/work-groups',
    {
      schema: {
        ...common,
        summary: 'Register a work group robot (manager supervisors of that level or above)',
        body: workGroupCreateBodySchema,
        response: { 201: workGroupSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const group = await workGroups.create(request.actor, request.body);
      return reply.code(201).send(group);
    },
  );

  app.patch(
    '/work-groups/:id',
    {
      schema: {
        ...common,
        summary:
          'Change a work group: name, robot token or secret (write-only), keyword, active; a fixed robot resumes held messages',
        params: idParamsSchema,
        body: workGroupPatchBodySchema,
        response: { 200: workGroupSchema, ...errorResponses },
      },
    },
    async (request) => workGroups.update(request.actor, request.params.id, request.body),
  );

  app.post(
    '/work-groups/:id/deactivate',
    {
      schema: {
        ...common,
        summary: 'Deactivate a work group: nothing more is sent to it and its unsent messages are cancelled',
        params: idParamsSchema,
        response: { 200: workGroupSchema, ...errorResponses },
      },
    },
    async (request) => workGroups.deactivate(request.actor, request.params.id),
  );

  app.post(
    '/work-groups/:id/test',
    {
      schema: {
        ...common,
        summary: "Send a test message to the group now and report DingTalk's errcode",
        params: idParamsSchema,
        response: { 200: workGroupTestResultSchema, ...errorResponses },
      },
    },
    async (request) => workGroups.test(request.actor, request.params.id),
  );
};

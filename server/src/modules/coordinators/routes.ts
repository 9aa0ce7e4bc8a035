import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  coordinatorEndBodySchema,
  coordinatorEndResponseSchema,
  coordinatorListQuerySchema,
  coordinatorPageSchema,
  coordinatorQualificationBodySchema,
  coordinatorSchema,
  personDeactivateBodySchema,
  personDeactivateResponseSchema,
  revealedMobileSchema,
} from '@coordnet/shared/api/registry';
import { SENSITIVE_LIMITS } from '../../plugins/security';
import type { CoordinatorRepository } from './repository';

export const coordinatorRoutes: FastifyPluginAsyncZod<{ coordinators: CoordinatorRepository }> = async (
  app,
  { coordinators },
) => {
  const common = { tags: ['registry'], security: [{ bearer: [] }] };
  app.get(
    '/coordinators',
    {
      schema: {
        ...common,
        summary: 'Coordinators in my scope (mobiles masked)',
        querystring: coordinatorListQuerySchema,
        response: { 200: coordinatorPageSchema, ...errorResponses },
      },
    },
    async (request) => coordinators.list(request.principal, request.query),
  );

  app.post(
    '/coordinators/:id/reveal-mobile',
    {
      preHandler: app.limitPerPersonAndAddress('reveal-mobile', SENSITIVE_LIMITS.revealMobile),
      schema: {
        ...common,
        summary:
          'The whole mobile of a coordinator post in my scope (tap-to-call), for the responsible township/park coordinator and manager supervisors; audited',
        params: idParamsSchema,
        response: {
          200: revealedMobileSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => coordinators.revealMobile(request.actor, request.params.id),
  );

  app.patch(
    '/coordinators/:id',
    {
      schema: {
        ...common,
        summary:
          "Change a coordinator post's skill level (四级..一级) and certificate number/date (supervisors managing its jurisdiction); audited",
        params: idParamsSchema,
        body: coordinatorQualificationBodySchema,
        response: {
          200: coordinatorSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => coordinators.updateQualification(request.actor, request.params.id, request.body),
  );

  app.post(
    '/coordinators/:id/end',
    {
      schema: {
        ...common,
        summary:
          'End a post (结束任职) from a date with a reason (离任/调岗): it stops counting at once (supervisors managing its jurisdiction); audited',
        params: idParamsSchema,
        body: coordinatorEndBodySchema,
        response: {
          200: coordinatorEndResponseSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => coordinators.endPost(request.actor, request.params.id, request.body),
  );

  app.post(
    '/people/:id/deactivate',
    {
      schema: {
        ...common,
        summary:
          'Deactivate a person (停用人员): all his current posts end (离任) and he can no longer sign in; counts, compliance and reminders drop him at once (managers of every jurisdiction he serves); audited',
        params: idParamsSchema,
        body: personDeactivateBodySchema,
        response: { 200: personDeactivateResponseSchema, ...errorResponses },
      },
    },
    async (request) => coordinators.deactivatePerson(request.actor, request.params.id, request.body),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  evaluationAdjustBodySchema,
  evaluationComputeBodySchema,
  evaluationListSchema,
  evaluationQuerySchema,
  evaluationSchema,
} from '@coordnet/shared/api/evaluations';
import type { EvaluationService } from './service';

/** Yearly evaluation of grassroots coordinators (seed §二(三) 技能比武和评价机制, C5). */
export const evaluationRoutes: FastifyPluginAsyncZod<{ evaluations: EvaluationService }> = async (
  app,
  { evaluations },
) => {
  const common = { tags: ['evaluations'], security: [{ bearer: [] }] };

  app.get(
    '/evaluations',
    {
      schema: {
        ...common,
        summary:
          "A county's yearly evaluations of its township, park and community coordinators, best first (supervisors)",
        querystring: evaluationQuerySchema,
        response: { 200: evaluationListSchema, ...errorResponses },
      },
    },
    async (request) => evaluations.list(request.principal, request.query),
  );

  app.post(
    '/evaluations/compute',
    {
      schema: {
        ...common,
        summary:
          "Compute a county's drafts for a year from its logs with the county's weights (one statement); final ones stay",
        body: evaluationComputeBodySchema,
        response: { 200: evaluationListSchema, ...errorResponses },
      },
    },
    async (request) => evaluations.compute(request.actor, request.body),
  );

  app.post(
    '/evaluations/finalize',
    {
      schema: {
        ...common,
        summary: "Finalise every draft of a county's year (locks them)",
        body: evaluationComputeBodySchema,
        response: { 200: evaluationListSchema, ...errorResponses },
      },
    },
    async (request) => evaluations.finalizeAll(request.actor, request.body),
  );

  app.patch(
    '/evaluations/:id',
    {
      schema: {
        ...common,
        summary: 'Adjust a draft by up to ±20 points with a reason (county managers and above)',
        params: idParamsSchema,
        body: evaluationAdjustBodySchema,
        response: { 200: evaluationSchema, ...errorResponses },
      },
    },
    async (request) => evaluations.adjust(request.actor, request.params.id, request.body),
  );

  app.post(
    '/evaluations/:id/finalize',
    {
      schema: {
        ...common,
        summary: 'Finalise one evaluation (locks it)',
        params: idParamsSchema,
        response: { 200: evaluationSchema, ...errorResponses },
      },
    },
    async (request) => evaluations.finalize(request.actor, request.params.id),
  );
};

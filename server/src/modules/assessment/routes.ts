import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assessmentQuerySchema,
  assessmentSchema,
  assessmentTargetBodySchema,
  assessmentTargetParamsSchema,
  assessmentTargetResponseSchema,
} from '@coordnet/shared/api/assessment';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { AssessmentService } from './service';

export const assessmentRoutes: FastifyPluginAsyncZod<{ assessment: AssessmentService }> = async (
  app,
  { assessment },
) => {
  app.get(
    '/assessment/regions',
    {
      schema: {
        tags: ['assessment'],
        security: [{ bearer: [] }],
        summary:
          'Yearly target assessment (seed §三(一)) of the cities or counties under a jurisdiction, or of a county itself: staffing by enterprise counts, compliance, C1/C2 coverage, ranked',
        querystring: assessmentQuerySchema,
        response: { 200: assessmentSchema, ...errorResponses },
      },
    },
    async (request) => assessment.regions(request.principal, request.query),
  );

  app.put(
    '/assessment/targets/:code',
    {
      schema: {
        tags: ['assessment'],
        security: [{ bearer: [] }],
        summary:
          "Sets a city's (province managers) or a county's (its city's managers) yearly assessment targets (seed §三(一)); audited",
        params: assessmentTargetParamsSchema,
        body: assessmentTargetBodySchema,
        response: { 200: assessmentTargetResponseSchema, ...errorResponses },
      },
    },
    async (request) => assessment.setTarget(request.principal, request.params.code, request.body, request.ip),
  );
};

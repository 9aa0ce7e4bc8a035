import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import { riskCaseListQuerySchema, riskCaseListSchema, riskCaseSchema } from '@coordnet/shared/api/risk-cases';
import type { RiskCaseService } from './service';

/** 风险与纠纷: risk reports (C4) as cases, with deadlines and escalation (risk-cases/service.ts). */
export const riskCaseRoutes: FastifyPluginAsyncZod<{ riskCases: RiskCaseService }> = async (
  app,
  { riskCases },
) => {
  app.addHook('onRequest', app.authenticate);
  const common = { tags: ['logs'], security: [{ bearer: [] }] };

  app.get(
    '/risk-cases',
    {
      schema: {
        ...common,
        summary:
          'Risk reports in scope as cases (待受理/已受理/处理中/已办结), newest first, with deadline and counts by stage',
        querystring: riskCaseListQuerySchema,
        response: { 200: riskCaseListSchema, ...errorResponses },
      },
    },
    async (request) => riskCases.list(request.principal, request.query),
  );

  app.get(
    '/risk-cases/:id',
    {
      schema: {
        ...common,
        summary: 'One risk report as a case',
        params: idParamsSchema,
        response: { 200: riskCaseSchema, ...errorResponses },
      },
    },
    async (request) => riskCases.get(request.principal, request.params.id),
  );

  app.post(
    '/risk-cases/:id/accept',
    {
      schema: {
        ...common,
        summary: '受理: the handling township/park coordinator or a county-or-above manager takes the case',
        params: idParamsSchema,
        response: { 200: riskCaseSchema, ...errorResponses },
      },
    },
    async (request) => riskCases.accept(request.actor, request.params.id),
  );

  app.post(
    '/risk-cases/:id/start',
    {
      schema: {
        ...common,
        summary: '处理中: work on an accepted case has started',
        params: idParamsSchema,
        response: { 200: riskCaseSchema, ...errorResponses },
      },
    },
    async (request) => riskCases.start(request.actor, request.params.id),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { logSchema, riskReportCloseBodySchema, riskReportCreateBodySchema } from '@coordnet/shared/api/logs';
import { toLogDto } from '../../repository';
import type { RiskReportService } from './service';

export const riskReportRoutes: FastifyPluginAsyncZod<{ riskReports: RiskReportService }> = async (
  app,
  { riskReports },
) => {
  const common = { tags: ['logs'], security: [{ bearer: [] }] };

  app.post(
    '/risk-reports',
    {
      schema: {
        ...common,
        summary:
          'C4: report a labour dispute or risk at an enterprise; a major one (重大劳动关系矛盾纠纷) is escalated to the county group',
        body: riskReportCreateBodySchema,
        response: { 200: logSchema, 201: logSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { log, created } = await riskReports.create(request.actor, request.body);
      return reply.code(created ? 201 : 200).send(toLogDto(log, request.principal));
    },
  );

  app.post(
    '/risk-reports/:id/close',
    {
      schema: {
        ...common,
        summary: 'Close a risk report with its outcome (manager supervisors)',
        params: idParamsSchema,
        body: riskReportCloseBodySchema,
        response: { 200: logSchema, ...errorResponses },
      },
    },
    async (request) =>
      toLogDto(
        await riskReports.close(request.actor, request.params.id, request.body.outcome),
        request.principal,
      ),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import { logDetailSchema, logListQuerySchema, logPageSchema } from '@coordnet/shared/api/logs';
import { notFound } from '../../lib/errors';
import { toLogDetailDto, toLogDto, type LogRepository } from './repository';

export const logRoutes: FastifyPluginAsyncZod<{ logs: LogRepository }> = async (app, { logs }) => {
  const common = { tags: ['logs'], security: [{ bearer: [] }] };

  app.get(
    '/logs',
    {
      schema: {
        ...common,
        summary:
          'My logs (supervisors: every log in their scope), newest first; filter by enterprise, kind, period, status',
        querystring: logListQuerySchema,
        response: { 200: logPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await logs.list(request.principal, request.query);
      return {
        items: page.items.map((row) => toLogDto(row, request.principal)),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/logs/:id',
    {
      schema: {
        ...common,
        summary: 'One log with its history of revisions and decisions',
        params: idParamsSchema,
        response: { 200: logDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const row = await logs.findReadable(request.principal, request.params.id);
      if (!row) throw notFound();
      return toLogDetailDto(row, await logs.history(row.id), request.principal);
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import { AppError } from '../../lib/errors';

const statusSchema = z.object({ status: z.literal('ok') });

/** /healthz: the process is up. /readyz: it can reach its database (503 otherwise, for the load balancer). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['ops'], response: { 200: statusSchema } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['ops'], response: { 200: statusSchema, ...errorResponses } } },
    async () => {
      try {
        await Promise.race([
          app.database.ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('database ping timed out')), 2_000).unref(),
          ),
        ]);
      } catch {
        throw new AppError('service_unavailable', '数据库暂时不可用', undefined, { 'retry-after': '5' });
      }
      return { status: 'ok' as const };
    },
  );
};

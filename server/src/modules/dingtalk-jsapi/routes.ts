import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsapiConfigQuerySchema, jsapiConfigSchema } from '@coordnet/shared/api/dingtalk';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { JsapiService } from './service';

export const jsapiRoutes: FastifyPluginAsyncZod<{
  jsapi: JsapiService;
  publicUrl: string | undefined;
}> = async (app, { jsapi, publicUrl }) => {
  app.get(
    '/dingtalk/jsapi-config',
    {
      onRequest: [app.authenticate],
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: "dd.config for one of the app's own pages (signed with the shared JSAPI ticket)",
        security: [{ bearer: [] }],
        querystring: jsapiConfigQuerySchema,
        response: {
          200: jsapiConfigSchema,
          ...errorResponses,
        },
      },
    },
    async (request) =>
      jsapi.config(
        request.query.url,
        publicUrl ?? `${request.protocol}://${request.host}`,
        request.query.refresh === true,
      ),
  );
};

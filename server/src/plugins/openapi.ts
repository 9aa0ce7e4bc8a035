import fp from 'fastify-plugin';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export interface OpenapiOptions {
  /** Serve the UI at /docs and the JSON at /docs/json (DOCS_ENABLED; off in production by default). */
  ui: boolean;
}

/** OpenAPI generated from the routes' zod schemas (app.swagger()); when switched on, JSON at /docs/json and a UI at /docs. */
async function openapiPlugin(app: FastifyInstance, opts: OpenapiOptions) {
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'CoordNet API 劳动关系协调员网络', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  if (opts.ui) await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}

export default fp(openapiPlugin, { name: 'openapi' });

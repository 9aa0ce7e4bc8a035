import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '@coordnet/shared/api/errors';
import {
  settingsParamsSchema,
  settingsPutBodySchema,
  settingsResponseSchema,
} from '@coordnet/shared/api/settings';
import type { SettingsService } from './service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
};

export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (
  app,
  { settings },
) => {
  const common = { tags: ['settings'], security: [{ bearer: [] }] };

  app.get(
    '/settings/:jurisdictionCode',
    {
      schema: {
        ...common,
        summary: 'Policy settings of a jurisdiction: its own overrides and what applies after inheritance',
        params: settingsParamsSchema,
        response: { 200: settingsResponseSchema, ...errors },
      },
    },
    async (request) => settings.get(request.principal.scope, request.params.jurisdictionCode),
  );

  app.put(
    '/settings/:jurisdictionCode',
    {
      schema: {
        ...common,
        summary:
          'Replace the overrides of a province, city or county (its manager supervisors); keys left out are inherited',
        params: settingsParamsSchema,
        body: settingsPutBodySchema,
        response: { 200: settingsResponseSchema, ...errors },
      },
    },
    async (request) =>
      settings.put(
        { scope: request.principal.scope, ip: request.ip },
        request.params.jurisdictionCode,
        request.body,
      ),
  );
};

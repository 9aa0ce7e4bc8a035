import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  settingsParamsSchema,
  settingsPutBodySchema,
  settingsResponseSchema,
} from '@coordnet/shared/api/settings';
import type { SettingsService } from './service';

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
        response: { 200: settingsResponseSchema, ...errorResponses },
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
        response: { 200: settingsResponseSchema, ...errorResponses },
      },
    },
    async (request) => settings.put(request.actor, request.params.jurisdictionCode, request.body),
  );
};

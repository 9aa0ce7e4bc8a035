import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '@coordnet/shared/api/errors';
import {
  incentiveAdvanceBodySchema,
  incentiveEntrySchema,
  incentiveKindParamsSchema,
  incentiveListQuerySchema,
  incentivePageSchema,
  myIncentivesSchema,
} from '@coordnet/shared/api/incentives';
import type { IncentiveService } from './service';

/** 技能提升补贴 and 金牌劳动关系协调员 lists (seed §二(四)2, 4): per person, 待申领 → 已申领 → 已发放. */
export const incentiveRoutes: FastifyPluginAsyncZod<{ incentives: IncentiveService }> = async (
  app,
  { incentives },
) => {
  const common = { tags: ['registry'], security: [{ bearer: [] }] };

  app.get(
    '/incentives/mine',
    {
      schema: {
        ...common,
        summary: 'My own entries on the 技能提升补贴 and 金牌 lists, with their status',
        response: { 200: myIncentivesSchema, ...errorResponses },
      },
    },
    async (request) => incentives.mine(request.principal),
  );

  app.get(
    '/incentives/:kind',
    {
      schema: {
        ...common,
        summary:
          'The 技能提升补贴 (subsidy) or 金牌劳动关系协调员 (gold) list under a jurisdiction in my scope, with status counts (mobiles masked)',
        params: incentiveKindParamsSchema,
        querystring: incentiveListQuerySchema,
        response: { 200: incentivePageSchema, ...errorResponses },
      },
    },
    async (request) => incentives.list(request.principal, request.params.kind, request.query),
  );

  app.post(
    '/incentives/:kind/advance',
    {
      schema: {
        ...common,
        summary:
          'Move one entry one step forward (待申领 → 已申领 → 已发放): manager supervisors of its jurisdiction; 409 if it is not in the step before',
        params: incentiveKindParamsSchema,
        body: incentiveAdvanceBodySchema,
        response: { 200: incentiveEntrySchema, ...errorResponses },
      },
    },
    async (request) => incentives.advance(request.actor, request.params.kind, request.body),
  );
};

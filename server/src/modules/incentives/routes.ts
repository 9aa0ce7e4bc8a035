import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '@coordnet/shared/api/errors';
import {
  incentiveAdvanceBodySchema,
  incentiveEntrySchema,
  incentiveKindParamsSchema,
  incentiveListQuerySchema,
  incentivePageSchema,
  myIncentivesSchema,
} from '@coordnet/shared/api/incentives';
import type { IncentiveService } from './service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
};

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
        response: { 200: myIncentivesSchema, ...errors },
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
        response: { 200: incentivePageSchema, ...errors },
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
        response: { 200: incentiveEntrySchema, ...errors, 409: errorBodySchema },
      },
    },
    async (request) =>
      incentives.advance({ principal: request.principal, ip: request.ip }, request.params.kind, request.body),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import {
  awardCreateBodySchema,
  awardListQuerySchema,
  awardPageSchema,
  awardSchema,
  coordinatorProfileSchema,
  trainingAttendanceBodySchema,
  trainingSessionCreateBodySchema,
  trainingSessionListQuerySchema,
  trainingSessionPageSchema,
  trainingSessionSchema,
  userIdParamsSchema,
} from '@coordnet/shared/api/development';
import { errorResponses } from '@coordnet/shared/api/errors';
import type { DevelopmentService } from './service';

/** The coordinator database (信息库): training, competition results, honours and a person's profile. */
export const developmentRoutes: FastifyPluginAsyncZod<{ development: DevelopmentService }> = async (
  app,
  { development },
) => {
  const common = { tags: ['registry'], security: [{ bearer: [] }] };
  app.get(
    '/training-sessions',
    {
      schema: {
        ...common,
        summary: 'Training sessions organised under a jurisdiction in my scope, newest first',
        querystring: trainingSessionListQuerySchema,
        response: { 200: trainingSessionPageSchema, ...errorResponses },
      },
    },
    async (request) => development.listSessions(request.principal, request.query),
  );

  app.post(
    '/training-sessions',
    {
      schema: {
        ...common,
        summary:
          'Record a training session (date, topic, hours, trainer) and who attended: manager supervisors of the organising level',
        body: trainingSessionCreateBodySchema,
        response: { 201: trainingSessionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await development.createSession(request.actor, request.body)),
  );

  app.post(
    '/training-sessions/:id/attendance',
    {
      schema: {
        ...common,
        summary: 'Add attendees to a session (already recorded ones are kept once)',
        params: idParamsSchema,
        body: trainingAttendanceBodySchema,
        response: { 200: trainingSessionSchema, ...errorResponses },
      },
    },
    async (request) => development.addAttendance(request.actor, request.params.id, request.body.userIds),
  );

  app.get(
    '/awards',
    {
      schema: {
        ...common,
        summary: 'Competition results and honours under a jurisdiction in my scope',
        querystring: awardListQuerySchema,
        response: { 200: awardPageSchema, ...errorResponses },
      },
    },
    async (request) => development.listAwards(request.principal, request.query),
  );

  app.post(
    '/awards',
    {
      schema: {
        ...common,
        summary:
          'Record a skill-competition result or an honour (金牌劳动关系协调员 …): manager supervisors of the level',
        body: awardCreateBodySchema,
        response: { 201: awardSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await development.createAward(request.actor, request.body)),
  );

  app.get(
    '/coordinators/:userId/profile',
    {
      schema: {
        ...common,
        summary:
          "A coordinator's page in the database: posts with skill level and certificate, training hours and sessions, competition results and honours (mobile masked)",
        params: userIdParamsSchema,
        response: { 200: coordinatorProfileSchema, ...errorResponses },
      },
    },
    async (request) => development.profile(request.principal, request.params.userId),
  );
};

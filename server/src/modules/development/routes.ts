import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import {
  awardCreateBodySchema,
  awardListQuerySchema,
  awardPageSchema,
  awardSchema,
  coordinatorProfileSchema,
  SIGN_IN_SHEET_MAX_BYTES,
  signInSheetQuerySchema,
  signInSheetResultSchema,
  trainingAttendanceBodySchema,
  trainingAttendeesSchema,
  trainingSessionCreateBodySchema,
  trainingSessionListQuerySchema,
  trainingSessionPageSchema,
  trainingSessionSchema,
  userIdParamsSchema,
} from '@coordnet/shared/api/development';
import { errorResponses } from '@coordnet/shared/api/errors';
import { AppError } from '../../lib/errors';
import type { DevelopmentService } from './service';

/** The coordinator database (信息库): training, competition results, honours and a person's profile. */
export const developmentRoutes: FastifyPluginAsyncZod<{ development: DevelopmentService }> = async (
  app,
  { development },
) => {
  // 签到表 uploads only: one small file.
  await app.register(multipart, {
    limits: { fileSize: SIGN_IN_SHEET_MAX_BYTES, files: 1, fields: 2, parts: 3, headerPairs: 100 },
  });
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
        summary:
          'Add attendees to a session with the hours they attended (idempotent per person: one row each, hours replaced)',
        params: idParamsSchema,
        body: trainingAttendanceBodySchema,
        response: { 200: trainingSessionSchema, ...errorResponses },
      },
    },
    async (request) =>
      development.addAttendance(request.actor, request.params.id, request.body.userIds, request.body.hours),
  );

  app.get(
    '/training-sessions/:id/attendees',
    {
      schema: {
        ...common,
        summary: "A session's attendees with the hours each attended (mobiles masked)",
        params: idParamsSchema,
        response: { 200: trainingAttendeesSchema, ...errorResponses },
      },
    },
    async (request) => development.attendees(request.principal, request.params.id),
  );

  app.post(
    '/training-sessions/:id/sign-in-sheet',
    {
      schema: {
        ...common,
        summary:
          '签到表导入 (multipart field `file`, .xlsx or .csv with 姓名/手机号/学时): preview the matches; with confirm=true write all rows or none',
        consumes: ['multipart/form-data'],
        params: idParamsSchema,
        querystring: signInSheetQuerySchema,
        response: { 200: signInSheetResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      await development.assertCanImport(request.principal, request.params.id);
      let bytes: Buffer;
      try {
        const file = await request.file();
        if (!file) throw new Error('no file');
        bytes = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError('sign_in_sheet_too_large', '签到表文件不能超过 2 MB');
        throw new AppError('sign_in_sheet_missing', '请选择要上传的签到表文件(.xlsx 或 .csv)');
      }
      return development.importSignInSheet(request.actor, request.params.id, bytes, request.query.confirm);
    },
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

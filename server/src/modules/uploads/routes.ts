import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@coordnet/shared/api/common';
import { errorResponses } from '@coordnet/shared/api/errors';
import { uploadFromUrlBodySchema, uploadQuerySchema, uploadSchema } from '@coordnet/shared/api/logs';
import { AppError } from '../../lib/errors';
import { SENSITIVE_LIMITS } from '../../plugins/security';
import { MAX_UPLOAD_BYTES, toUploadDto, type UploadService } from './service';

export const uploadRoutes: FastifyPluginAsyncZod<{ uploads: UploadService }> = async (app, { uploads }) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5, headerPairs: 100 },
  });
  const common = { tags: ['uploads'], security: [{ bearer: [] }] };
  const limit = app.limitPerPersonAndAddress('upload', SENSITIVE_LIMITS.upload);

  app.post(
    '/uploads',
    {
      preHandler: limit,
      schema: {
        ...common,
        summary:
          'Upload one photo (multipart field `file`; JPEG, PNG, WebP or HEIC, at most 10 MB); idempotent on `clientId`',
        consumes: ['multipart/form-data'],
        querystring: uploadQuerySchema,
        response: { 200: uploadSchema, 201: uploadSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      let data: Buffer;
      try {
        const file = await request.file();
        if (!file) throw new AppError('upload_missing');
        data = await file.toBuffer();
        // @fastify/multipart (10.1) checks the limit only between chunks: when busboy cuts the
        // file at the limit on the last chunk, toBuffer returns the first 10 MB without an error.
        if (file.file.truncated) throw new AppError('upload_too_large');
      } catch (error) {
        throw uploadParseError(error);
      }
      const { row, created } = await uploads.create(request.actor, data, request.query.clientId);
      return reply.code(created ? 201 : 200).send(toUploadDto(row));
    },
  );

  app.post(
    '/uploads/from-url',
    {
      preHandler: limit,
      schema: {
        ...common,
        summary:
          'Store a photo DingTalk already hosts (dd.biz.util.uploadImage): fetched only from the allowed DingTalk origins, same checks as a multipart upload; idempotent on `clientId`',
        body: uploadFromUrlBodySchema,
        response: { 200: uploadSchema, 201: uploadSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { row, created } = await uploads.createFromUrl(request.actor, request.body);
      return reply.code(created ? 201 : 200).send(toUploadDto(row));
    },
  );

  app.get(
    '/uploads/:id',
    {
      schema: {
        ...common,
        summary: 'The photo, for its uploader or anyone who can read the log it is attached to',
        params: idParamsSchema,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { upload, stream, size } = await uploads.open(request.principal, request.params.id);
      return reply
        .type(upload.contentType)
        .header('content-length', size)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline')
        .send(stream as never); // bytes, not JSON: the response schema only describes errors
    },
  );
};

/**
 * Reading the multipart body only parses what the phone sent, so whatever goes wrong here is the
 * request's fault (no boundary, a truncated form, a malformed part header): a 4xx, never a 500.
 */
function uploadParseError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('upload_too_large');
  // Fastify's own request errors (wrong content type, part limits) are mapped by the errors plugin.
  if (code?.startsWith('FST_')) return error;
  return new AppError('upload_malformed');
}

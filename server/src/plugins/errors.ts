import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES } from '@coordnet/shared/api/errors';
import { AppError } from '../lib/errors';

const FASTIFY_CODES: Record<string, { status: number; code: keyof typeof ERROR_MESSAGES }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: { status: 401, code: 'unauthorized' },
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: { status: 401, code: 'token_expired' },
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: { status: 401, code: 'unauthorized' },
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: { status: 401, code: 'unauthorized' },
  FST_JWT_BAD_REQUEST: { status: 401, code: 'unauthorized' },
  FST_JWT_BAD_COOKIE_REQUEST: { status: 401, code: 'unauthorized' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_FILES_LIMIT: { status: 413, code: 'body_too_large' },
  FST_PARTS_LIMIT: { status: 413, code: 'body_too_large' },
};

/**
 * Every error leaves as `{ code, message, details? }` with a Chinese message. Client mistakes are
 * 4xx with what was wrong; anything unexpected is a 500 that is logged and reveals nothing.
 */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) void reply.headers(error.headers);
      return reply
        .code(error.statusCode)
        .send({ code: error.code, message: error.message, details: error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      const first = issues[0];
      return reply.code(400).send({
        code: 'validation_failed',
        message: first
          ? `${ERROR_MESSAGES.validation_failed}：${first.path} ${first.message}`
          : ERROR_MESSAGES.validation_failed,
        details: { issues },
      });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known)
      return reply.code(known.status).send({ code: known.code, message: ERROR_MESSAGES[known.code] });
    if (error.statusCode === 401) {
      return reply.code(401).send({ code: 'unauthorized', message: ERROR_MESSAGES.unauthorized });
    }
    if (error.statusCode === 429) {
      return reply.code(429).send({ code: 'rate_limited', message: ERROR_MESSAGES.rate_limited });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ code: 'bad_request', message: ERROR_MESSAGES.bad_request });
    }
    if (isResponseSerializationError(error))
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    else request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ code: 'internal_error', message: ERROR_MESSAGES.internal_error });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ code: 'route_not_found', message: ERROR_MESSAGES.route_not_found });
  });
}

export default fp(errorsPlugin, { name: 'errors' });

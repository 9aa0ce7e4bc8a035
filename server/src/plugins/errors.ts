import fp from 'fastify-plugin';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES } from '@coordnet/shared/api/errors';
import { isDatabaseUnavailable } from '../lib/database-errors';
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

/** What a 503 asks the client to wait: about how long the database takes to come back after a failover. */
export const RETRY_AFTER_SECONDS = 5;

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
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ code: 'service_unavailable', message: ERROR_MESSAGES.service_unavailable });
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

/**
 * Errors the router raises before any route or error handler runs (a URL that is not valid
 * percent-encoding, a path parameter over the length limit): the same `{ code, message }` body.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return reply.code(414).send({ code: 'url_too_long', message: ERROR_MESSAGES.url_too_long });
  return reply.code(400).send({ code: 'bad_request', message: ERROR_MESSAGES.bad_request });
}

/**
 * Requests Node's HTTP parser rejects (headers too large, malformed request line, a client that
 * never finished): answered on the socket with the same `{ code, message }` body, then closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', { code: 'bad_request', message: '请求头过大' }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', { code: 'bad_request', message: '请求超时，请重试' }]
        : [400, 'Bad Request', { code: 'bad_request', message: ERROR_MESSAGES.bad_request }];
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

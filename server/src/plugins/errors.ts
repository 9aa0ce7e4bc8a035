import fp from 'fastify-plugin';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '@coordnet/shared/api/errors';
import { isDatabaseUnavailable } from '../lib/database-errors';
import { AppError } from '../lib/errors';

/** Fastify's and its plugins' error codes, each answered as one of ours (with that code's status). */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: 'unauthorized',
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: 'token_expired',
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: 'unauthorized',
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: 'unauthorized',
  FST_JWT_BAD_REQUEST: 'unauthorized',
  FST_JWT_BAD_COOKIE_REQUEST: 'unauthorized',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_REQ_FILE_TOO_LARGE: 'body_too_large',
  FST_FILES_LIMIT: 'body_too_large',
  FST_PARTS_LIMIT: 'body_too_large',
};

/** The body of a code with its default message, at that code's status. */
const send = (reply: FastifyReply, code: ErrorCode) =>
  reply.code(ERROR_STATUS[code]).send({ code, message: ERROR_MESSAGES[code] });

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
      return reply.code(ERROR_STATUS.validation_failed).send({
        code: 'validation_failed',
        message: first
          ? `${ERROR_MESSAGES.validation_failed}：${first.path} ${first.message}`
          : ERROR_MESSAGES.validation_failed,
        details: { issues },
      });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return send(reply, known);
    if (error.statusCode === 401) return send(reply, 'unauthorized');
    if (error.statusCode === 429) return send(reply, 'rate_limited');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ code: 'bad_request', message: ERROR_MESSAGES.bad_request });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return send(reply.header('retry-after', String(RETRY_AFTER_SECONDS)), 'service_unavailable');
    }
    if (isResponseSerializationError(error))
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    else request.log.error({ err: error }, 'unhandled error');
    return send(reply, 'internal_error');
  });

  app.setNotFoundHandler((request, reply) => {
    void send(reply, 'route_not_found');
  });
}

export default fp(errorsPlugin, { name: 'errors' });

/**
 * Errors the router raises before any route or error handler runs (a URL that is not valid
 * percent-encoding, a path parameter over the length limit): the same `{ code, message }` body.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return send(reply, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'url_too_long' : 'bad_request');
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

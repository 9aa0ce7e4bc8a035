import { ERROR_MESSAGES, type ErrorCode } from '@coordnet/shared/api/errors';

/** An error the client caused or must be told about; the error handler turns it into `{ code, message, details }`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode | (string & {}),
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES[code as ErrorCode] ?? ERROR_MESSAGES.bad_request);
  }
}

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = (message?: string) => new AppError(403, 'forbidden', message);
export const badRequest = (code: ErrorCode | (string & {}), message?: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const conflict = (code: ErrorCode | (string & {}), message?: string, details?: unknown) =>
  new AppError(409, code, message, details);

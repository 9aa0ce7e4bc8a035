import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode, type ErrorStatus } from '@coordnet/shared/api/errors';

/**
 * An error the client caused or must be told about; the error handler turns it into
 * `{ code, message, details }`. Its HTTP status is its code's (ERROR_STATUS in shared/), so a
 * throw names only what went wrong; a code shared/ does not know fails the typecheck.
 */
export class AppError extends Error {
  readonly statusCode: ErrorStatus;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.statusCode = ERROR_STATUS[code];
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = (message?: string) => new AppError('forbidden', message);

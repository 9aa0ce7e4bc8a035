/**
 * Whether an error means "the database cannot be reached or is not answering" (the pool could not
 * connect in time, a connection dropped, a query outlived its timeout, the server is shutting down
 * or full) rather than a bug: such requests get 503 with Retry-After, and the client tries again.
 */
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'not queryable',
  'Client was closed',
  'Cannot use a pool after calling end',
];
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTCONN',
]);
/** SQLSTATE: class 08 connection exceptions, statement timeout, shutdowns, too many connections. */
const UNAVAILABLE_SQLSTATES = /^(08...|57014|57P01|57P02|57P03|53300)$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_SQLSTATES.test(code)))
      return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
  }
  return false;
}

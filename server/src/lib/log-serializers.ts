/**
 * Serializers for the server's log lines. Errors from the database carry the statement's parameters
 * (drizzle's "Failed query: … params: …", pg's `detail` "Key (mobile)=(…)", "invalid input syntax
 * for type uuid: "…""): those values are personal data and never reach the log. What is kept is
 * what an operator needs: the error's type, code, constraint, the SQL text (placeholders, no
 * values) and where it was thrown; any mobile left in a message or URL is masked.
 */

const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/** Scalar fields of pg and Node errors that name things, never values. */
const KEPT_FIELDS = [
  'code',
  'statusCode',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
  'errno',
  'syscall',
] as const;

export const maskMobiles = (text: string) => text.replace(MOBILE, '$1****$2');

/** The message without drizzle's parameter list; any value quoted by Postgres is masked as a mobile. */
function safeMessage(message: string): string {
  return maskMobiles(message.replace(/\nparams: [\s\S]*$/, '\nparams: [not logged]'));
}

export interface SerializedError {
  type: string;
  message: string;
  stack: string;
  query?: string;
  cause?: SerializedError;
  [field: string]: unknown;
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (typeof error !== 'object' || error === null)
    return { type: typeof error, message: maskMobiles(String(error)), stack: '' };
  const e = error as Error & Record<string, unknown>;
  const message = typeof e.message === 'string' ? e.message : '';
  const out: SerializedError = {
    type: (e.constructor as { name?: string } | undefined)?.name ?? 'Error',
    message: safeMessage(message),
    stack: '',
  };
  if (typeof e.stack === 'string')
    out.stack = maskMobiles(
      (message ? e.stack.replace(message, safeMessage(message)) : e.stack).replace(
        /\nparams: [^\n]*/g,
        '\nparams: [not logged]',
      ),
    );
  for (const field of KEPT_FIELDS) {
    const value = e[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (typeof e.query === 'string') out.query = e.query.slice(0, 2_000);
  if (e.cause !== undefined && depth < 4) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** The request as Fastify logs it, with mobiles in the URL (a search for a number) masked. */
export function serializeRequest(request: {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  return {
    method: request.method,
    url: maskMobiles(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export const logSerializers = {
  err: (error: unknown) => serializeError(error),
  error: (error: unknown) => serializeError(error),
  req: serializeRequest,
};

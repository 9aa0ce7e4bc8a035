import type { z } from 'zod';
import { ERROR_MESSAGES, errorBodySchema } from '@coordnet/shared/api/errors';
import { reportConnectionLost, reportConnectionOk } from './online';
import { currentToken } from './session-store';

export const API_BASE = '/api/v1';

/** A request with no answer by then counts as no connection (a photo upload gets longer). */
export const REQUEST_TIMEOUT_MS = 20_000;
export const UPLOAD_TIMEOUT_MS = 120_000;

/** An API failure with the server's Chinese `message`, ready to show to the user. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && /[\u4e00-\u9fff]/.test(error.message)) return error.message;
  return '出错了，请稍后重试';
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Sign-in endpoints send no token and must not trigger re-authentication. Default true. */
  auth?: boolean;
}

/** Obtains a fresh token after a 401, or null when the user has to sign in interactively. */
export type ReauthHandler = () => Promise<string | null>;

let reauthHandler: ReauthHandler | null = null;
let reauthInFlight: Promise<string | null> | null = null;

export function setReauthHandler(handler: ReauthHandler | null): void {
  reauthHandler = handler;
}

/** Concurrent 401s share one re-authentication. */
function reauthenticate(): Promise<string | null> {
  if (!reauthHandler) return Promise.resolve(null);
  reauthInFlight ??= reauthHandler()
    .catch(() => null)
    .finally(() => {
      reauthInFlight = null;
    });
  return reauthInFlight;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body (a photo upload) sets its own multipart content type with the boundary.
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  // The caller's signal still cancels; the timer aborts a request stuck without an answer.
  const controller = new AbortController();
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel);
  if (options.signal?.aborted) controller.abort();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    isForm ? UPLOAD_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
  );
  try {
    const response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body:
        options.body === undefined
          ? undefined
          : isForm
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: controller.signal,
    });
    reportConnectionOk();
    return response;
  } catch (error) {
    if (options.signal?.aborted && !timedOut) throw error;
    // No answer at all: the phone may say it is online, but there is no connection (lib/online.ts).
    reportConnectionLost();
    if (timedOut) throw new ApiError(0, 'network_timeout', '网络连接超时，请检查网络后重试');
    throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function toApiError(response: Response): Promise<ApiError> {
  const parsed = errorBodySchema.safeParse(await readJson(response));
  if (parsed.success) {
    const { code, message, details } = parsed.data;
    return new ApiError(response.status, code, message, details);
  }
  // A proxy or gateway answered instead of the API.
  const message =
    response.status >= 500 ? ERROR_MESSAGES.service_unavailable : `请求失败（${response.status}）`;
  return new ApiError(response.status, 'http_error', message);
}

export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const useAuth = options.auth ?? true;
  const sentToken = useAuth ? currentToken() : null;
  let response = await send(path, options, sentToken);

  if (response.status === 401 && useAuth) {
    const latest = currentToken();
    // Another request may already have renewed the token while this one was in flight.
    const token = latest && latest !== sentToken ? latest : await reauthenticate();
    if (token) response = await send(path, options, token);
  }

  if (!response.ok) throw await toApiError(response);
  const parsed = schema.safeParse(await readJson(response));
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'invalid_response',
      '服务器返回的数据格式不正确，请刷新后重试',
      parsed.error.issues,
    );
  }
  return parsed.data;
}

export function apiGet<S extends z.ZodType>(
  path: string,
  schema: S,
  query?: Record<string, QueryValue>,
  signal?: AbortSignal,
): Promise<z.output<S>> {
  return apiRequest(path, schema, { query, signal });
}

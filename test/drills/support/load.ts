import { randomUUID } from 'node:crypto';
import { testClock } from '../../clock';

export interface Outcome {
  kind: 'write' | 'read';
  /** ms since the drill's start */
  at: number;
  ms: number;
  /** HTTP status, or 0 when no answer came (network error or our own 30 s abort) */
  status: number;
  retryAfter: string | null;
  errorBody: { code?: unknown; message?: unknown } | null;
  clientId?: string;
}

/** Bodies by clientId: a replay sends exactly what the phone stored, as its outbox does. */
const stored = new Map<string, object>();

/** A C1 contact (联络) as the phone sends it; the clientId makes a retry harmless. */
export function contactBody(enterpriseId: string, clientId: string = randomUUID()) {
  const body = stored.get(clientId) ?? {
    clientId,
    enterpriseId,
    occurredAt: new Date(testClock.now().getTime() - 60_000).toISOString(),
    channel: 'phone',
    duties: ['law_publicity'],
    notes: '演练：电话联络企业，了解本月用工情况',
  };
  stored.set(clientId, body);
  return body;
}

/** One request with a client-side timeout; never throws. */
export async function timed(
  url: string,
  init: RequestInit,
  origin: number,
  kind: Outcome['kind'],
  timeoutMs = 30_000,
): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let errorBody: Outcome['errorBody'] = null;
    if (res.status >= 400) {
      try {
        errorBody = JSON.parse(text) as Outcome['errorBody'];
      } catch {
        errorBody = {};
      }
    }
    return {
      kind,
      at: Math.round(started - origin),
      ms: Math.round(performance.now() - started),
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      errorBody,
    };
  } catch {
    return {
      kind,
      at: Math.round(started - origin),
      ms: Math.round(performance.now() - started),
      status: 0,
      retryAfter: null,
      errorBody: null,
    };
  }
}

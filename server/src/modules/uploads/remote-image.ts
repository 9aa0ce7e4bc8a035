import { AppError } from '../../lib/errors';

export interface RemoteImageOptions {
  /** Origins (`https://host[:port]`) the server may fetch from; redirects must stay inside them. */
  allowedOrigins: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

const MAX_REDIRECTS = 3;

/** The URL, if it is an http(s) URL on an allowed origin without credentials; null otherwise. */
export function allowedImageUrl(raw: string, allowedOrigins: readonly string[]): URL | null {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol)) return null;
  if (url.username || url.password) return null;
  return allowedOrigins.includes(url.origin) ? url : null;
}

const forbiddenUrl = () => new AppError('upload_url_forbidden');
const unreachable = (details?: unknown) => new AppError('upload_url_unreachable', undefined, details);

/**
 * Fetches an image from an allowed host (a DingTalk-hosted photo), SSRF-safe: only the listed
 * origins, redirects followed by hand and only inside them, no cookies or credentials sent, a
 * deadline for the whole transfer and a byte limit enforced while reading (not trusted from
 * Content-Length). The bytes' type is checked by the caller, like a multipart upload.
 */
export async function fetchRemoteImage(raw: string, options: RemoteImageOptions): Promise<Buffer> {
  let url = allowedImageUrl(raw, options.allowedOrigins);
  if (!url) throw forbiddenUrl();
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        redirect: 'manual',
        credentials: 'omit',
        signal,
        headers: { accept: 'image/*' },
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        const base: string = url.href;
        const next: string | null =
          location && URL.canParse(location, base) ? new URL(location, base).href : null;
        const allowed = next ? allowedImageUrl(next, options.allowedOrigins) : null;
        if (!allowed || hop >= MAX_REDIRECTS) throw forbiddenUrl();
        url = allowed;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw unreachable({ status: response.status });
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        await response.body?.cancel();
        throw new AppError('upload_too_large');
      }
      return await readLimited(response, options.maxBytes);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreachable({ reason: signal.aborted ? 'timeout' : 'network' });
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError('upload_too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

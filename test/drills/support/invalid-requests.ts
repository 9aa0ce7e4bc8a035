import fc from 'fast-check';
import {
  draw,
  invalid,
  junkJson,
  nastyString,
  nearlyValid,
  type JsonSchema,
  type KnownValues,
} from './openapi-arbitraries';

/** One operation of the OpenAPI document. */
export interface Operation {
  method: string;
  path: string;
  parameters: { in: 'path' | 'query' | 'header'; name: string; schema: JsonSchema; required?: boolean }[];
  body?: JsonSchema;
  multipart: boolean;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['parameters'];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
      // The upload route parses multipart itself and publishes no body schema.
      multipart: path === '/api/v1/uploads' && method === 'post',
    })),
  );
}

export interface GeneratedRequest {
  /** what was broken, for the report */
  mode: Mode;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const BROKEN_JSON = [
  '{',
  '{"a":',
  '[1,2',
  '{"a":1}}',
  'nul',
  '"\\ud800"',
  '{"a":"\\u0000"}',
  '\u0000',
  '{} {}',
  ',',
];

const MODES = [
  'path',
  'query',
  'body',
  'raw',
  'auth',
  'nearly-valid',
  // issue 16: text Postgres refuses, keyset cursors taken apart, a client choosing its own address
  'bad-text',
  'cursor',
  'forwarded',
] as const;
export type Mode = (typeof MODES)[number];

/** A NUL or a lone surrogate, as raw text (for JSON) and as the bytes a URL would carry. */
const BAD_TEXT = [
  { text: '\u0000', url: '%00' },
  { text: 'a\u0000b', url: 'a%00b' },
  { text: '\ud800', url: '%ED%A0%80' },
  { text: 'x\udfff', url: 'x%ED%BF%BF' },
  { text: '\ud83d', url: '%ED%A0%BD' },
];

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Keyset cursors a client could hand back altered: wrong types, no uuid, no date, bad text, not JSON. */
export const TAMPERED_CURSORS = [
  cursorOf(['x', 'not-a-uuid']),
  cursorOf([1, 2]),
  cursorOf(['2026-99-99', '00000000-0000-4000-8000-000000000001']),
  cursorOf(['0000-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000001']),
  cursorOf(['2026-13-01T00:00:00Z', 1]),
  cursorOf(['名\u0000', '00000000-0000-4000-8000-000000000001']),
  cursorOf([99_999_999_999, 'x', '00000000-0000-4000-8000-000000000001']),
  cursorOf([{ a: 1 }, null]),
  cursorOf('x'.repeat(150)),
  Buffer.from('{"a":').toString('base64url'),
  '%%%',
  '',
];

/** Forged client addresses: the drill checks none of them reaches an audit row or escapes a limit. */
export const FORGED_PREFIX = '203.0.113.';

const string = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Builds the n-th request of the drill for one operation; the same seed gives the same request. */
export function generateRequest(
  op: Operation,
  seed: number,
  known: KnownValues,
  tokens: string[],
): GeneratedRequest {
  const applicable = MODES.filter(
    (m) =>
      (m !== 'path' || op.parameters.some((p) => p.in === 'path')) &&
      (m !== 'query' || op.parameters.some((p) => p.in === 'query')) &&
      (m !== 'body' || op.body) &&
      (m !== 'raw' || op.body || op.multipart) &&
      (m !== 'cursor' || op.parameters.some((p) => p.in === 'query' && p.name === 'cursor')),
  );
  const mode = applicable[seed % applicable.length]!;
  let s = seed * 7919;
  const next = () => ++s;

  const bad = BAD_TEXT[draw(fc.integer({ min: 0, max: BAD_TEXT.length - 1 }), next())]!;
  // Where the bad text goes: 0 a path parameter, 1 the query, 2 the JSON body.
  const badAt = mode === 'bad-text' ? draw(fc.integer({ min: 0, max: 2 }), next()) : -1;
  let url = op.path;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  for (const [i, p] of pathParams.entries()) {
    const value =
      mode === 'path' ? draw(invalid(p.schema, known), next()) : draw(nearlyValid(p.schema, known), next());
    const text = wellFormed(string(value));
    // Sometimes raw (unencoded) to reach the router's own parsing.
    const encoded = draw(fc.boolean(), next())
      ? encodeURIComponent(text)
      : text.replace(/[#?/\s]/g, encodeURIComponent);
    url = url.replace(`{${p.name}}`, badAt === 0 && i === 0 ? `${encoded}${bad.url}` : encoded);
  }

  const query = new URLSearchParams();
  for (const p of op.parameters.filter((p) => p.in === 'query')) {
    const choice = draw(fc.integer({ min: 0, max: 9 }), next());
    if (mode !== 'query') {
      if (choice < 5) query.append(p.name, string(draw(nearlyValid(p.schema, known), next())));
      continue;
    }
    if (choice < 2) continue;
    if (choice < 5) query.append(p.name, string(draw(invalid(p.schema, known), next())));
    else if (choice < 7) {
      // the same key twice: the query parser makes an array of it
      query.append(p.name, string(draw(nearlyValid(p.schema, known), next())));
      query.append(p.name, string(draw(nastyString, next())));
    } else query.append(p.name, string(draw(nearlyValid(p.schema, known), next())));
  }
  if (mode === 'query' && draw(fc.boolean(), next()))
    query.append(draw(nastyString, next()) || 'x', string(draw(junkJson, next())));
  if (mode === 'cursor')
    query.set(
      'cursor',
      TAMPERED_CURSORS[draw(fc.integer({ min: 0, max: TAMPERED_CURSORS.length - 1 }), next())]!,
    );
  let qs = query.toString();
  if (badAt === 1 || (badAt === 0 && pathParams.length === 0) || (badAt === 2 && !op.body)) {
    // Appended raw, so the server's own decoding makes the NUL or the surrogate of it.
    const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const name = names.length > 0 ? names[draw(fc.integer({ min: 0, max: names.length - 1 }), next())]! : 'q';
    qs = `${qs ? `${qs}&` : ''}${encodeURIComponent(name)}=${bad.url}`;
  }
  if (qs) url += `?${qs}`;

  const headers: Record<string, string> = {};
  const who = draw(fc.integer({ min: 0, max: tokens.length + 1 }), next());
  if (mode === 'auth') {
    headers.authorization = draw(
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        `Bearer ${'a'.repeat(5000)}`,
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        'Bearer a.b.c',
        `Bearer ${tokens[0] ?? ''}x`,
        `bearer ${tokens[0] ?? ''}`,
      ),
      next(),
    );
  } else if (who < tokens.length) headers.authorization = `Bearer ${tokens[who]}`;
  if (mode === 'forwarded') {
    const forged = `${FORGED_PREFIX}${draw(fc.integer({ min: 1, max: 254 }), next())}`;
    headers['x-forwarded-for'] = draw(
      fc.constantFrom(forged, `${forged}, 10.0.0.1`, `${forged}, ${forged}`),
      next(),
    );
    headers.forwarded = `for=${forged}`;
    headers['x-real-ip'] = forged;
  }

  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (op.multipart) {
    const boundary =
      'drill' + draw(fc.string({ unit: fc.constantFrom(...'abcdef0123456789'), maxLength: 12 }), next());
    const bytes = draw(fc.uint8Array({ maxLength: 2048 }), next());
    const magic = draw(
      fc.constantFrom(
        [],
        [0xff, 0xd8, 0xff, 0xe0],
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
      ),
      next(),
    );
    const field = draw(fc.constantFrom('file', 'photo', ''), next());
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${string(draw(nastyString, next())).slice(0, 80)}"\r\nContent-Type: ${draw(fc.constantFrom('image/jpeg', 'image/png', 'text/plain', ''), next())}\r\n\r\n`;
    const tail = draw(fc.constantFrom(`\r\n--${boundary}--\r\n`, '', `\r\n--${boundary}`), next());
    body = Buffer.concat([Buffer.from(head), Buffer.from(magic), Buffer.from(bytes), Buffer.from(tail)]);
    headers['content-type'] = draw(
      fc.constantFrom(`multipart/form-data; boundary=${boundary}`, 'multipart/form-data', 'application/json'),
      next(),
    );
  } else if (op.body) {
    if (mode === 'raw') {
      const raw = draw(
        fc.oneof(
          fc.constantFrom(...BROKEN_JSON).map((b) => ({ b, ct: 'application/json' })),
          fc.constantFrom('a=1&b=2', 'hello').map((b) => ({ b, ct: 'application/x-www-form-urlencoded' })),
          fc.constant({ b: 'plain', ct: 'text/plain' }),
          fc.constant({ b: '', ct: 'application/json' }),
          fc.constant({ b: `{"x":"${'y'.repeat(1_100_000)}"}`, ct: 'application/json' }),
          fc.constant({ b: '['.repeat(5_000) + ']'.repeat(5_000), ct: 'application/json' }),
        ),
        next(),
      );
      body = raw.b;
      headers['content-type'] = raw.ct;
    } else {
      const value =
        mode === 'body' ? draw(invalid(op.body, known), next()) : draw(nearlyValid(op.body, known), next());
      body = JSON.stringify(badAt === 2 ? withBadText(value, bad.text) : value) ?? 'null';
      headers['content-type'] = 'application/json';
    }
  } else if (op.method !== 'GET' && op.method !== 'DELETE' && draw(fc.boolean(), next())) {
    // A body where none is expected.
    body = JSON.stringify(draw(junkJson, next())) ?? 'null';
    headers['content-type'] = 'application/json';
  }
  return { mode, method: op.method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** The value with `bad` put into its first string (or as a new field when it has none). */
function withBadText(value: unknown, bad: string): unknown {
  let done = false;
  const walk = (v: unknown): unknown => {
    if (done) return v;
    if (typeof v === 'string') {
      done = true;
      return `${v}${bad}`;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  if (done) return out;
  return out && typeof out === 'object' && !Array.isArray(out) ? { ...out, note: bad } : { note: bad };
}

/** Lone surrogates replaced, so the text can be percent-encoded (String#toWellFormed is ES2024). */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

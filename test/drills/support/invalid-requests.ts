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
  mode: 'path' | 'query' | 'body' | 'raw' | 'auth' | 'nearly-valid';
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

const string = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** Builds the n-th request of the drill for one operation; the same seed gives the same request. */
export function generateRequest(
  op: Operation,
  seed: number,
  known: KnownValues,
  tokens: string[],
): GeneratedRequest {
  const modes = ['path', 'query', 'body', 'raw', 'auth', 'nearly-valid'] as const;
  const applicable = modes.filter(
    (m) =>
      (m !== 'path' || op.parameters.some((p) => p.in === 'path')) &&
      (m !== 'query' || op.parameters.some((p) => p.in === 'query')) &&
      (m !== 'body' || op.body) &&
      (m !== 'raw' || op.body || op.multipart),
  );
  const mode = applicable[seed % applicable.length]!;
  let s = seed * 7919;
  const next = () => ++s;

  let url = op.path;
  for (const p of op.parameters.filter((p) => p.in === 'path')) {
    const value =
      mode === 'path' ? draw(invalid(p.schema, known), next()) : draw(nearlyValid(p.schema, known), next());
    const text = wellFormed(string(value));
    // Sometimes raw (unencoded) to reach the router's own parsing.
    const encoded = draw(fc.boolean(), next())
      ? encodeURIComponent(text)
      : text.replace(/[#?/\s]/g, encodeURIComponent);
    url = url.replace(`{${p.name}}`, encoded);
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
  const qs = query.toString();
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
      body = JSON.stringify(value) ?? 'null';
      headers['content-type'] = 'application/json';
    }
  } else if (op.method !== 'GET' && op.method !== 'DELETE' && draw(fc.boolean(), next())) {
    // A body where none is expected.
    body = JSON.stringify(draw(junkJson, next())) ?? 'null';
    headers['content-type'] = 'application/json';
  }
  return { mode, method: op.method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** Lone surrogates replaced, so the text can be percent-encoded (String#toWellFormed is ES2024). */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

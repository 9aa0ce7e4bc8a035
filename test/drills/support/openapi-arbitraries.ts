import fc from 'fast-check';

/**
 * fast-check arbitraries derived from the JSON schemas the server publishes at /docs/json (made from
 * the zod schemas of shared/src/api). `nearlyValid` follows a schema (enums, formats, bounds) with
 * real ids mixed in so requests get past validation into the services; `invalid` breaks one thing.
 */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
}

/** Real values from the drill database, so generated requests reach the code behind validation. */
export interface KnownValues {
  uuids: string[];
  jurisdictionCodes: string[];
  periods: string[];
}

/** Strings that have broken servers before: encodings, overflows, injections, control characters. */
const NASTY_STRINGS = [
  '',
  ' ',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '\ud800',
  '../../etc/passwd',
  "' or 1=1 --",
  '"; drop table enterprises; --',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '=cmd|"/c calc"!A1',
  'null',
  'undefined',
  'true',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  '-9'.repeat(20),
  'x'.repeat(10_000),
  '中'.repeat(2_000),
  '2026-13-45',
  '2026-02-30T25:61:00Z',
  '0000-00-00T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-Q5',
  '2026-00',
  '330106109000',
  '000000000000',
  '999999999999',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  'eyJhbGciOiJub25lIn0.e30.',
  '🙂🙂🙂',
  '\r\nX-Injected: 1',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Any JSON value at all, with the awkward numbers and deep nesting. */
export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}, [[[]]], { '': '' }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }),
);

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/** A value that follows the schema (mostly), or sometimes a real id or code from the database. */
export function nearlyValid(schema: JsonSchema, known: KnownValues, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((s) => nearlyValid(s, known, depth + 1)));
  }
  if (schema.allOf && schema.allOf.length > 0) return nearlyValid(schema.allOf[0]!, known, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const base = valueOfType(schema, known, depth);
  return schema.nullable ? fc.option(base, { nil: null, freq: 8 }) : base;
}

function valueOfType(schema: JsonSchema, known: KnownValues, depth: number): fc.Arbitrary<unknown> {
  const type = types(schema)[0];
  switch (type) {
    case 'string':
      return stringFor(schema, known);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000, -1_000_000),
        max: Math.min(schema.maximum ?? 1_000_000, 1_000_000),
      });
    case 'number':
      return fc.double({
        min: Math.max(schema.minimum ?? -1_000, -1e6),
        max: Math.min(schema.maximum ?? 1e6, 1e6),
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? nearlyValid(schema.items, known, depth + 1) : junkJson, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      });
    case 'object': {
      if (depth > 4 || !schema.properties) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(schema.properties).map(([key, s]) => {
        const value = nearlyValid(s, known, depth + 1);
        return [key, required.has(key) ? value : fc.option(value, { nil: undefined })] as const;
      });
      return fc
        .record(Object.fromEntries(entries))
        .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    case 'null':
      return fc.constant(null);
    default:
      return junkJson;
  }
}

function stringFor(schema: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  if (schema.format === 'uuid') {
    return known.uuids.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...known.uuids) },
          { weight: 1, arbitrary: fc.uuid() },
        )
      : fc.uuid();
  }
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2025-06-01T00:00:00Z'),
        max: new Date('2027-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (schema.format === 'date') {
    return fc
      .date({
        min: new Date('2025-01-01T00:00:00Z'),
        max: new Date('2027-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.pattern === '^\\d{12}$' && known.jurisdictionCodes.length > 0) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...known.jurisdictionCodes) },
      { weight: 1, arbitrary: fc.stringMatching(/^\d{12}$/) },
    );
  }
  if (schema.pattern && /Q|\\d\{4\}/.test(schema.pattern) && known.periods.length > 0) {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...known.periods) },
      { weight: 1, arbitrary: safeMatching(schema.pattern) },
    );
  }
  if (schema.pattern) return safeMatching(schema.pattern);
  return fc.string({
    unit: 'grapheme',
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 30, 60),
  });
}

function safeMatching(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return nastyString;
  }
}

/**
 * A value that breaks the schema in one way: the wrong type, a nasty string, a bound overstepped,
 * a required key missing, a key the strict schema does not know, or one field of an object broken.
 */
export function invalid(schema: JsonSchema, known: KnownValues): fc.Arbitrary<unknown> {
  const breakers: fc.Arbitrary<unknown>[] = [junkJson, nastyString];
  const type = types(schema)[0];
  if (type === 'string') {
    breakers.push(
      fc.string({ minLength: (schema.maxLength ?? 200) + 1, maxLength: (schema.maxLength ?? 200) + 5 }),
      fc.integer(),
      fc.constant(['a', 'b']),
    );
  }
  if (type === 'integer' || type === 'number') {
    breakers.push(
      fc.constantFrom((schema.maximum ?? 1e9) + 1, (schema.minimum ?? -1e9) - 1, 0.5, '12', '1e3', ''),
    );
  }
  if (type === 'array') {
    breakers.push(
      fc.array(junkJson, { maxLength: 3 }),
      fc.constant(Array.from({ length: (schema.maxItems ?? 1_000) + 1 }, () => 'x')),
    );
  }
  if (type === 'object' && schema.properties) {
    const props = Object.keys(schema.properties);
    const valid = nearlyValid(schema, known) as fc.Arbitrary<Record<string, unknown>>;
    breakers.push(
      // one field broken
      fc
        .tuple(valid, fc.constantFrom(...props), fc.constant(null))
        .chain(([o, key]) => invalid(schema.properties![key]!, known).map((bad) => ({ ...o, [key]: bad }))),
      // a required field missing
      fc
        .tuple(valid, fc.constantFrom(...(schema.required?.length ? schema.required : props)))
        .map(([o, key]) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))),
      // an unknown key
      fc
        .tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), junkJson)
        .map(([o, k, v]) => ({ ...o, [k]: v })),
    );
  }
  return fc.oneof(...breakers);
}

/** Draws one value from an arbitrary with the given seed. */
export function draw<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
}

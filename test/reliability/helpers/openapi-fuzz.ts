import fc, { Arbitrary } from 'fast-check';

/** Just enough of OpenAPI 3 for generating requests. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: Schema; required: boolean }>;
  /** 'json' with its schema, 'multipart', or none. */
  body?: { kind: 'json'; schema: Schema } | { kind: 'multipart' };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

/** Every operation of the document, so a new route is fuzzed without touching the tests. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      const parameters = spec.parameters ?? [];
      const content = spec.requestBody?.content ?? {};
      const body: Operation['body'] = content['application/json']
        ? { kind: 'json', schema: resolve(document, content['application/json'].schema ?? {}) }
        : content['multipart/form-data']
          ? { kind: 'multipart' }
          : undefined;
      operations.push({
        method: method as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(document, p.schema ?? {}), required: !!p.required })),
        body,
      });
    }
  }
  return operations;
}

/** Inlines $ref and allOf, so generators see plain schemas. */
function resolve(document: OpenApiDocument, schema: Schema, depth = 0): Schema {
  if (depth > 8) return {};
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
  if (schema.allOf?.length === 1) return { ...resolve(document, schema.allOf[0], depth + 1), nullable: schema.nullable };
  const resolved: Schema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, resolve(document, value, depth + 1)]));
  }
  if (schema.items) resolved.items = resolve(document, schema.items, depth + 1);
  return resolved;
}

/** Strings that break naive code: injection, traversal, odd Unicode, control characters, emptiness. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE assessment; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)',
  '" OR ""="',
  '%',
  '_',
  '\\',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '$where',
  '\u202egnp.exe',
  'Z̷̢̛̖͇a̵̡͔l̴g̸o̵',
  '𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦',
  '\ud800',
  '\uffff\ufeff',
  '\r\n\t\v\f',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '99999999999999999999',
  '0x1F',
  'true',
];

export const nastyString: Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 3000 }).map((n) => 'ş'.repeat(n)) },
);

/** A value of the right type (so validation may pass it and deeper code sees it), with odd content. */
export function wellTyped(schema: Schema, depth = 0): Arbitrary<unknown> {
  const base = wellTypedBase(schema, depth);
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function wellTypedBase(schema: Schema, depth: number): Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'number':
    case 'integer':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 3000 }),
        fc.constantFrom(0, 1, -1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1.5),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(wellTyped(schema.items ?? { type: 'string' }, depth + 1), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
    case 'object':
      if (depth > 3 || !schema.properties) return fc.constant({});
      return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, wellTyped(value, depth + 1)])), {
        requiredKeys: schema.required ?? [],
      });
    default:
      if (schema.format === 'uuid') return fc.oneof(fc.uuid(), nastyString);
      if (schema.format === 'email') return fc.oneof(fc.emailAddress(), nastyString);
      return fc.oneof(nastyString, fc.string({ maxLength: 30 }));
  }
}

/** A value no validator of this type can accept (chosen so that no transform turns it into a valid one). */
export function wrongTyped(schema: Schema): Arbitrary<unknown> {
  if (schema.enum) return fc.string({ maxLength: 10 }).map((s) => `zz-not-in-enum-${s}`);
  switch (schema.type) {
    case 'number':
    case 'integer':
      return fc.oneof(
        fc.constantFrom('not-a-number', 'NaN', '1e', { $gt: 0 }, [1, 2], 'Infinity'),
        ...(schema.maximum !== undefined ? [fc.integer({ min: 1, max: 1000 }).map((n) => schema.maximum! + n)] : []),
        ...(schema.minimum !== undefined ? [fc.integer({ min: 1, max: 1000 }).map((n) => schema.minimum! - n)] : []),
      );
    case 'boolean':
      return fc.constantFrom('maybe', 2, { value: true }, [true]);
    case 'array':
      return fc.constantFrom({ length: 1, 0: 'x' }, 5, { $ne: [] });
    case 'object':
      return fc.constantFrom('string instead of object', 42, [[]]);
    default:
      return fc.oneof(
        fc.constantFrom({ $gt: '' }, { toString: 'x' }, [{ a: 1 }], 12345),
        ...(schema.maxLength !== undefined ? [fc.integer({ min: 1, max: 2000 }).map((n) => 'x'.repeat(schema.maxLength! + n))] : []),
        ...((schema.minLength ?? 0) > 0 ? [fc.constant('')] : []),
      );
  }
}

export type BodyCase =
  | { kind: 'json'; body: unknown; mutation: string }
  | { kind: 'raw'; contentType: string; payload: string; mutation: string };

const EXTRA_KEYS = ['isAdmin', 'role_override', '__proto__', 'constructor', 'id', 'createdBy', 'version_', '$where', 'ünïcode', ''];

/** A JSON body that is invalid for the schema in exactly one known way, around well-typed odd values. */
export function invalidJsonBody(schema: Schema): Arbitrary<BodyCase> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  const required = schema.required ?? [];
  const valid = wellTyped({ ...schema, type: 'object' }) as Arbitrary<Record<string, unknown>>;
  const cases: Array<Arbitrary<BodyCase>> = [
    fc
      .tuple(valid, fc.constantFrom(...EXTRA_KEYS.filter((k) => !keys.includes(k))), wellTyped({ type: 'string' }))
      .map(([body, key, value]) => ({ kind: 'raw', contentType: 'application/json', payload: withExtraKey(body, key, value), mutation: `extra field ${key}` })),
    fc.constantFrom<unknown>(null, 42, 'text', true, [], [{}]).map((body) => ({ kind: 'raw', contentType: 'application/json', payload: JSON.stringify(body), mutation: 'not an object' })),
    fc
      .constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '[1,2', 'undefined', '{"a":"\\x41"}', '\u0000', '{"a":1}}')
      .map((payload) => ({ kind: 'raw', contentType: 'application/json', payload, mutation: 'malformed JSON' })),
    fc.integer({ min: 1_100_000, max: 1_300_000 }).map((n) => ({ kind: 'raw', contentType: 'application/json', payload: JSON.stringify({ huge: 'x'.repeat(n) }), mutation: 'over the size limit' })),
  ];
  if (keys.length > 0) {
    cases.push(
      fc
        .constantFrom(...keys)
        .chain((key) => fc.tuple(valid, fc.constant(key), wrongTyped(properties[key])))
        .map(([body, key, value]) => ({ kind: 'json', body: { ...body, [key]: value }, mutation: `wrong value for ${key}` })),
    );
  }
  if (required.length > 0) {
    cases.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([body, key]) => {
        const copy = { ...body };
        delete copy[key];
        return { kind: 'json', body: copy, mutation: `missing ${key}` };
      }),
      fc
        .tuple(valid, fc.constantFrom('text/plain', 'application/xml', 'application/octet-stream', 'text/csv'))
        .map(([body, contentType]) => ({ kind: 'raw', contentType, payload: JSON.stringify(body), mutation: `content type ${contentType}` })),
    );
  }
  return fc.oneof(...cases);
}

function withExtraKey(body: Record<string, unknown>, key: string, value: unknown): string {
  // Built as text so that keys such as __proto__ reach the server as real JSON keys.
  const json = JSON.stringify(body);
  const extra = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return json === '{}' ? `{${extra}}` : `${json.slice(0, -1)},${extra}}`;
}

/** Path segments no route can resolve: malformed, injected, traversing, out of range, or well-formed but unknown. */
export const badPathSegment: Arbitrary<{ raw: boolean; value: string }> = fc.oneof(
  nastyString.filter((s) => s.length > 0 && s.trim().length > 0).map((value) => ({ raw: false, value: `~${value}` })),
  fc.uuid().map((value) => ({ raw: false, value })),
  fc.constantFrom('0', '-1', '99999999999', '2147483648', '1.5', '1e3', '00000000-0000-0000-0000-00000000000g').map((value) => ({ raw: false, value })),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2e%2e%2f%2e%2e%2f', '..%2F..%2Fetc', '%C0%AE%C0%AE%2F').map((value) => ({ raw: true, value })),
);

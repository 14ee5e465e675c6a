import { INestApplication } from '@nestjs/common';
import fc, { Arbitrary } from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { databaseChecksums } from '../../src/backup/table-catalog';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle, pdfBytes } from '../helpers/workflow';
import { reportFigures } from './helpers/figures';
import { BodyCase, badPathSegment, invalidJsonBody, nastyString, Operation, operationsOf, Schema, wellTyped, wrongTyped } from './helpers/openapi-fuzz';

const WRITE_RUNS = Number(process.env.FUZZ_WRITE_RUNS ?? 40);
const READ_RUNS = Number(process.env.FUZZ_READ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20260109);
const STACK_OR_SQL = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|QueryFailedError|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b/;

type Actor = 'admin' | 'reviewer' | 'official' | 'anonymous' | 'forged';
interface Outcome {
  route: string;
  status: number;
  mutation: string;
  body: unknown;
}

/**
 * Property-based bad input over every route of the OpenAPI document: each write gets a body that is
 * invalid in one known way (wrong type, missing or extra field, out of range, malformed JSON, wrong
 * content type, too large) or an unusable path, each read odd query strings. Every answer must be a 4xx
 * in the error contract (never a 5xx) and the database must be exactly as it was.
 */
describe('Bad input on every route', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let operations: Operation[];
  let users: Record<Exclude<Actor, 'anonymous' | 'forged'>, TestUser>;
  const known: Record<string, string> = {};
  const figures = {
    routesFuzzed: 0,
    badInputsTried: 0,
    oddQueriesTried: 0,
    wellTypedOddBodiesTried: 0,
    answered4xx: 0,
    answered5xx: 0,
    answered2xx: 0,
    databaseChanges: 0,
    byStatus: {} as Record<number, number>,
  };
  type Phase = 'badInputsTried' | 'oddQueriesTried' | 'wellTypedOddBodiesTried';
  let phase: Phase = 'badInputsTried';
  const failures: Outcome[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    await resetDatabase(app);
    users = {
      admin: await createUser(app, 'admin'),
      reviewer: await createUser(app, 'reviewer'),
      official: await createUser(app, 'state_official', { states: ['FRA'] }),
    };
    await seed();
    const document = (await request(app.getHttpServer()).get('/api/openapi.json').expect(200)).body;
    operations = operationsOf(document);
  });
  afterAll(async () => {
    reportFigures('bad-input', { ...figures, seed: SEED, firstFailures: failures.slice(0, 5) });
    await app.close();
  });

  /** One of everything, so that well-formed ids in paths reach the services. */
  async function seed(): Promise<void> {
    const http = () => request(app.getHttpServer());
    await openCycle(app, users.admin, 2026);
    const assessment = await http().put('/api/cycles/2026/states/FRA/assessments/GGE%3A13(f)').set(bearer(users.official)).send({ statedLevel: 2 }).expect(200);
    const file = await http().post('/api/evidence/files').set(bearer(users.reviewer)).attach('file', pdfBytes('fuzz'), 'fuzz.pdf').expect(201);
    const evidence = await http().post('/api/evidence').set(bearer(users.reviewer)).send({ title: 'Fuzz', kind: 'legislation', fileId: file.body.id }).expect(201);
    const link = await http().post(`/api/assessments/${assessment.body.id}/evidence`).set(bearer(users.reviewer)).send({ evidenceId: evidence.body.id, stance: 'supports' }).expect(201);
    await http().post('/api/groups').set(bearer(users.admin)).send({ code: 'FUZZ', name: 'Fuzz group', members: ['FRA'] }).expect(201);
    const token = await http().post('/api/auth/tokens').set(bearer(users.admin)).send({ name: 'fuzz' }).expect(201);
    Object.assign(known, {
      assessment: assessment.body.id,
      evidence: evidence.body.id,
      link: link.body.id,
      token: token.body.id,
      user: users.reviewer.id,
    });
  }

  /** A real value for a path parameter, from the route's shape. */
  function knownValue(path: string, name: string): string {
    if (name === 'year') return '2026';
    if (name === 'iso3') return 'FRA';
    if (name === 'commitment') return 'GGE:13(f)';
    if (name === 'linkId') return known.link;
    if (name === 'version') return '2026.1';
    if (name === 'group') return 'UN';
    if (name === 'code') return path.startsWith('/api/groups') ? 'FUZZ' : 'GGE';
    if (path.startsWith('/api/users')) return known.user;
    if (path.startsWith('/api/auth/tokens')) return known.token;
    if (path.startsWith('/api/evidence')) return known.evidence;
    return known.assessment;
  }

  const actor: Arbitrary<Actor> = fc.oneof(
    { weight: 6, arbitrary: fc.constant<Actor>('admin') },
    { weight: 1, arbitrary: fc.constantFrom<Actor>('reviewer', 'official', 'anonymous', 'forged') },
  );

  function authHeader(who: Actor): Record<string, string> {
    if (who === 'anonymous') return {};
    if (who === 'forged') return { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };
    return bearer(users[who]);
  }

  /** Path values: real ones, or (always, when the route has no body to be wrong) one unusable segment. */
  function pathArbitrary(operation: Operation, mustBreak: boolean): Arbitrary<{ url: string; broken: string | undefined }> {
    if (operation.pathParams.length === 0) return fc.constant({ url: operation.path, broken: undefined });
    const breakOne = mustBreak ? fc.constant(true) : fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
    return fc.tuple(breakOne, fc.constantFrom(...operation.pathParams), badPathSegment).map(([doBreak, which, bad]) => {
      let url = operation.path;
      for (const name of operation.pathParams) {
        const segment = doBreak && name === which ? (bad.raw ? bad.value : encodeURIComponent(bad.value)) : encodeURIComponent(knownValue(operation.path, name));
        url = url.replace(`{${name}}`, segment);
      }
      return { url, broken: doBreak ? which : undefined };
    });
  }

  async function send(operation: Operation, url: string, who: Actor, body?: BodyCase, query?: string): Promise<request.Response> {
    let req = request(app.getHttpServer())[operation.method](query ? `${url}?${query}` : url).set(authHeader(who));
    if (!body) return req;
    if (body.kind === 'json') return req.set('Content-Type', 'application/json').send(JSON.stringify(body.body));
    req = req.set('Content-Type', body.contentType);
    return req.send(body.payload);
  }

  function check(route: string, response: request.Response, mutation: string, expect4xx: boolean): boolean {
    figures[phase]++;
    if (process.env.FUZZ_DEBUG) console.log(route, response.status, mutation.slice(0, 150), JSON.stringify(response.body).slice(0, 200));
    figures.byStatus[response.status] = (figures.byStatus[response.status] ?? 0) + 1;
    if (response.status >= 500) figures.answered5xx++;
    else if (response.status >= 400) figures.answered4xx++;
    else figures.answered2xx++;
    const contract =
      response.status < 400 ||
      // Node's HTTP parser refuses an oversized request line or headers before the app sees them.
      response.status === 431 ||
      (response.body?.statusCode === response.status && typeof response.body.code === 'string' && typeof response.body.message === 'string');
    const leaks = response.status >= 400 && STACK_OR_SQL.test(JSON.stringify(response.body ?? ''));
    const ok = (expect4xx ? response.status >= 400 && response.status < 500 : response.status < 500) && contract && !leaks;
    if (!ok) failures.push({ route, status: response.status, mutation: mutation.slice(0, 300), body: response.body });
    return ok;
  }

  const only = (operation: Operation) => !process.env.FUZZ_ONLY || `${operation.method.toUpperCase()} ${operation.path}`.includes(process.env.FUZZ_ONLY);

  it('every write route answers bad bodies and bad paths with a 4xx, and changes nothing', async () => {
    phase = 'badInputsTried';
    const writes = operations.filter((op) => op.method !== 'get' && only(op));
    if (!process.env.FUZZ_ONLY) expect(writes.length).toBeGreaterThan(15);
    const before = await databaseChecksums(dataSource.manager);
    for (const operation of writes) {
      const route = `${operation.method.toUpperCase()} ${operation.path}`;
      figures.routesFuzzed++;
      const bodyArbitrary: Arbitrary<BodyCase | undefined> =
        operation.body?.kind === 'json'
          ? invalidJsonBody(operation.body.schema)
          : operation.body?.kind === 'multipart'
            ? badUpload()
            : fc.constant(undefined);
      // Without a JSON body there is nothing else to be wrong: break the path (or the upload).
      const mustBreakPath = !operation.body && operation.pathParams.length > 0;
      await assertProperty(
        fc.asyncProperty(pathArbitrary(operation, mustBreakPath), bodyArbitrary, actor, async (path, body, who) => {
          if (body && 'multipart' in (body as object)) return check(route, await sendUpload(operation, path.url, who, body as unknown as UploadCase), (body as unknown as UploadCase).mutation, true);
          const mutation = [body?.mutation, path.broken && `bad path ${path.url}`].filter(Boolean).join(', ') || 'none';
          if (!body && !path.broken) return true; // nothing bad to send (e.g. DELETE without parameters)
          return check(route, await send(operation, path.url, who, body), mutation, true);
        }),
        { numRuns: WRITE_RUNS, seed: SEED, endOnFailure: true },
      );
      const after = await databaseChecksums(dataSource.manager);
      const changed = Object.keys(after).filter((table) => after[table].checksum !== before[table]?.checksum);
      if (changed.length > 0) figures.databaseChanges++;
      expect({ route, changed }).toEqual({ route, changed: [] });
    }
    expect(failures).toEqual([]);
  });

  it('every read route answers odd query strings and paths without a 5xx, and changes nothing', async () => {
    phase = 'oddQueriesTried';
    const reads = operations.filter((op) => op.method === 'get' && !op.path.includes('docs') && only(op));
    const before = await databaseChecksums(dataSource.manager);
    for (const operation of reads) {
      const route = `GET ${operation.path}`;
      figures.routesFuzzed++;
      await assertProperty(
        fc.asyncProperty(pathArbitrary(operation, false), queryString(operation), actor, async (path, query, who) => {
          const response = await send(operation, path.url, who, undefined, query.text);
          // A well-formed but unknown id may fairly give an empty list; only a query value of the wrong type must be refused.
          return check(route, response, `${path.url} query ${query.text.slice(0, 80)}`, query.invalid);
        }),
        { numRuns: READ_RUNS, seed: SEED, endOnFailure: true },
      );
    }
    const after = await databaseChecksums(dataSource.manager);
    expect(Object.keys(after).filter((table) => after[table].checksum !== before[table]?.checksum)).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('well-typed odd values on the main write routes never cause a 5xx', async () => {
    // Not a bad-input test in the strict sense: these may succeed (and write); only a 5xx is a failure.
    phase = 'wellTypedOddBodiesTried';
    const targets = operations.filter((op) => op.method !== 'get' && op.body?.kind === 'json' && only(op));
    for (const operation of targets) {
      const route = `${operation.method.toUpperCase()} ${operation.path}`;
      const schema = (operation.body as { schema: Schema }).schema;
      await assertProperty(
        fc.asyncProperty(pathArbitrary(operation, false), wellTyped({ ...schema, type: 'object' }), async (path, body) => {
          const response = await send(operation, path.url, 'admin', { kind: 'json', body, mutation: 'well-typed' });
          return check(route, response, `well-typed ${JSON.stringify(body).slice(0, 120)}`, false);
        }),
        { numRuns: Math.ceil(WRITE_RUNS / 2), seed: SEED, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
  });

  /** fc.assert, but the report stays short: counterexamples can hold megabytes of generated text. */
  async function assertProperty<T>(property: fc.IAsyncPropertyWithHooks<T>, params: fc.Parameters<T>): Promise<void> {
    const details = await fc.check(property, params);
    if (!details.failed) return;
    const last = failures[failures.length - 1];
    const shown = JSON.stringify(last ?? details.counterexample, (_key, value) => (typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…(${value.length})` : value));
    throw new Error(`Property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}): ${shown.slice(0, 2000)}`);
  }

  interface UploadCase {
    multipart: true;
    mutation: string;
    field: string;
    files: Array<{ bytes: Buffer; name: string }>;
    jsonInstead?: boolean;
  }

  function badUpload(): Arbitrary<BodyCase | undefined> {
    const garbage = fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((a) => Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), Buffer.from(a)]));
    const cases: Array<Arbitrary<UploadCase>> = [
      fc.constant({ multipart: true, mutation: 'no file', field: 'file', files: [] }),
      fc.constant({ multipart: true, mutation: 'JSON instead of a file', field: 'file', files: [], jsonInstead: true }),
      fc.constant({ multipart: true, mutation: 'empty file', field: 'file', files: [{ bytes: Buffer.alloc(0), name: 'empty.pdf' }] }),
      garbage.map((bytes) => ({ multipart: true, mutation: 'binary of no accepted type', field: 'file', files: [{ bytes, name: 'x.pdf' }] })),
      fc.tuple(garbage, nastyString).map(([bytes, name]) => ({ multipart: true, mutation: 'unexpected field', field: `upload${name.length}`, files: [{ bytes, name: 'a.pdf' }] })),
      fc.constant({ multipart: true, mutation: 'too large', field: 'file', files: [{ bytes: Buffer.alloc(300 * 1024, 0x41), name: 'big.txt' }] }),
      garbage.map((bytes) => ({ multipart: true, mutation: 'two files', field: 'file', files: [{ bytes, name: 'a.bin' }, { bytes, name: 'b.bin' }] })),
    ];
    return fc.oneof(...cases) as unknown as Arbitrary<BodyCase | undefined>;
  }

  async function sendUpload(operation: Operation, url: string, who: Actor, upload: UploadCase): Promise<request.Response> {
    const req = request(app.getHttpServer())[operation.method](url).set(authHeader(who));
    if (upload.jsonInstead) return req.send({ file: 'not a file' });
    if (upload.files.length === 0) return req.field('note', 'no file here');
    for (const file of upload.files) req.attach(upload.field, file.bytes, file.name);
    return req;
  }

  /** A query string: declared parameters with odd, wrong or well-typed values, repeated keys, unknown keys. */
  function queryString(operation: Operation): Arbitrary<{ text: string; invalid: boolean }> {
    const parameter = (p: { name: string; schema: Schema }) =>
      fc.oneof(
        wellTyped(p.schema).map((value) => ({ parts: [[p.name, value]] as Array<[string, unknown]>, invalid: false })),
        wrongTyped(p.schema)
          .filter((value) => typeof value === 'string' || typeof value === 'number')
          .map((value) => ({ parts: [[p.name, value]] as Array<[string, unknown]>, invalid: p.schema.type === 'number' || !!p.schema.enum })),
        fc.tuple(nastyString, nastyString).map(([a, b]) => ({ parts: [[p.name, a], [p.name, b]] as Array<[string, unknown]>, invalid: false })),
        fc.constant({ parts: [] as Array<[string, unknown]>, invalid: false }),
      );
    const unknown = fc.option(fc.tuple(fc.constantFrom('$where', 'orderBy', '__proto__[x]', 'limit[]', 'a'), nastyString), { nil: undefined });
    return fc.tuple(fc.tuple(...operation.queryParams.map(parameter)), unknown).map(([params, extra]) => {
      const parts = params.flatMap((p) => p.parts);
      if (extra) parts.push(extra);
      const text = parts.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(wellFormed(String(value)))}`).join('&');
      return { text, invalid: params.some((p) => p.invalid) };
    });
  }
});

/** Lone surrogates cannot travel in a URL (they have no UTF-8 form); the rest of the odd text can. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

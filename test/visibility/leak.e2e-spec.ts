import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensService } from '../../src/auth/tokens.service';
import { Actor, bearer, createActors, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus, openCycle, recordPosition, transition } from '../helpers/workflow';
import { canariesIn, expandPath, fetchAs, pageRoutes, ParamValues, readableText } from './leak-harness';

/**
 * Confidential until published. Plants a unique canary string in every private field and file (a reviewer's
 * private evidence and its file, an official's evidence and files in an open cycle, comments, request-changes
 * text, the rationale and narrative of unpublished assessments), then asks for every GET route of the OpenAPI
 * document and every page with real ids, every report and export of every cycle, and every evidence file, as
 * callers who may not see them, and fails on any canary found.
 */
const PUBLISHED = 2030;
const OPEN = 2031;
const MISSING = 2032;
const COMMITMENT = 'GGE:13(a)';

describe('Leak test: nothing private reaches whoever may not see it', () => {
  let app: INestApplication;
  let actors: Record<Actor, TestUser | undefined>;
  const canary = (name: string) => `CNRY${name}${randomBytes(4).toString('hex')}`;
  /** Private to staff and France's officials. */
  const forFrance: string[] = [];
  /** Private to staff (and the reviewer who added them): France's officials must not see these either. */
  const forStaff: string[] = [];
  const ids = { assessments: [] as string[], evidence: [] as string[], files: [] as string[], links: [] as string[], users: [] as string[] };
  const fileContents: Array<{ bytes: Buffer; name: string }> = [];
  let requests = 0;

  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    actors = await createActors(app);
    ids.users.push(actors.reviewer!.id, actors.officialA!.id);
    await plantCycle(PUBLISHED, true);
    await plantCycle(OPEN, false);
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  /** One assessment of France with every kind of private text, in a cycle that is then published or left open. */
  async function plantCycle(year: number, publish: boolean): Promise<void> {
    const { reviewer, officialA: france, admin } = actors as Record<Actor, TestUser>;
    // One framework keeps the whole-cycle reports (a page per state) small enough to request many times.
    await openCycle(app, admin, year, { frameworks: ['GGE'] });
    const unpublishedText = (name: string) => {
      const value = canary(name);
      if (!publish) forFrance.push(value);
      return value;
    };
    let assessment = (
      await recordPosition(app, france, year, 'FRA', COMMITMENT, { statedLevel: 3, narrative: `Narrative ${unpublishedText('Narrative')}` })
    ).body;
    ids.assessments.push(assessment.id);

    // The official's evidence: shared with reviewers by default, and one marked publishable.
    const officialFile = await upload(france, canary('OfficialFile'), canary('OfficialFileName'), forFrance);
    const shared = await addEvidence(france, { title: canary('OfficialShared'), kind: 'strategy', fileId: officialFile, stateIso3: 'FRA' }, forFrance);
    const publishable = await addEvidence(
      france,
      { title: unpublishedText('OfficialPublishable'), kind: 'legislation', url: `https://example.org/${canary('OfficialUrl')}`, stateIso3: 'FRA', visibility: 'public' },
      publish ? [] : forFrance,
    );
    // The reviewer's private source: never for the state, nor for the public.
    const reviewerFile = await upload(reviewer, canary('ReviewerFile'), canary('ReviewerFileName'), forStaff);
    const secret = await addEvidence(
      reviewer,
      { title: canary('ReviewerPrivate'), kind: 'third_party_report', url: `https://example.org/${canary('ReviewerUrl')}`, fileId: reviewerFile, stateIso3: 'FRA', visibility: 'private' },
      forStaff,
    );
    // Ids are secrets too: an official who learns them has a handle on the item (counts, history, file).
    forStaff.push(secret, reviewerFile);
    for (const [evidenceId, by, stance] of [[shared, france, 'supports'], [publishable, france, 'supports'], [secret, reviewer, 'contradicts']] as const) {
      const link = await http().post(`/api/assessments/${assessment.id}/evidence`).set(bearer(by)).send({ evidenceId, stance }).expect(201);
      ids.links.push(link.body.id);
      await http().patch(`/api/assessments/${assessment.id}/evidence/${link.body.id}`).set(bearer(reviewer)).send({ version: link.body.version, judgement: 'accepted' }).expect(200);
    }

    assessment = (await transition(app, france, await current(assessment.id), 'submit')).body;
    assessment = (await transition(app, reviewer, assessment, 'start_review')).body;
    assessment = (
      await http().post(`/api/assessments/${assessment.id}/review`).set(bearer(reviewer)).send({ version: assessment.version, reviewedLevel: 2, rationale: `Rationale ${unpublishedText('Rationale')}` }).expect(201)
    ).body;
    const requestChanges = canary('RequestChanges');
    forFrance.push(requestChanges);
    assessment = (await transition(app, reviewer, assessment, 'request_changes', { comment: `Please ${requestChanges}` })).body;
    const comment = canary('Comment');
    forFrance.push(comment);
    await http().post(`/api/assessments/${assessment.id}/comments`).set(bearer(france)).send({ body: `Answer ${comment}` }).expect(201);
    if (!publish) return;
    assessment = (await transition(app, france, await current(assessment.id), 'submit')).body;
    assessment = (await transition(app, reviewer, assessment, 'start_review')).body;
    await transition(app, reviewer, assessment, 'accept');
    await changeCycleStatus(app, admin, year, 'in_review');
    await changeCycleStatus(app, admin, year, 'published');
  }

  async function current(id: string) {
    return (await http().get(`/api/assessments/${id}`).set(bearer(actors.admin)).expect(200)).body;
  }

  async function upload(user: TestUser, content: string, name: string, list: string[]): Promise<string> {
    list.push(content, name);
    const bytes = Buffer.from(`Confidential ${content}\n`);
    fileContents.push({ bytes, name: `${name}.txt` });
    const response = await http().post('/api/evidence/files').set(bearer(user)).attach('file', bytes, `${name}.txt`).expect(201);
    ids.files.push(response.body.id);
    return response.body.id;
  }

  async function addEvidence(user: TestUser, body: object, list: string[]): Promise<string> {
    for (const value of Object.values(body)) if (typeof value === 'string' && value.includes('CNRY')) list.push(value.replace(/^.*\//, ''));
    const response = await http().post('/api/evidence').set(bearer(user)).send(body).expect(201);
    ids.evidence.push(response.body.id);
    return response.body.id;
  }

  function paramValues(): ParamValues {
    const allIds = [...ids.assessments, ...ids.evidence, ...ids.files, ...ids.users];
    return {
      year: [String(PUBLISHED), String(OPEN)],
      iso3: ['FRA', 'DEU'],
      id: allIds,
      linkId: ids.links,
      commitment: [COMMITMENT],
      code: ['GGE', 'EU'],
      group: ['EU'],
      version: ['2026.1'],
      framework: ['GGE'],
    };
  }

  /** Every GET the OpenAPI document lists, with real ids, and with the query parameters it declares filled in. */
  async function apiPaths(): Promise<string[]> {
    const { body: document } = await http().get('/api/openapi.json').expect(200);
    const values = paramValues();
    const paths: string[] = [];
    for (const [template, operations] of Object.entries(document.paths as Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema?: { enum?: string[] } }> }>>)) {
      const get = operations.get;
      if (!get) continue;
      const queryParams = (get.parameters ?? []).filter((p) => p.in === 'query');
      const queries = [''];
      const filled = new URLSearchParams();
      for (const param of queryParams) {
        const value = { cycle: String(PUBLISHED), state: 'FRA', framework: 'GGE', search: 'CNRY', entityType: 'evidence' }[param.name];
        if (value) filled.set(param.name, value);
      }
      if ([...filled.keys()].length > 0) queries.push(`?${filled}`);
      if (filled.has('cycle')) queries.push(`?${new URLSearchParams({ ...Object.fromEntries(filled), cycle: String(OPEN) })}`);
      const dataset = queryParams.find((p) => p.name === 'dataset')?.schema?.enum ?? [];
      for (const name of dataset) queries.push(`?dataset=${name}`, `?dataset=${name}&state=FRA`);
      for (const path of expandPath(template, values)) for (const query of queries) paths.push(path + query);
    }
    return paths;
  }

  function pagePaths(): string[] {
    const values = paramValues();
    return pageRoutes(app).flatMap((template) => expandPath(template, values));
  }

  /** Requests everything as this caller; returns where each forbidden canary showed up. */
  async function sweep(user: TestUser | undefined, forbidden: string[]): Promise<string[]> {
    const found: string[] = [];
    // A fresh token: on a slow machine a sweep can outlast the previous one, and unauthenticated calls find nothing.
    if (user) user.token = await app.get(TokensService).issueAccessToken(user.id, 0);
    const check = async (label: string, response: request.Response) => {
      requests++;
      // An id the caller sent may come back in an error message: that tells them nothing new.
      const hits = canariesIn(await readableText(response), forbidden).filter((hit) => !label.includes(hit));
      if (hits.length > 0) found.push(`${label} -> ${response.status}: ${hits.join(', ')}`);
    };
    const gets: Array<[string, 'api' | 'page']> = [
      ...(await apiPaths()).map((path) => [path, 'api'] as [string, 'api']),
      ...[...pagePaths(), '/audit-trail?entityType=evidence&state=FRA', '/audit-trail?state=FRA', `/results/${PUBLISHED}/states/FRA?framework=GGE`, `/compare?year=${PUBLISHED}&s=FRA&s=DEU&group=EU`].map(
        (path) => [path, 'page'] as [string, 'page'],
      ),
    ];
    // A few at a time, as browsers do: the reports queue for their render slots meanwhile.
    for (let i = 0; i < gets.length; i += 4) {
      await Promise.all(gets.slice(i, i + 4).map(async ([path, as]) => check(`${as === 'api' ? 'GET' : 'page'} ${path}`, await fetchAs(app, path, user, as))));
    }
    if (user) {
      // A file id is no key: wrapping someone else's file in your own evidence item, or uploading the same bytes.
      for (const fileId of ids.files) {
        const wrapped = await http().post('/api/evidence').set(bearer(user)).send({ title: 'Rewrapped', kind: 'other', fileId, stateIso3: user === actors.officialA ? 'FRA' : user === actors.officialB ? 'DEU' : null });
        await check(`wrap file ${fileId}`, wrapped);
        if (wrapped.status === 201) await check(`download wrapped ${fileId}`, await fetchAs(app, `/api/evidence/${wrapped.body.id}/file`, undefined, 'api'));
      }
      if (user.role !== 'viewer') {
        for (const file of fileContents) {
          await check(`duplicate upload of ${file.name}`, await http().post('/api/evidence/files').set(bearer(user)).attach('file', file.bytes, 'guess.txt'));
        }
      }
    }
    // The caller was signed in to the end: a sweep of 401s would prove nothing.
    if (user) await http().get('/api/auth/me').set(bearer(user)).expect(200);
    return found;
  }

  it('keeps every private canary from anonymous callers', async () => {
    expect(await sweep(undefined, [...forFrance, ...forStaff])).toEqual([]);
  }, 600_000);

  it('keeps every private canary from viewers', async () => {
    expect(await sweep(actors.viewer, [...forFrance, ...forStaff])).toEqual([]);
  }, 600_000);

  it("keeps every private canary from another state's official", async () => {
    expect(await sweep(actors.officialB, [...forFrance, ...forStaff])).toEqual([]);
  }, 600_000);

  it("keeps the reviewer's private evidence from the state's own officials", async () => {
    expect(await sweep(actors.officialA, forStaff)).toEqual([]);
    // And the harness does see what France may see: the sweep can find canaries.
    const own = await readableText(await fetchAs(app, `/api/assessments/${ids.assessments[1]}/comments`, actors.officialA, 'api'));
    expect(canariesIn(own, forFrance).length).toBeGreaterThan(0);
    console.log(`Leak test: ${requests} requests, ${forFrance.length + forStaff.length} canaries`);
  }, 600_000);

  it('answers an unpublished cycle exactly as a missing one, to whoever may not see it', async () => {
    const templates = (await apiPaths()).filter((path) => path.includes(`/${OPEN}`) || path.includes(`cycle=${OPEN}`));
    const differences: string[] = [];
    for (const actor of [undefined, actors.viewer]) {
      for (const path of templates) {
        const unpublished = await fetchAs(app, path, actor, 'api');
        const missing = await fetchAs(app, path.split(String(OPEN)).join(String(MISSING)), actor, 'api');
        const shape = (response: request.Response, year: number) => {
          const body = JSON.parse(Buffer.from(response.body).toString() || '{}');
          return { status: response.status, code: body.code, message: String(body.message).split(String(year)).join('YEAR') };
        };
        const a = shape(unpublished, OPEN);
        const b = shape(missing, MISSING);
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${actor?.role ?? 'anonymous'} ${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    expect(differences).toEqual([]);
  }, 600_000);
});

import request from 'supertest';
import { bearer } from '../helpers/auth';
import { pdfBytes } from '../helpers/workflow';
import { adminOnly, everyone, MatrixContext, RouteCase, signedIn, staffOnly } from './route-matrix';

// In the open cycle used here, unpublished data is hidden from anonymous callers and viewers (404),
// shown to staff and France's official, and refused to Germany's official (403).
const unpublishedRead = { anonymous: 404, viewer: 404, reviewer: 200, officialA: 200, officialB: 403, admin: 200 };
/** A reviewer's (publishable) evidence about France, not yet accepted in a published cycle. */
const evidenceAboutFrance = { anonymous: 404, viewer: 404, reviewer: 200, officialA: 200, officialB: 404, admin: 200 };
const YEAR = 2026;

interface Fixture {
  assessmentId: string;
  evidenceId: string;
}

const fixtures = new WeakMap<object, Promise<Fixture>>();
let nextKey = 0;
const KEYS = [...'bcdefghijk'].map((l) => `GGE:13(${l})`).concat(Array.from({ length: 16 }, (_, i) => `OSCE:${i + 1}`));

/** A fresh commitment of France for tests that must not collide with each other. */
function freshCommitment(): string {
  return KEYS[nextKey++ % KEYS.length];
}

const http = (ctx: MatrixContext) => request(ctx.app.getHttpServer());

/** An open cycle with France's self-assessment of 13(a) and a public evidence item with a file. */
function fixture(ctx: MatrixContext): Promise<Fixture> {
  if (!fixtures.has(ctx.app)) {
    fixtures.set(
      ctx.app,
      (async () => {
        await http(ctx).post('/api/cycles').set(bearer(ctx.actors.admin)).send({ year: YEAR }).expect(201);
        const assessment = await http(ctx)
          .put(`/api/cycles/${YEAR}/states/FRA/assessments/${encodeURIComponent('GGE:13(a)')}`)
          .set(bearer(ctx.actors.officialA))
          .send({ statedLevel: 2 })
          .expect(200);
        const file = await http(ctx).post('/api/evidence/files').set(bearer(ctx.actors.reviewer)).attach('file', pdfBytes('matrix'), 'm.pdf').expect(201);
        const evidence = await http(ctx)
          .post('/api/evidence')
          .set(bearer(ctx.actors.reviewer))
          .send({ title: 'Matrix evidence', kind: 'other', fileId: file.body.id, stateIso3: 'FRA' })
          .expect(201);
        return { assessmentId: assessment.body.id, evidenceId: evidence.body.id };
      })(),
    );
  }
  return fixtures.get(ctx.app)!;
}

async function assessmentVersion(ctx: MatrixContext, id: string): Promise<number> {
  return (await http(ctx).get(`/api/assessments/${id}`).set(bearer(ctx.actors.admin)).expect(200)).body.version;
}

/** A draft recorded by the reviewer on a fresh commitment (no self-assessment). */
async function reviewerDraft(ctx: MatrixContext): Promise<{ id: string; version: number }> {
  await fixture(ctx);
  const response = await http(ctx)
    .put(`/api/cycles/${YEAR}/states/FRA/assessments/${encodeURIComponent(freshCommitment())}`)
    .set(bearer(ctx.actors.reviewer))
    .send({ statedLevel: 1, source: 'public_statement' })
    .expect(200);
  return response.body;
}

async function newEvidence(ctx: MatrixContext): Promise<string> {
  const response = await http(ctx)
    .post('/api/evidence')
    .set(bearer(ctx.actors.reviewer))
    .send({ title: 'Matrix link', kind: 'media', url: `https://example.org/${nextKey++}`, stateIso3: 'FRA' })
    .expect(201);
  return response.body.id;
}

async function newLink(ctx: MatrixContext): Promise<string> {
  const { assessmentId } = await fixture(ctx);
  const evidenceId = await newEvidence(ctx);
  const link = await http(ctx)
    .post(`/api/assessments/${assessmentId}/evidence`)
    .set(bearer(ctx.actors.reviewer))
    .send({ evidenceId, stance: 'supports' })
    .expect(201);
  return `/api/assessments/${assessmentId}/evidence/${link.body.id}`;
}

let nextYear = 2040;

export const ASSESSMENT_ROUTES: RouteCase[] = [
  { method: 'get', route: '/api/cycles', expect: everyone(200) },
  { method: 'post', route: '/api/cycles', body: () => ({ year: nextYear++ }), expect: adminOnly(201) },
  {
    method: 'get',
    route: '/api/cycles/{year}',
    path: async (ctx) => (await fixture(ctx), `/api/cycles/${YEAR}`),
    expect: { ...everyone(200), anonymous: 404, viewer: 404 },
  },
  {
    method: 'post',
    route: '/api/cycles/{year}/status',
    path: async (ctx) => {
      const year = nextYear++;
      await http(ctx).post('/api/cycles').set(bearer(ctx.actors.admin)).send({ year }).expect(201);
      return `/api/cycles/${year}/status`;
    },
    body: () => ({ status: 'in_review', version: 1 }),
    expect: adminOnly(201),
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/states/{iso3}/assessments',
    path: async (ctx) => (await fixture(ctx), `/api/cycles/${YEAR}/states/FRA/assessments`),
    expect: unpublishedRead,
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/states/{iso3}/assessments/{commitment}',
    path: async (ctx) => (await fixture(ctx), `/api/cycles/${YEAR}/states/FRA/assessments/${encodeURIComponent('GGE:13(a)')}`),
    expect: unpublishedRead,
  },
  {
    method: 'put',
    route: '/api/cycles/{year}/states/{iso3}/assessments/{commitment}',
    path: async (ctx) => (await fixture(ctx), `/api/cycles/${YEAR}/states/FRA/assessments/${encodeURIComponent(freshCommitment())}`),
    body: () => ({ statedLevel: 2, source: 'public_statement' }),
    // A viewer may not know of the unpublished cycle: it answers as a missing one.
    expect: { anonymous: 401, viewer: 404, reviewer: 200, officialA: 200, officialB: 403, admin: 403 },
  },
  {
    method: 'get',
    route: '/api/assessments',
    path: async (ctx) => (await fixture(ctx), `/api/assessments?cycle=${YEAR}`),
    expect: { ...everyone(200), anonymous: 404, viewer: 404 },
  },
  {
    method: 'get',
    route: '/api/assessments/{id}',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}`,
    expect: unpublishedRead,
  },
  {
    method: 'get',
    route: '/api/assessments/{id}/history',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}/history`,
    expect: unpublishedRead,
  },
  {
    method: 'post',
    route: '/api/assessments/{id}/review',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}/review`,
    body: async (ctx) => ({
      version: await assessmentVersion(ctx, (await fixture(ctx)).assessmentId),
      reviewedLevel: 1,
      rationale: 'Matrix review',
    }),
    expect: { ...signedIn(403), reviewer: 201 },
  },
  {
    method: 'post',
    route: '/api/assessments/{id}/transitions',
    path: async (ctx) => {
      const draft = await reviewerDraft(ctx);
      (ctx as MatrixContext & { draftVersion?: number }).draftVersion = draft.version;
      return `/api/assessments/${draft.id}/transitions`;
    },
    body: (ctx) => ({ action: 'start_review', version: (ctx as MatrixContext & { draftVersion?: number }).draftVersion }),
    expect: { ...signedIn(403), reviewer: 201 },
  },
  {
    method: 'get',
    route: '/api/assessments/{id}/comments',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}/comments`,
    expect: { ...unpublishedRead, anonymous: 401, viewer: 403 },
  },
  {
    method: 'post',
    route: '/api/assessments/{id}/comments',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}/comments`,
    body: () => ({ body: 'Matrix comment' }),
    expect: { anonymous: 401, viewer: 403, reviewer: 201, officialA: 201, officialB: 403, admin: 201 },
  },
  {
    method: 'post',
    route: '/api/evidence/files',
    attach: () => ({ field: 'file', content: pdfBytes(`upload-${nextKey++}`), filename: 'upload.pdf' }),
    expect: { ...signedIn(201), viewer: 403 },
  },
  {
    method: 'post',
    route: '/api/evidence',
    body: () => ({ title: 'Matrix', kind: 'media', url: 'https://example.org/news', stateIso3: 'FRA' }),
    expect: { anonymous: 401, viewer: 403, reviewer: 201, officialA: 201, officialB: 403, admin: 201 },
  },
  { method: 'get', route: '/api/evidence', expect: everyone(200) },
  {
    method: 'get',
    route: '/api/evidence/{id}',
    path: async (ctx) => `/api/evidence/${(await fixture(ctx)).evidenceId}`,
    expect: evidenceAboutFrance,
  },
  {
    method: 'get',
    route: '/api/evidence/{id}/revisions',
    path: async (ctx) => `/api/evidence/${(await fixture(ctx)).evidenceId}/revisions`,
    expect: evidenceAboutFrance,
  },
  {
    method: 'patch',
    route: '/api/evidence/{id}',
    path: async (ctx) => `/api/evidence/${(await fixture(ctx)).evidenceId}`,
    body: async (ctx) => {
      const current = await http(ctx).get(`/api/evidence/${(await fixture(ctx)).evidenceId}`).set(bearer(ctx.actors.admin)).expect(200);
      return { version: current.body.version, publisher: `Publisher ${nextKey++}` };
    },
    // Who may not see the item gets 404; France's official sees it but did not add it.
    expect: { ...staffOnly(200), viewer: 404, officialB: 404 },
  },
  {
    method: 'get',
    route: '/api/evidence/{id}/file',
    path: async (ctx) => `/api/evidence/${(await fixture(ctx)).evidenceId}/file`,
    expect: evidenceAboutFrance,
  },
  {
    method: 'get',
    route: '/api/assessments/{id}/evidence',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}/evidence`,
    expect: unpublishedRead,
  },
  {
    method: 'post',
    route: '/api/assessments/{id}/evidence',
    path: async (ctx) => `/api/assessments/${(await fixture(ctx)).assessmentId}/evidence`,
    body: async (ctx) => ({ evidenceId: await newEvidence(ctx), stance: 'supports' }),
    expect: { anonymous: 401, viewer: 404, reviewer: 201, officialA: 201, officialB: 403, admin: 201 },
  },
  {
    method: 'patch',
    route: '/api/assessments/{id}/evidence/{linkId}',
    path: (ctx) => newLink(ctx),
    body: () => ({ version: 1, judgement: 'accepted' }),
    expect: { ...signedIn(403), reviewer: 200 },
  },
  {
    method: 'delete',
    route: '/api/assessments/{id}/evidence/{linkId}',
    path: (ctx) => newLink(ctx),
    expect: { anonymous: 401, viewer: 404, reviewer: 204, officialA: 403, officialB: 403, admin: 204 },
  },
  { method: 'get', route: '/api/audit', expect: { ...signedIn(200), viewer: 403 } },
];

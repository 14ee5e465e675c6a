import { readdir } from 'node:fs/promises';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FILE_STORAGE, FileStorage } from '../../src/evidence/storage/file-storage';
import { Actor, bearer, createActors, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle, pdfBytes } from '../helpers/workflow';
import { csrf, getPage, postForm, session, text } from './web-helpers';

const PAGE = '/self-assessment/2026/FRA/GGE';

/** The self-assessment form as a browser sends it (multipart), one row per commitment given. */
function selfAssessment(app: INestApplication, user: TestUser, rows: Array<Record<string, string>>, action: 'save' | 'submit') {
  let call = request(app.getHttpServer()).post(PAGE).set(session(user)).field('_csrf', csrf(user)).field('rows', String(rows.length)).field('action', action);
  rows.forEach((row, i) => {
    for (const [name, value] of Object.entries(row)) call = call.field(`${name}_${i}`, value);
  });
  return call;
}

describe('Web forms: the API’s rules, errors beside the fields, input kept', () => {
  let app: INestApplication;
  let actors: Record<Actor, TestUser | undefined>;
  let official: TestUser;
  let reviewer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    actors = await createActors(app);
    official = actors.officialA!;
    reviewer = actors.reviewer!;
    admin = actors.admin!;
    await openCycle(app, admin, 2026);
  });
  afterAll(async () => {
    await app.close();
  });

  async function assessment(key = 'GGE:13(a)') {
    return (await request(app.getHttpServer()).get(`/api/cycles/2026/states/FRA/assessments/${encodeURIComponent(key)}`).set(bearer(admin)).expect(200)).body;
  }

  it('shows a refused level beside its field and keeps everything typed', async () => {
    const response = await selfAssessment(app, official, [{ key: 'GGE:13(a)', statedLevel: '7', narrative: 'Typed <b>text</b>' }], 'save').expect(400);
    expect(response.text).toContain('<p class="field-error" id="statedLevel_0-error"><span class="visually-hidden">Error:</span> statedLevel must be an integer from 0 to 4, or null</p>');
    expect(response.text).toMatch(/<select id="statedLevel_0" name="statedLevel_0" aria-invalid="true" aria-describedby="statedLevel_0-error">/);
    // Kept, and escaped.
    expect(response.text).toContain('>Typed &lt;b&gt;text&lt;/b&gt;</textarea>');
    expect(text(response.text)).toContain('1 commitment needs attention');
    await request(app.getHttpServer()).get('/api/cycles/2026/states/FRA/assessments/GGE%3A13(a)').set(bearer(admin)).expect(404);
  });

  it('saves and submits through the API’s services', async () => {
    const saved = await selfAssessment(app, official, [{ key: 'GGE:13(a)', statedLevel: '2', narrative: 'A strategy since 2021.', evidenceTitle: 'Strategy', evidenceUrl: 'https://example.org/strategy' }], 'submit').expect(303);
    expect(saved.headers.location).toBe(`${PAGE}?notice=submitted`);
    expect(await assessment()).toMatchObject({ status: 'submitted', statedLevel: 2, narrative: 'A strategy since 2021.', statedBy: 'state_official', evidence: { total: 1, pending: 1 } });
    const page = await getPage(app, `${PAGE}?notice=submitted`, official).expect(200);
    expect(text(page.text)).toContain('The self-assessment was submitted for review.');
  });

  it('lets a reviewer request changes (the comment is required) and the official answer them', async () => {
    const { id, version } = await assessment();
    const refused = await postForm(app, `/review/assessments/${id}/review`, reviewer, { version: String(version), decision: 'request_changes', comment: '' }).expect(400);
    expect(refused.text).toContain('id="comment-error"><span class="visually-hidden">Error:</span> say what the state should change</p>');
    await postForm(app, `/review/assessments/${id}/review`, reviewer, { version: String(version), decision: 'request_changes', comment: 'Name the law, please.' })
      .expect(303)
      .expect('Location', `/review/assessments/${id}?notice=changes_requested`);

    const page = await getPage(app, PAGE, official).expect(200);
    expect(text(page.text)).toContain('Name the law, please.');
    const current = await assessment();
    expect(current.status).toBe('changes_requested');
    await selfAssessment(app, official, [{ key: 'GGE:13(a)', version: String(current.version), statedLevel: '2', narrative: 'A strategy since 2021.', reply: 'The Cyber Law of 2023.' }], 'save').expect(303);
    const comments = await request(app.getHttpServer()).get(`/api/assessments/${id}/comments`).set(bearer(reviewer)).expect(200);
    expect(comments.body.map((c: { body: string }) => c.body)).toEqual(['Name the law, please.', 'The Cyber Law of 2023.']);
  });

  it('attaches a file as evidence for a reviewer, and removes the upload when the CSRF check fails', async () => {
    const { id } = await assessment();
    const tempDir = (app.get(FILE_STORAGE) as FileStorage).tempDir();
    const refused = await request(app.getHttpServer()).post(`/review/assessments/${id}/evidence`).set(session(reviewer)).field('title', 'Decree').attach('file', pdfBytes('decree'), 'decree.pdf');
    expect(refused.status).toBe(403);
    expect(await readdir(tempDir)).toEqual([]);
    await request(app.getHttpServer())
      .post(`/review/assessments/${id}/evidence`)
      .set(session(reviewer))
      .field('_csrf', csrf(reviewer))
      .field('title', 'Decree')
      .field('kind', 'legislation')
      .field('stance', 'supports')
      .field('isPublic', 'on')
      .attach('file', pdfBytes('decree'), 'decree.pdf')
      .expect(303);
    const links = await request(app.getHttpServer()).get(`/api/assessments/${id}/evidence`).set(bearer(reviewer)).expect(200);
    expect(links.body.map((l: { evidence: { title: string; file: unknown } }) => [l.evidence.title, l.evidence.file !== null])).toEqual([['Strategy', false], ['Decree', true]]);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('asks for a reason beside the field before rejecting evidence', async () => {
    const { id } = await assessment();
    const [link] = (await request(app.getHttpServer()).get(`/api/assessments/${id}/evidence`).set(bearer(reviewer)).expect(200)).body;
    const refused = await postForm(app, `/review/assessments/${id}/evidence/${link.id}`, reviewer, { version: String(link.version), judgement: 'rejected', rejectionReason: ' ' }).expect(400);
    expect(refused.text).toContain(`id="reason-${link.id}-error"><span class="visually-hidden">Error:</span> say why the evidence is rejected</p>`);
    await postForm(app, `/review/assessments/${id}/evidence/${link.id}`, reviewer, { version: String(link.version), judgement: 'rejected', rejectionReason: 'Out of date' }).expect(303);
    const [after] = (await request(app.getHttpServer()).get(`/api/assessments/${id}/evidence`).set(bearer(reviewer)).expect(200)).body;
    expect(after).toMatchObject({ judgement: 'rejected', rejectionReason: 'Out of date' });
  });

  it('refuses a weak password beside its field, keeps the rest, and never sends the password back', async () => {
    const response = await postForm(app, '/admin/users', admin, { email: 'new.person@example.org', name: 'New Person', role: 'reviewer', password: 'short-pw' }).expect(400);
    expect(response.text).toContain('id="password-error"');
    expect(response.text).toContain('value="new.person@example.org"');
    expect(response.text).not.toContain('short-pw');
    await postForm(app, '/admin/users', admin, { email: 'new.person@example.org', name: 'New Person', role: 'state_official', states: 'fra, deu', password: 'a long enough password' })
      .expect(303);
    const users = await request(app.getHttpServer()).get('/api/users?role=state_official&state=DEU').set(bearer(admin)).expect(200);
    expect(users.body.map((u: { email: string; states: string[] }) => [u.email, u.states])).toContainEqual(['new.person@example.org', ['DEU', 'FRA']]);
  });

  it('shows a conflict from the service as a message: a cycle that exists', async () => {
    const response = await postForm(app, '/admin/cycles', admin, { year: '2026', frameworks: ['GGE'] }).expect(409);
    expect(text(response.text)).toContain('A cycle for 2026 already exists');
    expect(response.text).toContain('value="2026"');
  });
});

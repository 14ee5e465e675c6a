import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DemoService } from '../../src/demo/demo.service';
import { PublicationArtifactsWorker } from '../../src/reports/publication-artifacts.worker';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { artifactsStored, recordAll } from './publication-helpers';

const YEAR = 2091;

describe('Errata', () => {
  let app: INestApplication;
  let admin: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    await app.get(PublicationArtifactsWorker).start();
    await app.get(DemoService).seed({ year: YEAR, publish: true, states: ['FRA', 'DEU', 'EST'], frameworks: ['OSCE'] });
    await artifactsStored(app, YEAR, 1);
  }, 600_000);
  afterAll(async () => {
    await app.close();
  });

  it('publishes a corrected version 2 with its own artifacts and note; version 1 stays as it was, still served', async () => {
    const v1Urls = ['report.html', 'report.pdf', 'export.json', 'export.csv?dataset=evidence'].map((f) => `/api/cycles/${YEAR}/${f}`);
    const v1 = await recordAll(app, v1Urls);
    const [{ id, version }] = await app.get(DataSource).query(
      `SELECT e.id, e.version FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id JOIN assessment a ON a.id = l.assessment_id
       WHERE a.cycle_year = $1 AND l.judgement = 'accepted' AND e.visibility = 'public' ORDER BY e.id LIMIT 1`,
      [YEAR],
    );
    await http().patch(`/api/evidence/${id}`).set(bearer(admin)).send({ version, url: 'https://example.org/corrected-link' }).expect(200);
    // An edit alone changes nothing published.
    expect(await recordAll(app, v1Urls)).toEqual(v1);

    const reviewer = await createUser(app, 'reviewer');
    const note = 'Corrected the link of one evidence item that pointed to a moved page.';
    await http().post(`/api/cycles/${YEAR}/errata`).set(bearer(reviewer)).send({ note }).expect(403);
    const short = await http().post(`/api/cycles/${YEAR}/errata`).set(bearer(admin)).send({ note: 'typo' }).expect(400);
    expect(short.body.code).toBe('VALIDATION_FAILED');
    await http().post(`/api/cycles/${YEAR}/errata`).set(bearer(admin)).send({ note, evidenceIds: ['00000000-0000-4000-8000-000000000000'] }).expect(400);
    const created = await http().post(`/api/cycles/${YEAR}/errata`).set(bearer(admin)).send({ note, evidenceIds: [id] }).expect(201);
    expect(created.body).toMatchObject({ cycleYear: YEAR, version: 2, note });
    await artifactsStored(app, YEAR, 2);

    const v2 = await recordAll(app, v1Urls);
    const pinnedV1 = await recordAll(app, v1Urls.map((u) => `${u}${u.includes('?') ? '&' : '?'}version=1`));
    expect(Object.values(pinnedV1)).toEqual(Object.values(v1));
    for (const url of v1Urls) expect([url, v2[url].sha256]).not.toEqual([url, v1[url].sha256]);
    const evidence = await http().get(`/api/cycles/${YEAR}/export.csv?dataset=evidence&version=2`).expect(200);
    expect(evidence.text).toContain('https://example.org/corrected-link');
    const before = await http().get(`/api/cycles/${YEAR}/export.csv?dataset=evidence&version=1`).expect(200);
    expect(before.text).not.toContain('https://example.org/corrected-link');
    const json = await http().get(`/api/cycles/${YEAR}/export.json`).expect(200);
    expect(json.body).toMatchObject({ publicationVersion: 2, errata: [{ version: 2, note }] });
    const html = await http().get(`/api/cycles/${YEAR}/report.html`).expect(200);
    expect(html.text).toContain(note);

    const { body: versions } = await http().get(`/api/cycles/${YEAR}/publications`).expect(200);
    expect(versions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([[1, null], [2, note]]);
    const { body: artifacts } = await http().get(`/api/cycles/${YEAR}/reports`).expect(200);
    expect(new Set(artifacts.map((a: { version: number }) => a.version))).toEqual(new Set([1, 2]));
    const [audit] = await app.get(DataSource).query(`SELECT after FROM audit_entry WHERE action = 'cycle.erratum' AND entity_id = $1`, [String(YEAR)]);
    expect(audit.after).toMatchObject({ version: 2, note });
    await http().get(`/api/cycles/${YEAR}/report.html?version=3`).expect(404);
  }, 900_000);

  it('refuses an erratum for a cycle that is not published, and a stored artifact answers 304 to its ETag', async () => {
    await http().post('/api/cycles').set(bearer(admin)).send({ year: YEAR + 1 }).expect(201);
    const refused = await http().post(`/api/cycles/${YEAR + 1}/errata`).set(bearer(admin)).send({ note: 'Nothing to correct yet here.' }).expect(409);
    expect(refused.body.code).toBe('NOT_PUBLISHED');
    await http().post('/api/cycles/2001/errata').set(bearer(admin)).send({ note: 'Nothing to correct yet here.' }).expect(404);
    const first = await http().get(`/api/cycles/${YEAR}/export.json`).expect(200);
    expect(first.headers['etag']).toBe(`"${first.headers['x-content-sha256']}"`);
    expect(first.headers['cache-control']).toContain('immutable');
    await http().get(`/api/cycles/${YEAR}/export.json`).set('If-None-Match', first.headers['etag']).expect(304);
  });
});

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CatalogueLoader } from '../../src/catalogue/loader/catalogue-loader.service';
import { DemoService } from '../../src/demo/demo.service';
import { PublicationArtifactsWorker } from '../../src/reports/publication-artifacts.worker';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { insertMethodology } from '../helpers/seed-scoring';
import { CATALOGUE_TABLES, createTestApp, resetDatabase } from '../helpers/test-app';
import { DATASETS } from '../../src/reports/open-data';
import { artifactsStored, recordAll, rowCounts } from './publication-helpers';

const YEAR = 2090;
const STATES = ['FRA', 'DEU', 'ITA', 'ESP', 'NLD', 'BEL', 'POL', 'EST'];

/** Every published output of the cycle: scorecards, statistics, reports in each format and scope, open data. */
function publishedOutputs(): string[] {
  const base = `/api/cycles/${YEAR}`;
  const urls = [
    `${base}/scorecards?framework=OSCE`,
    `${base}/scorecards?framework=OSCE&group=PROBE`,
    `${base}/scorecards?framework=OSCE&group=EU`,
    `${base}/states/FRA/scorecard?framework=OSCE`,
    `${base}/states/FRA/scorecard?framework=OSCE&group=PROBE`,
    `${base}/groups/EU/statistics?framework=OSCE`,
    `${base}/groups/PROBE/statistics?framework=OSCE`,
    `${base}/reports`,
  ];
  for (const scope of ['', 'group=EU&framework=OSCE', 'group=PROBE', 'state=FRA']) {
    for (const file of ['report.html', 'report.pdf', 'report.xlsx', 'export.json']) urls.push(`${base}/${file}?${scope}`);
    for (const dataset of ['scorecards', 'assessments', 'evidence']) urls.push(`${base}/export.csv?dataset=${dataset}&${scope}`);
  }
  for (const framework of ['OSCE']) urls.push(`${base}/report.pdf?framework=${framework}`, `${base}/export.csv?dataset=evidence&framework=${framework}`);
  return urls;
}

describe('Published means frozen', () => {
  let app: INestApplication;
  let admin: TestUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    await app.get(PublicationArtifactsWorker).start();
  }, 60_000);
  afterAll(async () => {
    // Leave the shipped catalogue as the template had it (this suite loads a newer one and renames a state).
    await app.get(DataSource).query(`TRUNCATE ${CATALOGUE_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    await app.get(CatalogueLoader).loadFolder('catalogue', { quiet: true });
    await app.close();
  });

  it('serves every published output byte for byte, to anyone, whatever changes afterwards', async () => {
    await app.get(DemoService).seed({ year: YEAR, publish: false, states: STATES, frameworks: ['OSCE'] });
    await http().post('/api/groups').set(bearer(admin)).send({ code: 'PROBE', name: 'Probe', members: ['FRA', 'DEU'] }).expect(201);
    for (const status of ['in_review', 'published']) {
      const { body: cycle } = await http().get(`/api/cycles/${YEAR}`).set(bearer(admin)).expect(200);
      await http().post(`/api/cycles/${YEAR}/status`).set(bearer(admin)).send({ status, version: cycle.version }).expect(201);
    }
    await artifactsStored(app, YEAR, 1);
    const urls = publishedOutputs();
    const before = await recordAll(app, urls);
    expect(Object.entries(before).filter(([, r]) => r.status !== 200)).toEqual([]);
    expect(await recordAll(app, urls, admin)).toEqual(before);
    const { body: probe } = await http().get(`/api/cycles/${YEAR}/states/FRA/scorecard?framework=OSCE&group=PROBE`).expect(200);
    expect(probe.rankedCount).toBeLessThanOrEqual(2);

    // Everything that can change, changes.
    const dataSource = app.get(DataSource);
    const [{ id: evidenceId, version }] = await dataSource.query(
      `SELECT e.id, e.version FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id JOIN assessment a ON a.id = l.assessment_id
       WHERE a.cycle_year = $1 AND a.state_iso3 = 'FRA' AND l.judgement = 'accepted' AND e.visibility = 'public' LIMIT 1`,
      [YEAR],
    );
    await http().patch(`/api/evidence/${evidenceId}`).set(bearer(admin))
      .send({ version, title: 'Edited after publication', url: 'https://example.org/edited-after-publication' }).expect(200);
    await http().put('/api/groups/PROBE/members').set(bearer(admin)).send({ members: STATES }).expect(200);
    await http().delete('/api/groups/PROBE').set(bearer(admin)).expect(204);
    const catalogue = await newerCatalogue();
    await app.get(CatalogueLoader).loadFolder(catalogue, { quiet: true });
    await insertMethodology(dataSource, '2090.9');
    await http().post('/api/cycles').set(bearer(admin)).send({ year: YEAR - 5, frameworks: ['OSCE'] }).expect(201);
    await http().post('/api/cycles').set(bearer(admin)).send({ year: YEAR + 5, frameworks: ['OSCE'] }).expect(201);
    await dataSource.query(`UPDATE app_user SET name = 'Renamed ' || name`);
    await dataSource.query(`UPDATE state SET name = 'Renamed France' WHERE iso3 = 'FRA'`);
    // A restart with the shipped (older) catalogue folder and a fresh instance (nothing kept in memory).
    await app.close();
    app = await createTestApp();
    await app.get(CatalogueLoader).loadFolder('catalogue', { quiet: true });
    await rm(catalogue, { recursive: true, force: true });

    const after = await recordAll(app, urls);
    expect(after).toEqual(before);
    expect(await recordAll(app, urls, admin)).toEqual(before);
    for (const [url, r] of Object.entries(after)) if (r.recorded) expect([url, r.recorded]).toEqual([url, r.sha256]);
    const { body: artifacts } = await http().get(`/api/cycles/${YEAR}/reports`).expect(200);
    // Stored at publication, for the whole cycle and its one framework: HTML, PDF, XLSX, JSON and a CSV per dataset.
    expect(artifacts.length).toBe(2 * (4 + DATASETS.length));
  }, 600_000);

  it('writes no rows when anyone downloads published reports and open data', async () => {
    const dataSource = app.get(DataSource);
    const counts = await rowCounts(dataSource);
    const urls = [`/api/cycles/${YEAR}/report.html?state=DEU`, `/api/cycles/${YEAR}/export.csv?dataset=evidence&group=EU`, `/api/cycles/${YEAR}/report.xlsx`];
    await recordAll(app, urls);
    await recordAll(app, urls, admin);
    expect(await rowCounts(dataSource)).toEqual(counts);
  }, 120_000);
});

/** The shipped catalogue plus one more framework, as a newer catalogue version. */
async function newerCatalogue(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cnt-catalogue-'));
  await cp('catalogue', dir, { recursive: true });
  await writeFile(join(dir, 'catalogue.yaml'), 'version: "2026.99"\n');
  const gge = await readFile(join(dir, 'frameworks', 'gge-2015.yaml'), 'utf8');
  await writeFile(join(dir, 'frameworks', 'xtra.yaml'), gge.replace(/^code: .*$/m, 'code: XTRA'));
  return dir;
}

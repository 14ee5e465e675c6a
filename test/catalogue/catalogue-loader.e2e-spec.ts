import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogueError } from '../../src/catalogue/loader/catalogue-error';
import { CatalogueLoader } from '../../src/catalogue/loader/catalogue-loader.service';
import { CATALOGUE_TABLES, createTestApp } from '../helpers/test-app';

/** A fingerprint of every catalogue table, to prove that a load changed nothing. */
async function catalogueChecksum(dataSource: DataSource): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of CATALOGUE_TABLES) {
    const [row] = await dataSource.query(
      `SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS sum FROM "${table}" t`,
    );
    sums[table] = row.sum;
  }
  return sums;
}

describe('Catalogue loader', () => {
  let app: INestApplication;
  let loader: CatalogueLoader;
  let dataSource: DataSource;
  let dir: string;

  beforeAll(async () => {
    app = await createTestApp();
    loader = app.get(CatalogueLoader);
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    // Leave the shipped catalogue as the template had it, for the next suite on this worker.
    await dataSource.query(`TRUNCATE ${CATALOGUE_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    await loader.loadFolder('catalogue');
    await app.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cnt-catalogue-'));
    await cp('catalogue', dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function edit(file: string, change: (text: string) => string): Promise<void> {
    const path = join(dir, file);
    await writeFile(path, change(await readFile(path, 'utf8')));
  }

  // Every changed catalogue needs a newer version than any loaded before in this suite.
  let nextVersion = 1;
  async function bump(): Promise<string> {
    const version = `2026.${100 + nextVersion++}`;
    await writeFile(join(dir, 'catalogue.yaml'), `version: "${version}"\n`);
    return version;
  }

  async function expectRejected(pattern: RegExp): Promise<void> {
    const before = await catalogueChecksum(dataSource);
    const error = await loader.loadFolder(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueError);
    expect((error as Error).message).toMatch(pattern);
    expect(await catalogueChecksum(dataSource)).toEqual(before);
  }

  it('reloading the same catalogue changes nothing', async () => {
    const before = await catalogueChecksum(dataSource);
    const summary = await loader.loadFolder(dir);
    expect(summary).toMatchObject({
      statesWritten: 0,
      groupsWritten: 0,
      membershipsAdded: 0,
      membershipsRemoved: 0,
      frameworksAdded: [],
      crosswalkLinksWritten: 0,
      filesChanged: [],
    });
    expect(summary.frameworksUnchanged.sort()).toEqual(['GGE@2015.1', 'OAS@2019.1', 'OSCE@2016.1']);
    expect(await catalogueChecksum(dataSource)).toEqual(before);
  });

  it('ignores comment and layout changes, which do not change the content', async () => {
    await edit('frameworks/gge-2015.yaml', (text) => `# a new comment\n${text}\n\n`);
    const summary = await loader.loadFolder(dir);
    expect(summary.frameworksAdded).toEqual([]);
  });

  it('adds a new framework version beside the old one, leaving the old commitments untouched', async () => {
    await bump();
    const oldIds = await dataSource.query(
      `SELECT c.id, c.text FROM commitment c JOIN framework f ON f.id = c.framework_id WHERE f.code = 'GGE' ORDER BY c.id`,
    );
    const original = await readFile(join(dir, 'frameworks/gge-2015.yaml'), 'utf8');
    await writeFile(
      join(dir, 'frameworks/gge-2021.yaml'),
      original.replace('version: "2015.1"', 'version: "2021.1"').replace('Interstate cooperation on security', 'Cooperation for stability'),
    );
    const summary = await loader.loadFolder(dir);
    expect(summary.frameworksAdded).toEqual(['GGE@2021.1']);
    const versions = await dataSource.query(`SELECT version FROM framework WHERE code = 'GGE' ORDER BY version`);
    expect(versions.map((v: { version: string }) => v.version)).toEqual(['2015.1', '2021.1']);
    const oldAfter = await dataSource.query(
      `SELECT c.id, c.text FROM commitment c JOIN framework f ON f.id = c.framework_id
       WHERE f.code = 'GGE' AND f.version = '2015.1' ORDER BY c.id`,
    );
    expect(oldAfter).toEqual(oldIds);
    const latest = await dataSource.query(
      `SELECT c.label FROM commitment c JOIN framework f ON f.id = c.framework_id WHERE f.code='GGE' AND f.version='2021.1' AND c.code='13(a)'`,
    );
    expect(latest[0].label).toBe('Cooperation for stability');
  });

  it('refuses to rewrite a loaded version with different content', async () => {
    await bump();
    await edit('frameworks/osce-2016.yaml', (text) => text.replace('National views on threats', 'Threat views'));
    await expectRejected(/frameworks\/osce-2016\.yaml: framework OSCE version 2016\.1 is already loaded with different content/);
  });

  it('rejects a duplicate commitment code, naming file and entry', async () => {
    await edit('frameworks/gge-2015.yaml', (text) => text.replace('code: "13(b)"', 'code: "13(a)"'));
    await expectRejected(/frameworks\/gge-2015\.yaml: commitments\[1\] \(13\(a\)\): duplicate commitment code "13\(a\)"/);
  });

  it('rejects a group member that is not a known state', async () => {
    await edit('groups.yaml', (text) => text.replace('ALB, AND,', 'ALB, ZZZ, AND,'));
    await expectRejected(/groups\.yaml: groups\[\d+\] \(OSCE\): unknown state "ZZZ"/);
  });

  it('rejects a commitment with its text missing', async () => {
    await edit('frameworks/osce-2016.yaml', (text) => text.replace(/\n    text: [^\n]*(\n      [^\n]*)*/, ''));
    await expectRejected(/frameworks\/osce-2016\.yaml: commitments\[0\] \(1\): must have required property 'text'/);
  });

  it('rejects a crosswalk link with a bad relation or an unknown commitment', async () => {
    await edit('crosswalks/osce-gge.yaml', (text) =>
      text.replace('    relation: equal', '    relation: identical').replace('code: "13(g)" }', 'code: "13(z)" }'),
    );
    await expectRejected(/links\[0\]: relation must be equal to one of the allowed values \(equal, subset, superset, related\)/);
    await edit('crosswalks/osce-gge.yaml', (text) => text.replace('    relation: identical', '    relation: equal'));
    await expectRejected(/crosswalks\/osce-gge\.yaml: links\[1\] \(OSCE@2016\.1:15 -> GGE@2015\.1:13\(z\)\): unknown commitment GGE@2015\.1:13\(z\)/);
  });

  it('rejects a duplicate state and invalid YAML', async () => {
    await edit('states.yaml', (text) => text.replace('iso3: AGO', 'iso3: AFG'));
    await expectRejected(/states\.yaml: states\[1\] \(AFG\): duplicate iso3 "AFG"/);
    await edit('states.yaml', (text) => `${text}\n  - [unclosed`);
    await expectRejected(/states\.yaml: not valid YAML/);
  });

  it('rejects a whole catalogue when one file is wrong: nothing is half-loaded', async () => {
    await edit('frameworks/gge-2015.yaml', (text) => text.replace('version: "2015.1"', 'version: "2030.1"'));
    await edit('groups.yaml', (text) => text.replace('ALB, AND,', 'ALB, ZZZ, AND,'));
    await expectRejected(/unknown state "ZZZ"/);
    const added = await dataSource.query(`SELECT 1 FROM framework WHERE version = '2030.1'`);
    expect(added).toEqual([]);
  });

  it('updates group memberships from the file', async () => {
    await bump();
    await edit('groups.yaml', (text) => text.replace('ALB, AND,', 'AND,'));
    const summary = await loader.loadFolder(dir);
    expect(summary.membershipsRemoved).toBe(1);
    const osce = await dataSource.query(`SELECT count(*)::int AS n FROM group_membership WHERE group_code = 'OSCE'`);
    expect(osce[0].n).toBe(56);
  });

  it('moves forward only: an older folder changes nothing, the same version with other content is refused', async () => {
    const newer = await bump();
    await edit('states.yaml', (text) => text.replace('name: France', 'name: French Republic'));
    await loader.loadFolder(dir);
    const before = await catalogueChecksum(dataSource);
    // The shipped folder (2026.1) after a newer catalogue: what an instance of an older release loads at start.
    const summary = await loader.loadFolder('catalogue');
    expect(summary).toMatchObject({ catalogueVersion: '2026.1', skippedOlderThan: newer, statesWritten: 0, membershipsRemoved: 0, filesChanged: [] });
    expect(await catalogueChecksum(dataSource)).toEqual(before);
    const [france] = await dataSource.query(`SELECT name FROM state WHERE iso3 = 'FRA'`);
    expect(france.name).toBe('French Republic');
    await edit('states.yaml', (text) => text.replace('name: French Republic', 'name: France'));
    await expectRejected(/catalogue\.yaml: catalogue version .* is already loaded with other content: raise the version/);
  });
});

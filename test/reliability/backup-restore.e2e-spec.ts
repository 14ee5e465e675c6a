import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ArchiveError } from '../../src/backup/archive';
import { BackupService } from '../../src/backup/backup.service';
import { RestoreRefusedError, RestoreService } from '../../src/backup/restore.service';
import { databaseChecksums } from '../../src/backup/table-catalog';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { withDatabase } from '../../src/database/embedded-postgres';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { FILE_STORAGE, FileStorage } from '../../src/evidence/storage/file-storage';
import { LocalDiskStorage } from '../../src/evidence/storage/local-disk-storage';
import { AuditChainService } from '../../src/integrity/audit-chain.service';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus, openCycle, pdfBytes, recordPosition, transition } from '../helpers/workflow';
import { withClient } from '../setup/test-database';
import { reportFigures } from './helpers/figures';
import { withIsolatedApp } from './helpers/isolated-app';

const worker = process.env.JEST_WORKER_ID ?? '1';
const WORK_DIR = `.data/reliability-backup/w${worker}`;
const ARCHIVE = join(WORK_DIR, 'backup.cnt.gz');

/** A database with every kind of record, backed up and restored into an empty one, then compared. */
describe('Backup and restore', () => {
  let app: INestApplication;
  let source: DataSource;
  let sourceStorage: FileStorage;
  let admin: TestUser;
  let reviewer: TestUser;
  const targets: DataSource[] = [];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    await rm(WORK_DIR, { recursive: true, force: true });
    await mkdir(WORK_DIR, { recursive: true });
    app = await createTestApp();
    source = app.get(DataSource);
    sourceStorage = app.get<FileStorage>(FILE_STORAGE);
    await resetDatabase(app);
    await populate();
  });
  afterAll(async () => {
    reportFigures('backup-restore', figures);
    for (const target of targets) await target.destroy();
    await app.close();
  });

  async function populate(): Promise<void> {
    const http = () => request(app.getHttpServer());
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    const france = await createUser(app, 'state_official', { states: ['FRA'] });
    await openCycle(app, admin, 2025);
    for (const [code, level] of [['GGE:13(a)', 2], ['GGE:13(f)', 3], ['GGE:13(g)', 4]] as const) {
      const position = await recordPosition(app, france, 2025, 'FRA', code, { statedLevel: level, narrative: `Narrative for ${code} — «données» ✓` });
      const submitted = await transition(app, france, position.body, 'submit');
      const upload = await http().post('/api/evidence/files').set(bearer(reviewer)).attach('file', pdfBytes(code), `${code}.pdf`).expect(201);
      const evidence = await http().post('/api/evidence').set(bearer(reviewer)).send({ title: `Decree ${code}`, kind: 'legislation', fileId: upload.body.id, stateIso3: 'FRA' }).expect(201);
      const link = await http().post(`/api/assessments/${position.body.id}/evidence`).set(bearer(reviewer)).send({ evidenceId: evidence.body.id, stance: 'supports' }).expect(201);
      await http().patch(`/api/assessments/${position.body.id}/evidence/${link.body.id}`).set(bearer(reviewer)).send({ judgement: 'accepted', version: link.body.version }).expect(200);
      await http().post(`/api/assessments/${position.body.id}/comments`).set(bearer(reviewer)).send({ body: `Checked ${code}` }).expect(201);
      const started = await transition(app, reviewer, submitted.body, 'start_review');
      const reviewed = await http().post(`/api/assessments/${position.body.id}/review`).set(bearer(reviewer)).send({ reviewedLevel: level - 1, rationale: 'Partly shown', version: started.body.version });
      if (reviewed.status < 300) await transition(app, reviewer, reviewed.body, 'accept', {}, reviewed.status < 300 ? 201 : 409).catch(() => undefined);
    }
    await http().post('/api/groups').set(bearer(admin)).send({ code: 'BACKUP', name: 'Backup group', members: ['FRA', 'DEU'] }).expect(201);
    await changeCycleStatus(app, admin, 2025, 'in_review');
    await changeCycleStatus(app, admin, 2025, 'published');
    // A second, open cycle carried over from the published one (copy-forward's set-based audit insert).
    await openCycle(app, admin, 2026, { copyFromYear: 2025 });
    await http().get('/api/assessments').query({ cycle: 2026 }).set(bearer(reviewer)).expect(200);
  }

  /** A new, empty database on the same server with only the migrations applied (no catalogue). */
  async function emptyDatabase(name: string): Promise<{ dataSource: DataSource; url: string; storage: LocalDiskStorage; uploadDir: string }> {
    const serverUrl = process.env.CNT_TEST_SERVER_URL!;
    const database = `cnt_test_${name}_w${worker}`;
    await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${database}"`);
    });
    const url = withDatabase(serverUrl, database);
    const dataSource = await new DataSource(dataSourceOptions(url, 4)).initialize();
    targets.push(dataSource);
    await runMigrationsLocked(dataSource);
    const uploadDir = join(WORK_DIR, `files-${name}`);
    const storage = new LocalDiskStorage(uploadDir);
    await storage.init();
    return { dataSource, url, storage, uploadDir };
  }

  async function objectsOf(storage: FileStorage): Promise<Record<string, string>> {
    const objects: Record<string, string> = {};
    for await (const key of storage.list()) {
      const hash = createHash('sha256');
      for await (const chunk of await storage.open(key)) hash.update(chunk as Buffer);
      objects[key] = hash.digest('hex');
    }
    return objects;
  }

  it('restores every record and file into an empty database, verified equal, and the restored service works', async () => {
    const backup = await new BackupService(source, sourceStorage).backup(ARCHIVE);
    expect(backup.files).toBe(3);
    const target = await emptyDatabase('restore');
    const restored = await new RestoreService(target.dataSource, target.storage).restore(ARCHIVE);
    expect(restored.rows).toBe(backup.rows);

    // Records: every table, row count and checksum.
    const [expected, actual] = [await databaseChecksums(source.manager), await databaseChecksums(target.dataSource.manager)];
    expect(actual).toEqual(expected);
    expect(expected.assessment.rows).toBeGreaterThanOrEqual(6);
    expect(expected.score_snapshot?.rows ?? 1).toBeGreaterThan(0);
    // Files: the same objects, each still hashing to its name.
    // (The source folder may also hold other suites' files of this worker: only files with a row belong to the backup.)
    const keys: Array<{ storage_key: string }> = await source.query('SELECT storage_key FROM evidence_file');
    const sourceObjects = Object.fromEntries(Object.entries(await objectsOf(sourceStorage)).filter(([key]) => keys.some((k) => k.storage_key === key)));
    const targetObjects = await objectsOf(target.storage);
    expect(Object.keys(sourceObjects)).toHaveLength(3);
    expect(targetObjects).toEqual(sourceObjects);
    for (const [key, sha] of Object.entries(targetObjects)) expect(key.endsWith(sha)).toBe(true);
    // The audit trail is intact and ends where the source's does.
    const [sourceChain, targetChain] = [await new AuditChainService(source).verify(), await new AuditChainService(target.dataSource).verify()];
    expect(targetChain).toEqual({ ...sourceChain, intact: true });

    // Scorecards computed by the restored service equal the original's; it serves files and accepts new writes.
    const scorecardPath = '/api/cycles/2025/scorecards?framework=GGE';
    const sourceScorecards = (await request(app.getHttpServer()).get(scorecardPath).set(bearer(reviewer)).expect(200)).body;
    const [{ id: evidenceId }] = await source.query(`SELECT id FROM evidence ORDER BY title LIMIT 1`);
    const sourceFile = await request(app.getHttpServer()).get(`/api/evidence/${evidenceId}/file`).set(bearer(reviewer)).expect(200);
    await withIsolatedApp({ DATABASE_URL: target.url, UPLOAD_DIR: target.uploadDir }, async ({ app: restoredApp }) => {
      const http = () => request(restoredApp.getHttpServer());
      expect((await http().get(scorecardPath).set(bearer(reviewer)).expect(200)).body).toEqual(sourceScorecards);
      const file = await http().get(`/api/evidence/${evidenceId}/file`).set(bearer(reviewer)).expect(200);
      expect(file.headers['x-content-sha256']).toBe(sourceFile.headers['x-content-sha256']);
      await http().post('/api/evidence').set(bearer(reviewer)).send({ title: 'After restore', kind: 'media', url: 'https://example.org/new' }).expect(201);
      // The published cycle is still frozen after a restore with triggers off.
      const frozen = await http().put('/api/cycles/2025/states/FRA/assessments/GGE%3A13(b)').set(bearer(reviewer)).send({ statedLevel: 1, source: 'other' });
      expect(frozen.status).toBe(409);
    });
    await expect(target.dataSource.query(`UPDATE assessment SET narrative = 'changed' WHERE cycle_year = 2025`)).rejects.toThrow(/published/i);
    expect((await new AuditChainService(target.dataSource).verify()).intact).toBe(true);

    Object.assign(figures, {
      tablesRestored: Object.keys(restored.tables).length,
      rowsRestored: restored.rows,
      filesRestored: restored.files,
      archiveBytes: (await stat(ARCHIVE)).size,
      tablesDiffering: Object.keys(expected).filter((t) => expected[t].checksum !== actual[t]?.checksum).length,
    });
  });

  it('refuses a database that holds data, and leaves it unchanged', async () => {
    await new BackupService(source, sourceStorage).backup(ARCHIVE);
    const before = await databaseChecksums(source.manager);
    await expect(new RestoreService(source, sourceStorage).restore(ARCHIVE)).rejects.toThrow(RestoreRefusedError);
    expect(await databaseChecksums(source.manager)).toEqual(before);

    // A database with the catalogue loaded but nothing else is not empty either.
    const other = await emptyDatabase('catalogue');
    await other.dataSource.query(`INSERT INTO state_group (code, name, kind) VALUES ('LOCAL', 'Local group', 'custom')`);
    await expect(new RestoreService(other.dataSource, other.storage).restore(ARCHIVE)).rejects.toThrow(/not empty: table state_group holds data/);
    const [{ n }] = await other.dataSource.query('SELECT count(*)::int AS n FROM audit_entry');
    expect(n).toBe(0);
  });

  it('refuses a cut or damaged archive and restores nothing', async () => {
    await new BackupService(source, sourceStorage).backup(ARCHIVE);
    const cut = join(WORK_DIR, 'cut.cnt.gz');
    await rm(cut, { force: true });
    const bytes = await readFile(ARCHIVE);
    await import('node:fs/promises').then((fs) => fs.writeFile(cut, bytes));
    await truncate(cut, Math.floor(bytes.length * 0.6));
    const target = await emptyDatabase('cut');
    await expect(new RestoreService(target.dataSource, target.storage).restore(cut)).rejects.toThrow(ArchiveError);
    const [{ n }] = await target.dataSource.query('SELECT count(*)::int AS n FROM assessment');
    expect(n).toBe(0);
    figures.damagedArchivesRefused = 1;
  });
});

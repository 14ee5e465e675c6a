import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FilesCheckCommand } from '../../src/cli/files-check.command';
import { CliModule } from '../../src/cli/cli.module';
import { FILE_STORAGE, FileStorage } from '../../src/evidence/storage/file-storage';
import { FileIntegrityService } from '../../src/integrity/file-integrity.service';
import { EXIT_INTEGRITY_PROBLEM } from '../../src/integrity/integrity-exit-codes';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { pdfBytes } from '../helpers/workflow';
import { reportFigures } from './helpers/figures';

const uploadDir = () => resolve(process.env.UPLOAD_DIR!);
const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3600_000);

/** A kill during an upload, and damage to the store, as the integrity check sees them. */
describe('Evidence file integrity', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let storage: FileStorage;
  let files: FileIntegrityService;
  let reviewer: TestUser;
  const figures = { orphansFound: 0, staleTempFound: 0, brokenRowsFound: 0, orphansRepaired: 0, tempRepaired: 0, rowsRemovedByRepair: 0 };

  beforeAll(async () => {
    await rm(uploadDir(), { recursive: true, force: true });
    app = await createTestApp();
    dataSource = app.get(DataSource);
    storage = app.get<FileStorage>(FILE_STORAGE);
    files = new FileIntegrityService(dataSource, storage);
  });
  beforeEach(async () => {
    await resetDatabase(app);
    await rm(join(uploadDir(), 'objects'), { recursive: true, force: true });
    await mkdir(join(uploadDir(), 'objects'), { recursive: true });
    reviewer = await createUser(app, 'reviewer');
  });
  afterAll(async () => {
    reportFigures('evidence-integrity', figures);
    await app.close();
  });

  const upload = (bytes: Buffer, name = 'doc.pdf') =>
    request(app.getHttpServer()).post('/api/evidence/files').set(bearer(reviewer)).attach('file', bytes, name);

  it('a killed upload (object stored, no row; temp file left) is found, and repair removes exactly that', async () => {
    const kept = await upload(pdfBytes('kept')).expect(201);
    await request(app.getHttpServer())
      .post('/api/evidence')
      .set(bearer(reviewer))
      .send({ title: 'Kept', kind: 'legislation', fileId: kept.body.id })
      .expect(201);

    // The crash: the process dies after moving the bytes into the store and before inserting the row.
    // Reproduced for real by making the row insert fail once the object is in place.
    await dataSource.query(`CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await dataSource.query(`CREATE TRIGGER "TRG_test_crash" BEFORE INSERT ON evidence_file FOR EACH ROW EXECUTE FUNCTION fail_insert()`);
    const crashed = pdfBytes('crashed');
    try {
      const response = await upload(crashed, 'crashed.pdf');
      expect(response.status).toBe(500);
      // A forced failure leaks nothing: generic message, no SQL, no stack.
      expect(response.body).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'An unexpected error occurred', requestId: expect.any(String) });
    } finally {
      await dataSource.query(`DROP TRIGGER "TRG_test_crash" ON evidence_file`);
      await dataSource.query(`DROP FUNCTION fail_insert`);
    }
    const crashedKey = `objects/${sha256(crashed).slice(0, 2)}/${sha256(crashed)}`;
    expect(await storage.exists(crashedKey)).toBe(true);
    expect(await dataSource.query('SELECT 1 FROM evidence_file WHERE sha256 = $1', [sha256(crashed)])).toEqual([]);
    // The other half of a killed upload: multer's half-written temp file.
    const temp = join(storage.tempDir(), 'killed.upload');
    await writeFile(temp, randomBytes(1000));

    // Fresh leftovers may belong to an upload still in progress: the default check leaves them alone.
    const fresh = await files.check({ repair: true });
    expect(fresh).toMatchObject({ orphans: [], staleTemp: [], skippedRecent: 2, broken: [] });
    expect(await storage.exists(crashedKey)).toBe(true);

    await utimes(join(uploadDir(), crashedKey), TWO_HOURS_AGO, TWO_HOURS_AGO);
    await utimes(temp, TWO_HOURS_AGO, TWO_HOURS_AGO);
    const found = await files.check();
    expect(found).toMatchObject({ rowsChecked: 1, objectsSeen: 2, orphans: [crashedKey], staleTemp: ['killed.upload'], broken: [] });
    figures.orphansFound += found.orphans.length;
    figures.staleTempFound += found.staleTemp.length;

    const rowsBefore = await countRows();
    const repaired = await files.check({ repair: true });
    expect(repaired.repaired).toEqual({ orphansRemoved: 1, tempRemoved: 1 });
    figures.orphansRepaired += repaired.repaired!.orphansRemoved;
    figures.tempRepaired += repaired.repaired!.tempRemoved;
    expect(await storage.exists(crashedKey)).toBe(false);
    expect(existsSync(temp)).toBe(false);
    expect(await countRows()).toBe(rowsBefore);
    expect(await files.check()).toMatchObject({ orphans: [], staleTemp: [], broken: [], objectsSeen: 1 });

    // The same content uploaded again afterwards is stored normally.
    const again = await upload(crashed, 'crashed.pdf').expect(201);
    expect(again.body.deduplicated).toBe(false);
    expect(await storage.exists(crashedKey)).toBe(true);
  });

  it('reports rows whose object is missing or corrupt, with the evidence that uses them, and never removes them', async () => {
    const missing = await upload(pdfBytes('missing')).expect(201);
    const corrupt = await upload(pdfBytes('corrupt')).expect(201);
    const evidence = await request(app.getHttpServer())
      .post('/api/evidence')
      .set(bearer(reviewer))
      .send({ title: 'Uses the missing file', kind: 'legislation', fileId: missing.body.id })
      .expect(201);
    await rm(join(uploadDir(), keyOf(missing.body.sha256)));
    await writeFile(join(uploadDir(), keyOf(corrupt.body.sha256)), 'tampered bytes');

    const report = await files.check({ repair: true, graceMinutes: 0 });
    expect(report.broken).toEqual(
      expect.arrayContaining([
        { fileId: missing.body.id, sha256: missing.body.sha256, storageKey: keyOf(missing.body.sha256), evidenceIds: [evidence.body.id], problem: 'missing' },
        { fileId: corrupt.body.id, sha256: corrupt.body.sha256, storageKey: keyOf(corrupt.body.sha256), evidenceIds: [], problem: 'corrupt' },
      ]),
    );
    expect(report.broken).toHaveLength(2);
    figures.brokenRowsFound += report.broken.length;
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM evidence_file');
    expect(n).toBe(2);

    // A download of the missing file is a clean 500 that names no path.
    const download = await request(app.getHttpServer()).get(`/api/evidence/${evidence.body.id}/file`).set(bearer(reviewer));
    expect(download.status).toBe(500);
    expect(JSON.stringify(download.body)).not.toMatch(/objects\/|at \w+ \(|\.ts:/);
  });

  it('files:check exits 4 while a problem remains and 0 once repaired', async () => {
    const orphan = pdfBytes('orphan');
    const tempFile = join(storage.tempDir(), `${sha256(orphan)}.tmp`);
    await writeFile(tempFile, orphan);
    const key = await storage.putFromTemp(tempFile, sha256(orphan));
    await utimes(join(uploadDir(), key), TWO_HOURS_AGO, TWO_HOURS_AGO);

    const cli = await Test.createTestingModule({ imports: [CliModule] }).compile();
    const command = cli.get(FilesCheckCommand);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      process.exitCode = undefined;
      await command.run([], {});
      expect(process.exitCode).toBe(EXIT_INTEGRITY_PROBLEM);
      expect(log.mock.calls.flat().join('\n')).toContain(`ORPHAN object (no row): ${key}`);
      process.exitCode = undefined;
      await command.run([], { repair: true });
      expect(process.exitCode).toBeUndefined();
      process.exitCode = undefined;
      await command.run([], {});
      expect(process.exitCode).toBeUndefined();
      expect(await readdir(join(uploadDir(), 'objects', key.split('/')[1]))).toEqual([]);
    } finally {
      process.exitCode = undefined;
      log.mockRestore();
      await cli.close();
    }
  });

  async function countRows(): Promise<number> {
    const [{ n }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM evidence_file) + (SELECT count(*) FROM evidence) + (SELECT count(*) FROM audit_entry) AS n`,
    );
    return Number(n);
  }
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function keyOf(sha: string): string {
  return `objects/${sha.slice(0, 2)}/${sha}`;
}

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FILE_STORAGE, FileStorage } from '../../src/evidence/storage/file-storage';
import { S3Storage } from '../../src/evidence/storage/s3-storage';
import { binary } from '../helpers/binary';
import { startS3Server, S3TestServer } from '../helpers/s3-server';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe('S3-compatible evidence storage, against a real S3 API server on loopback', () => {
  let s3: S3TestServer;
  let work: string;

  beforeAll(async () => {
    s3 = await startS3Server();
    work = await mkdtemp(join(tmpdir(), 'cnt-s3-work-'));
  });
  afterAll(async () => {
    await s3.close();
    await rm(work, { recursive: true, force: true });
  });

  function storageAt(prefix: string, endpoint = s3.endpoint): S3Storage {
    return new S3Storage({
      bucket: s3.bucket,
      prefix,
      tempRoot: join(work, prefix || 'root'),
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  }

  async function staged(storage: S3Storage, content: string): Promise<string> {
    const path = join(storage.tempDir(), `${sha256(content)}.upload`);
    await writeFile(path, content);
    return path;
  }

  async function read(storage: S3Storage, key: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.open(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  it('stores, lists, reads and deletes objects under the same keys as local disk, within its prefix', async () => {
    const storage = storageAt('unit/');
    const other = storageAt('other/');
    await storage.init();
    await other.init();
    const content = 'evidence bytes';
    const temp = await staged(storage, content);
    const key = await storage.putFromTemp(temp, sha256(content));
    expect(key).toBe(`objects/${sha256(content).slice(0, 2)}/${sha256(content)}`);
    // The temporary file is gone once the object is stored, as after a rename on disk.
    expect(await readdir(storage.tempDir())).toEqual([]);
    expect(await read(storage, key)).toBe(content);
    expect(await storage.exists(key)).toBe(true);
    expect(await other.exists(key)).toBe(false);
    expect(Math.abs(Date.now() - (await storage.modifiedAt(key))!)).toBeLessThan(60_000);
    const listed: string[] = [];
    for await (const item of storage.list()) listed.push(item);
    expect(listed).toEqual([key]);

    // Storing the same content again is a no-op that still consumes the temporary file.
    await storage.putFromTemp(await staged(storage, content), sha256(content));
    expect(await readdir(storage.tempDir())).toEqual([]);

    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.modifiedAt(key)).toBeUndefined();
    await expect(storage.open(key)).rejects.toThrow();
    await expect(storage.open('../../etc/passwd')).rejects.toThrow('Invalid storage key');
    storage.destroy();
    other.destroy();
  });

  it('reports an unreachable store as a failure, never as a missing object', async () => {
    // A closed port on loopback: connections are refused at once.
    const down = storageAt('down/', 'http://127.0.0.1:9');
    const key = `objects/00/${'0'.repeat(64)}`;
    await expect(down.exists(key)).rejects.toThrow();
    await expect(down.ping()).rejects.toThrow();
    await expect(down.init()).rejects.toThrow(/The S3 bucket "cnt-evidence" at http:\/\/127.0.0.1:9 cannot be used/);
    down.destroy();
  });

  describe('the app with FILE_STORAGE=s3', () => {
    let app: INestApplication;
    let reviewerToken: string;
    const http = () => request(app.getHttpServer());

    beforeAll(async () => {
      // Configuration is read when the app's modules are first imported: set it, then import them.
      Object.assign(process.env, s3.env('app/'));
      const { createTestApp, resetDatabase } = require('../helpers/test-app') as typeof import('../helpers/test-app');
      const { createUser } = require('../helpers/auth') as typeof import('../helpers/auth');
      app = await createTestApp();
      await resetDatabase(app);
      reviewerToken = (await createUser(app, 'reviewer')).token;
      // Compiling the app's modules happens here rather than at file load, hence the longer allowance.
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      for (const key of Object.keys(s3.env())) delete process.env[key];
    });

    it('keeps uploads in the bucket: download, integrity check and backup read them from there', async () => {
      const content = Buffer.from('Rapport national sur les normes — 2026\n');
      const upload = await http().post('/api/evidence/files').set('Authorization', `Bearer ${reviewerToken}`).attach('file', content, 'rapport.txt').expect(201);
      expect(upload.body).toMatchObject({ sha256: sha256(content), deduplicated: false });

      const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'app/' }));
      expect(listed.Contents?.map((object) => object.Key)).toEqual([`app/objects/${sha256(content).slice(0, 2)}/${sha256(content)}`]);
      expect(await readdir(join(process.env.UPLOAD_DIR!, 'tmp'))).toEqual([]);

      const item = await http().post('/api/evidence').set('Authorization', `Bearer ${reviewerToken}`).send({ title: 'Rapport', kind: 'report_to_un_or_osce', fileId: upload.body.id }).expect(201);
      const download = await http().get(`/api/evidence/${item.body.id}/file`).set('Authorization', `Bearer ${reviewerToken}`).buffer(true).parse(binary).expect(200);
      expect(sha256(download.body as Buffer)).toBe(sha256(content));

      const { FileIntegrityService } = require('../../src/integrity/file-integrity.service') as typeof import('../../src/integrity/file-integrity.service');
      const { BackupService } = require('../../src/backup/backup.service') as typeof import('../../src/backup/backup.service');
      const { readArchive } = require('../../src/backup/archive') as typeof import('../../src/backup/archive');
      expect(await app.get(FileIntegrityService).check()).toMatchObject({ rowsChecked: 1, objectsSeen: 1, broken: [], orphans: [] });

      // The backup CLI's service, on the app's own store.
      const backups = new BackupService(app.get(DataSource), app.get<FileStorage>(FILE_STORAGE));
      const archive = join(work, 'backup.gz');
      expect(await backups.backup(archive)).toMatchObject({ files: 1, fileBytes: content.length });
      const files: string[] = [];
      for await (const record of readArchive(archive)) if (record.kind === 'file') files.push(record.sha256);
      expect(files).toEqual([sha256(content)]);

      // An object lost from the bucket is found by the check, and stops a backup instead of being skipped.
      await s3.client().send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: listed.Contents![0].Key }));
      expect((await app.get(FileIntegrityService).check()).broken).toMatchObject([{ problem: 'missing', sha256: sha256(content) }]);
      await expect(backups.backup(join(work, 'second.gz'))).rejects.toThrow(/missing from the store/);
    });
  });
});

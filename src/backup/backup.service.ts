import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveError, ArchiveWriter } from './archive';
import { listTables, MIGRATIONS_TABLE, quoteIdent, tableChecksum, TableChecksum } from './table-catalog';

const ROWS_PER_RECORD = 500;
const CHUNK_BYTES = 768 * 1024;

export interface BackupSummary {
  path: string;
  tables: Record<string, TableChecksum>;
  rows: number;
  files: number;
  fileBytes: number;
}

/**
 * Writes one archive with every row of every table and every evidence file that a row refers to, from a
 * single REPEATABLE READ snapshot, so the archive is consistent while the app keeps running. The archive
 * is written beside its final name and renamed at the end: a failed backup never leaves a plausible file.
 */
@Injectable()
export class BackupService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async backup(path: string): Promise<BackupSummary> {
    const partial = `${path}.partial`;
    const writer = await ArchiveWriter.create(partial);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`SET LOCAL TimeZone = 'UTC'`);
      const summary = await this.writeArchive(runner.manager, writer, path);
      await runner.query('COMMIT');
      await writer.close();
      await rename(partial, path);
      return summary;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      await writer.close().catch(() => undefined);
      await rm(partial, { force: true });
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async writeArchive(manager: EntityManager, writer: ArchiveWriter, path: string): Promise<BackupSummary> {
    const migrations: Array<{ name: string }> = await manager.query(`SELECT name FROM ${quoteIdent(MIGRATIONS_TABLE)} ORDER BY timestamp, id`);
    await writer.write({
      kind: 'header',
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      createdAt: new Date().toISOString(),
      migrations: migrations.map((m) => m.name),
    });
    const summary: BackupSummary = { path, tables: {}, rows: 0, files: 0, fileBytes: 0 };
    const tables = (await listTables(manager)).filter((table) => table.name !== MIGRATIONS_TABLE);
    for (const table of tables) {
      await writer.write({ kind: 'table', name: table.name, columns: table.columns });
      const values = table.columns.map((column) => `${quoteIdent(column.name)}::text`).join(', ');
      const cursor = `backup_${table.name}`.replace(/[^a-z0-9_]/gi, '_');
      await manager.query(`DECLARE ${quoteIdent(cursor)} NO SCROLL CURSOR FOR SELECT json_build_array(${values})::text AS r FROM ${quoteIdent(table.name)}`);
      for (;;) {
        const batch: Array<{ r: string }> = await manager.query(`FETCH ${ROWS_PER_RECORD} FROM ${quoteIdent(cursor)}`);
        if (batch.length === 0) break;
        await writer.write({ kind: 'rows', rows: batch.map((row) => JSON.parse(row.r) as Array<string | null>) });
      }
      await manager.query(`CLOSE ${quoteIdent(cursor)}`);
      const checksum = await tableChecksum(manager, table.name);
      await writer.write({ kind: 'table-end', name: table.name, ...checksum });
      summary.tables[table.name] = checksum;
      summary.rows += checksum.rows;
    }
    const files: Array<{ sha256: string; storage_key: string; size_bytes: string }> = await manager.query(
      // Uploaders have rows of their own for the same bytes; the archive holds each object once.
      'SELECT DISTINCT sha256, storage_key, size_bytes FROM evidence_file ORDER BY sha256',
    );
    for (const file of files) {
      summary.fileBytes += await this.writeFile(writer, file.sha256, file.storage_key, Number(file.size_bytes));
      summary.files++;
    }
    await writer.write({ kind: 'end', tables: tables.length, rows: summary.rows, files: summary.files });
    return summary;
  }

  /** Streams one object into the archive, checking on the way that its bytes still hash to its name. */
  private async writeFile(writer: ArchiveWriter, sha256: string, key: string, size: number): Promise<number> {
    if (!(await this.storage.exists(key))) {
      throw new ArchiveError(`evidence file ${sha256} is missing from the store; run files:check before backing up`);
    }
    await writer.write({ kind: 'file', sha256, size });
    const hash = createHash('sha256');
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await writer.write({ kind: 'chunk', data: Buffer.concat(pending).toString('base64') });
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of await this.storage.open(key)) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      bytes += buffer.length;
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (hash.digest('hex') !== sha256 || bytes !== size) {
      throw new ArchiveError(`evidence file ${sha256} no longer matches its hash or size; run files:check before backing up`);
    }
    await writer.write({ kind: 'file-end', sha256 });
    return bytes;
  }
}

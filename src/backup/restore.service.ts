import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';
import { ArchiveError, readArchive } from './archive';
import { ColumnInfo, listTables, MIGRATIONS_TABLE, quoteIdent, tableChecksum, TableChecksum, TableInfo } from './table-catalog';

/**
 * The only tables a freshly migrated database fills (the default methodology, by 1763810000000-scoring.ts).
 * Their rows may be there already, provided the archive holds them too; every other table must be empty.
 */
const MIGRATION_SEEDED_TABLES = new Set(['methodology', 'methodology_weight']);

/** The target database holds data of its own: restoring would mix two histories. */
export class RestoreRefusedError extends Error {}

export interface RestoreSummary {
  tables: Record<string, TableChecksum>;
  rows: number;
  files: number;
  fileBytes: number;
}

interface OpenTable {
  info: TableInfo;
  columns: ColumnInfo[];
  insert: string;
  /** Rows the migrations put there (e.g. the default methodology), without timestamps, not yet seen in the archive. */
  seeded: Map<string, number>;
}

interface OpenFile {
  sha256: string;
  size: number;
  tempPath: string;
  out: WriteStream;
  hash: ReturnType<typeof createHash>;
  bytes: number;
}

/**
 * Restores an archive into a database that has the same migrations applied and no data of its own,
 * in one transaction: either everything is in and verified, or nothing is.
 *
 * Triggers are switched off for the transaction (session_replication_role = replica): the archive is a
 * consistent snapshot that already passed them, and replaying it through them would fail or distort it
 * (published cycles and score snapshots refuse inserts, the audit chain trigger would re-chain entries,
 * foreign keys would need an order that a self-referencing table cannot always give). This needs a superuser
 * or, from Postgres 15, `GRANT SET ON PARAMETER session_replication_role`. Each table is then checked
 * against the archive's row count and checksum before the commit; evidence files are written to the store
 * (content-addressed, so a failed restore leaves at most orphans that files:check removes).
 */
@Injectable()
export class RestoreService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async restore(path: string): Promise<RestoreSummary> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let file: OpenFile | undefined;
    try {
      await runner.query('START TRANSACTION');
      await runner.query(`SET LOCAL TimeZone = 'UTC'`);
      await runner.query('SET LOCAL session_replication_role = replica').catch((error: Error) => {
        throw new RestoreRefusedError(
          `restore needs to switch triggers off (SET session_replication_role): ${error.message}. Run it as a superuser, ` +
            'or GRANT SET ON PARAMETER session_replication_role to this user',
        );
      });
      const manager = runner.manager;
      const tables = new Map((await listTables(manager)).map((table) => [table.name, table]));
      const summary: RestoreSummary = { tables: {}, rows: 0, files: 0, fileBytes: 0 };
      let table: OpenTable | undefined;
      let ended = false;
      let occupied = new Set<string>();
      for await (const record of readArchive(path)) {
        switch (record.kind) {
          case 'header':
            await this.checkMigrations(manager, record.migrations);
            occupied = await this.occupiedTables(manager, tables);
            break;
          case 'table':
            table = await this.openTable(manager, tables, record.name, record.columns);
            occupied.delete(record.name);
            break;
          case 'rows':
            if (!table) throw new ArchiveError('rows outside a table');
            await this.insertRows(manager, table, record.rows);
            break;
          case 'table-end':
            if (!table || table.info.name !== record.name) throw new ArchiveError(`unexpected end of table ${record.name}`);
            summary.tables[record.name] = await this.closeTable(manager, table, record);
            summary.rows += record.rows;
            table = undefined;
            break;
          case 'file':
            file = this.openFile(record.sha256, record.size);
            break;
          case 'chunk':
            if (!file) throw new ArchiveError('file data outside a file');
            await writeChunk(file, Buffer.from(record.data, 'base64'));
            break;
          case 'file-end':
            if (!file || file.sha256 !== record.sha256) throw new ArchiveError(`unexpected end of file ${record.sha256}`);
            summary.fileBytes += await this.closeFile(file);
            summary.files++;
            file = undefined;
            break;
          case 'end':
            if (record.files !== summary.files || record.tables !== Object.keys(summary.tables).length) {
              throw new ArchiveError('the archive lists more tables or files than it holds');
            }
            ended = true;
            break;
        }
      }
      if (!ended) throw new ArchiveError('the archive is incomplete (no end record): it was cut short');
      if (occupied.size > 0) throw this.notEmpty([...occupied][0]);
      await this.resetSequences(manager, [...tables.values()]);
      await runner.query('COMMIT');
      return summary;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      if (file) {
        file.out.destroy();
        await rm(file.tempPath, { force: true });
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async checkMigrations(manager: EntityManager, archived: string[]): Promise<void> {
    const applied: Array<{ name: string }> = await manager.query(`SELECT name FROM ${quoteIdent(MIGRATIONS_TABLE)} ORDER BY timestamp, id`);
    const names = applied.map((m) => m.name);
    if (names.join('\n') !== archived.join('\n')) {
      throw new RestoreRefusedError(
        `the archive was taken at schema version ${archived.at(-1) ?? '(none)'} but this database is at ${names.at(-1) ?? '(none)'}: ` +
          'restore with the same version of the service that wrote the archive',
      );
    }
  }

  /** Refuses at once a table with rows, but for migration-seeded ones, which the archive must cover (see seededRows). */
  private async occupiedTables(manager: EntityManager, tables: Map<string, TableInfo>): Promise<Set<string>> {
    const occupied = new Set<string>();
    for (const name of tables.keys()) {
      if (name === MIGRATIONS_TABLE) continue;
      const [row] = await manager.query(`SELECT count(*) > 1000 AS many, count(*) > 0 AS some FROM (SELECT 1 FROM ${quoteIdent(name)} LIMIT 1001) t`);
      if (row.many || (row.some && !MIGRATION_SEEDED_TABLES.has(name))) throw this.notEmpty(name);
      if (row.some) occupied.add(name);
    }
    return occupied;
  }

  private async openTable(manager: EntityManager, tables: Map<string, TableInfo>, name: string, columns: ColumnInfo[]): Promise<OpenTable> {
    const info = tables.get(name);
    if (!info) throw new RestoreRefusedError(`the archive has table ${name}, which this database does not`);
    const known = new Map(info.columns.map((column) => [column.name, column.type]));
    for (const column of columns) {
      if (known.get(column.name) !== column.type) {
        throw new RestoreRefusedError(`column ${name}.${column.name} (${column.type}) does not exist in this database with that type`);
      }
    }
    const casts = columns.map((column, index) => `(r->>${index})::${column.type}`).join(', ');
    const insert =
      `INSERT INTO ${quoteIdent(name)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) ` +
      `${info.identity ? 'OVERRIDING SYSTEM VALUE ' : ''}SELECT ${casts} FROM jsonb_array_elements($1::jsonb) AS r`;
    return { info, columns, insert, seeded: await this.seededRows(manager, info, columns) };
  }

  /**
   * Rows already in a migration-seeded table. They are acceptable only if the archive holds each of them
   * too, equal but for when it was written
   * (timestamp columns are left out of the comparison). They are removed here and come back from the
   * archive; any that the archive lacks makes closeTable refuse, and the rollback puts them back.
   */
  private async seededRows(manager: EntityManager, info: TableInfo, columns: ColumnInfo[]): Promise<Map<string, number>> {
    const seeded = new Map<string, number>();
    const values = columns.map((column) => `${quoteIdent(column.name)}::text`).join(', ');
    const rows: Array<{ r: string }> = await manager.query(`SELECT json_build_array(${values})::text AS r FROM ${quoteIdent(info.name)}`);
    if (rows.length === 0) return seeded;
    for (const row of rows) {
      const key = comparable(columns, JSON.parse(row.r) as Array<string | null>);
      seeded.set(key, (seeded.get(key) ?? 0) + 1);
    }
    await manager.query(`DELETE FROM ${quoteIdent(info.name)}`);
    return seeded;
  }

  private async insertRows(manager: EntityManager, table: OpenTable, rows: Array<Array<string | null>>): Promise<void> {
    for (const row of rows) {
      if (table.seeded.size === 0) break;
      const key = comparable(table.columns, row);
      const count = table.seeded.get(key);
      if (count === 1) table.seeded.delete(key);
      else if (count) table.seeded.set(key, count - 1);
    }
    if (rows.length > 0) await manager.query(table.insert, [JSON.stringify(rows)]);
  }

  private async closeTable(manager: EntityManager, table: OpenTable, archived: TableChecksum): Promise<TableChecksum> {
    if (table.seeded.size > 0) throw this.notEmpty(table.info.name);
    const restored = await tableChecksum(manager, table.info.name);
    if (restored.rows !== archived.rows || restored.checksum !== archived.checksum) {
      throw new ArchiveError(
        `table ${table.info.name} does not match the archive after restoring (${restored.rows} rows, expected ${archived.rows}); nothing was restored`,
      );
    }
    return restored;
  }

  private notEmpty(table: string): RestoreRefusedError {
    return new RestoreRefusedError(
      `the database is not empty: table ${table} holds data. Restore only into a new database with the migrations applied and no data`,
    );
  }

  private openFile(sha256: string, size: number): OpenFile {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ArchiveError(`invalid file hash ${sha256} in the archive`);
    const tempPath = join(this.storage.tempDir(), `restore-${randomUUID()}.part`);
    return { sha256, size, tempPath, out: createWriteStream(tempPath, { mode: 0o600 }), hash: createHash('sha256'), bytes: 0 };
  }

  /** Checks the bytes against the name they are stored under, then moves them into the store. */
  private async closeFile(file: OpenFile): Promise<number> {
    file.out.end();
    await once(file.out, 'close');
    if (file.hash.digest('hex') !== file.sha256 || file.bytes !== file.size) {
      await rm(file.tempPath, { force: true });
      throw new ArchiveError(`evidence file ${file.sha256} in the archive is damaged (its bytes do not match its SHA-256)`);
    }
    await this.storage.putFromTemp(file.tempPath, file.sha256);
    return file.bytes;
  }

  /** Moves each sequence past the restored values, so new rows get fresh ids. */
  private async resetSequences(manager: EntityManager, tables: TableInfo[]): Promise<void> {
    for (const table of tables) {
      for (const column of table.sequenceColumns) {
        await manager.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(table.name)}), 0) + 1, false)`,
          [quoteIdent(table.name), column],
        );
      }
    }
  }
}

async function writeChunk(file: OpenFile, data: Buffer): Promise<void> {
  file.hash.update(data);
  file.bytes += data.length;
  if (!file.out.write(data)) await once(file.out, 'drain');
}

/** A row without its timestamps, to recognise a migration's seed row written at another moment. */
function comparable(columns: ColumnInfo[], row: Array<string | null>): string {
  return JSON.stringify(row.filter((_, index) => !/^(timestamp|date)/.test(columns[index].type)));
}

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { ColumnInfo, TableChecksum } from './table-catalog';

/**
 * The backup archive: gzip'd JSON lines, one record per line, in this order:
 *   header → per table: table, rows…, table-end → per file: file, chunk…, file-end → end
 * Row values are the Postgres text form of each column (null stays null), so every type round-trips
 * exactly through its own input function. The closing `end` record tells a complete archive from a cut one.
 */
export const ARCHIVE_FORMAT = 'cyber-norms-tracker-backup';
export const ARCHIVE_VERSION = 1;

export type ArchiveRecord =
  | { kind: 'header'; format: string; version: number; createdAt: string; migrations: string[] }
  | { kind: 'table'; name: string; columns: ColumnInfo[] }
  | { kind: 'rows'; rows: Array<Array<string | null>> }
  | ({ kind: 'table-end'; name: string } & TableChecksum)
  | { kind: 'file'; sha256: string; size: number }
  | { kind: 'chunk'; data: string }
  | { kind: 'file-end'; sha256: string }
  | { kind: 'end'; tables: number; rows: number; files: number };

export class ArchiveError extends Error {}

export class ArchiveWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;
  /** Rejects on the first error of either stream (a full disk, say), so a wait for room never hangs. */
  private readonly failed: Promise<never>;

  private constructor(file: Writable) {
    this.failed = new Promise<never>((_resolve, reject) => {
      file.once('error', reject);
      this.gzip.once('error', reject);
    });
    this.failed.catch(() => undefined);
    this.gzip.pipe(file);
    this.done = finished(file);
    this.done.catch(() => undefined);
  }

  /** Opens the file first, so a missing folder or a permission problem fails here, before any work. */
  static async create(path: string): Promise<ArchiveWriter> {
    const handle = await open(path, 'w', 0o600);
    return new ArchiveWriter(handle.createWriteStream());
  }

  async write(record: ArchiveRecord): Promise<void> {
    if (!this.gzip.write(JSON.stringify(record) + '\n')) await Promise.race([once(this.gzip, 'drain'), this.failed]);
  }

  async close(): Promise<void> {
    this.gzip.end();
    await Promise.race([this.done, this.failed]);
  }
}

/** Reads the records of an archive one by one; a line that is not a record is an ArchiveError. */
export async function* readArchive(path: string): AsyncGenerator<ArchiveRecord> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line === '') continue;
      let record: ArchiveRecord;
      try {
        record = JSON.parse(line) as ArchiveRecord;
      } catch {
        throw new ArchiveError(`line ${lineNumber} of the archive is not a JSON record`);
      }
      if (lineNumber === 1 && (record.kind !== 'header' || record.format !== ARCHIVE_FORMAT)) {
        throw new ArchiveError('not a Cyber Norms Tracker backup archive');
      }
      if (record.kind === 'header' && record.version !== ARCHIVE_VERSION) {
        throw new ArchiveError(`archive format version ${record.version} is not supported (expected ${ARCHIVE_VERSION})`);
      }
      yield record;
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`the archive cannot be read: ${(error as Error).message}`);
  }
}

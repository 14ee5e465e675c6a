import { createHash } from 'node:crypto';
import { FileHandle, open, rm } from 'node:fs/promises';
import { ReportSink } from './report-sink';

/** A report written in full: where it is, its size and its SHA-256. */
export interface WrittenReport {
  path: string;
  size: number;
  sha256: string;
}

// Small pieces (PDFKit pushes one per PDF object line) are gathered into writes of about this size.
const WRITE_BYTES = 64 * 1024;

/**
 * A report being written to a temporary file, hashed on the way. The whole report is never in memory, and
 * its SHA-256 is known once it is complete, before a byte is sent (the X-Content-SHA256 header needs it).
 */
export class ReportFile implements ReportSink {
  private readonly hash = createHash('sha256');
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private size = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** A new, empty file at `path`, which must not exist yet (readable by this user only). */
  static async create(path: string): Promise<ReportFile> {
    return new ReportFile(path, await open(path, 'wx', 0o600));
  }

  write(chunk: string | Uint8Array): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (bytes.length === 0) return;
    this.hash.update(bytes);
    this.size += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WRITE_BYTES) this.flush();
  }

  async drain(): Promise<void> {
    this.flush();
    await this.writing;
    if (this.failure) throw this.failure.error;
  }

  /** Stores the rest and closes the file; the report is then complete. */
  async finish(): Promise<WrittenReport> {
    await this.drain();
    await this.close();
    return { path: this.path, size: this.size, sha256: this.hash.digest('hex') };
  }

  /** Abandons the report: closes and removes the file. Never throws. */
  async discard(): Promise<void> {
    await this.writing;
    await this.close().catch(() => undefined);
    await rm(this.path, { force: true }).catch(() => undefined);
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const batch = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    // One write after the other, in order; a failure is kept for drain() rather than left unhandled.
    this.writing = this.writing.then(async () => {
      if (this.failure) return;
      try {
        for (let offset = 0; offset < batch.length; ) offset += (await this.handle.write(batch, offset)).bytesWritten;
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../../config/environment';
import { ReportFile } from './report-file';

// A temporary report older than this was left by a process that died; younger ones may be another instance's.
const STALE_AFTER_MS = 60 * 60_000;

/**
 * Where reports are written before they are sent: UPLOAD_DIR/reports/tmp, a folder the service already owns
 * (the evidence store uses objects/ and tmp/ beside it). Each file is removed once sent or abandoned.
 */
@Injectable()
export class ReportTempFiles implements OnModuleInit {
  private readonly logger = new Logger(ReportTempFiles.name);
  readonly dir: string;

  constructor(config: ConfigService<Environment, true>) {
    this.dir = resolve(config.get('UPLOAD_DIR', { infer: true }), 'reports', 'tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const removed = await this.removeStale();
    if (removed > 0) this.logger.warn(`Removed ${removed} temporary report file(s) left by an earlier process`);
  }

  /** A name for a new temporary report, in a folder that exists. */
  async newPath(): Promise<string> {
    // The folder may have been removed since start (e.g. an operator emptying UPLOAD_DIR).
    await mkdir(this.dir, { recursive: true });
    return join(this.dir, `${randomUUID()}.part`);
  }

  async create(): Promise<ReportFile> {
    return ReportFile.create(await this.newPath());
  }

  async removeStale(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = join(this.dir, name);
      const modified = (await stat(path).catch(() => undefined))?.mtimeMs;
      if (modified === undefined || now - modified < STALE_AFTER_MS) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }
}

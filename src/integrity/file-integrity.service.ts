import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';

export interface BrokenFile {
  fileId: string;
  sha256: string;
  storageKey: string;
  /** Evidence items that point to this file: such rows are never removed, only reported. */
  evidenceIds: string[];
  problem: 'missing' | 'corrupt';
}

export interface FileCheckReport {
  rowsChecked: number;
  objectsSeen: number;
  broken: BrokenFile[];
  /** Stored objects no row refers to (an upload killed between storing the bytes and inserting the row). */
  orphans: string[];
  /** Leftovers in tmp/ from uploads that never finished. */
  staleTemp: string[];
  /** Orphans and temp files younger than the grace period: possibly an upload in flight, left alone. */
  skippedRecent: number;
  repaired?: { orphansRemoved: number; tempRemoved: number };
}

export interface FileCheckOptions {
  repair?: boolean;
  /** Leave files younger than this alone: an upload in progress writes the object just before its row. */
  graceMinutes?: number;
}

interface FileRow {
  id: string;
  sha256: string;
  storage_key: string;
  evidence_ids: string[];
}

/** Cross-checks evidence_file rows against the stored objects, both ways, and the upload temp folder. */
@Injectable()
export class FileIntegrityService {
  private readonly root: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    config: ConfigService<Environment, true>,
  ) {
    this.root = resolve(config.get('UPLOAD_DIR', { infer: true }));
  }

  async check(options: FileCheckOptions = {}): Promise<FileCheckReport> {
    const graceMs = (options.graceMinutes ?? 60) * 60_000;
    const now = Date.now();
    const rows = await this.dataSource.query<FileRow[]>(
      `SELECT f.id::text, f.sha256, f.storage_key, coalesce(array_agg(e.id::text ORDER BY e.id) FILTER (WHERE e.id IS NOT NULL), '{}') AS evidence_ids
       FROM evidence_file f LEFT JOIN evidence e ON e.file_id = f.id GROUP BY f.id
       UNION ALL -- published artifacts share the content-addressed store
       SELECT 'artifact ' || a.cycle_year || '/' || a.version || ' ' || a.scope || ' ' || a.format, a.sha256, a.storage_key, '{}'
       FROM publication_artifact a
       ORDER BY 2`,
    );
    const report: FileCheckReport = { rowsChecked: rows.length, objectsSeen: 0, broken: [], orphans: [], staleTemp: [], skippedRecent: 0 };
    const known = new Set<string>();
    for (const row of rows) {
      known.add(row.storage_key);
      const actual = await this.hashOf(row.storage_key);
      if (actual !== row.sha256) {
        report.broken.push({
          fileId: row.id,
          sha256: row.sha256,
          storageKey: row.storage_key,
          evidenceIds: row.evidence_ids,
          problem: actual === undefined ? 'missing' : 'corrupt',
        });
      }
    }
    for await (const key of this.storage.list()) {
      report.objectsSeen++;
      if (known.has(key)) continue;
      if (now - (await this.modifiedAt(join(this.root, key))) < graceMs) report.skippedRecent++;
      else report.orphans.push(key);
    }
    const tempDir = this.storage.tempDir();
    for (const name of await readdir(tempDir).catch(() => [] as string[])) {
      if (now - (await this.modifiedAt(join(tempDir, name))) < graceMs) report.skippedRecent++;
      else report.staleTemp.push(name);
    }
    if (options.repair) report.repaired = await this.repair(report, tempDir);
    return report;
  }

  private async repair(report: FileCheckReport, tempDir: string): Promise<{ orphansRemoved: number; tempRemoved: number }> {
    let orphansRemoved = 0;
    for (const key of report.orphans) {
      // Checked again just before removal: an upload of the same content may have claimed it meanwhile.
      const claimed = await this.dataSource.query(
        'SELECT 1 FROM evidence_file WHERE storage_key = $1 UNION ALL SELECT 1 FROM publication_artifact WHERE storage_key = $1',
        [key],
      );
      if (claimed.length > 0) continue;
      // A stray name that is not a storage key is reported but left for a person to look at.
      const removed = await this.storage.delete(key).then(() => true, () => false);
      if (removed) orphansRemoved++;
    }
    for (const name of report.staleTemp) await rm(join(tempDir, name), { force: true, recursive: true });
    return { orphansRemoved, tempRemoved: report.staleTemp.length };
  }

  private async hashOf(key: string): Promise<string | undefined> {
    if (!(await this.storage.exists(key))) return undefined;
    const stream = await this.storage.open(key);
    const hash = createHash('sha256');
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  private async modifiedAt(path: string): Promise<number> {
    return (await stat(path).catch(() => undefined))?.mtimeMs ?? 0;
  }
}

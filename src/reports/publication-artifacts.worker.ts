import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';
import { JobQueue } from '../jobs/job-queue.service';
import { artifactSet, scopeKeyOf } from '../publication/artifact-set';
import { ARTIFACTS_QUEUE, ArtifactsJob } from '../publication/publication.service';
import { ReportsService } from './reports.service';

/**
 * The job queued by publishing: renders each artifact of a publication version once, from the frozen data,
 * and stores it content-addressed (FileStorage) with its SHA-256. A retried job skips what is stored already.
 */
@Injectable()
export class PublicationArtifactsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(PublicationArtifactsWorker.name);
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly jobs: JobQueue,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('PUBLICATION_WORKER', { infer: true })) await this.start();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.jobs.work<ArtifactsJob>(ARTIFACTS_QUEUE, (job) => this.store(job.year, job.version).then(() => undefined));
  }

  /** Stores every missing artifact of the version; returns how many it stored. */
  async store(year: number, version: number): Promise<number> {
    const frameworks: Array<{ code: string }> = await this.dataSource.query(
      `SELECT f.code FROM publication p JOIN cycle_framework cf ON cf.cycle_year = p.cycle_year JOIN framework f ON f.id = cf.framework_id
       WHERE p.cycle_year = $1 AND p.version = $2 ORDER BY f.code`,
      [year, version],
    );
    if (frameworks.length === 0) {
      this.logger.warn({ year, version }, 'No such publication: nothing to store');
      return 0;
    }
    const started = Date.now();
    let stored = 0;
    for (const spec of artifactSet(frameworks.map((f) => f.code))) {
      const scope = scopeKeyOf({ framework: spec.framework }, spec.dataset);
      const done = await this.dataSource.query(
        'SELECT 1 FROM publication_artifact WHERE cycle_year = $1 AND version = $2 AND scope = $3 AND format = $4',
        [year, version, scope, spec.format],
      );
      if (done.length > 0) continue;
      const report = await this.reports.render({ year, version, framework: spec.framework }, spec.format, undefined, spec.dataset);
      try {
        const key = await this.storage.putFromTemp(report.path, report.sha256);
        const [row]: Array<{ sha256: string }> = await this.dataSource.query(
          `WITH added AS (
             INSERT INTO publication_artifact (cycle_year, version, scope, format, sha256, size_bytes, storage_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING sha256)
           SELECT sha256 FROM added UNION ALL
           SELECT sha256 FROM publication_artifact WHERE cycle_year = $1 AND version = $2 AND scope = $3 AND format = $4`,
          [year, version, scope, spec.format, report.sha256, report.size, key],
        );
        if (row.sha256 !== report.sha256) {
          this.logger.error({ year, version, scope, format: spec.format, stored: row.sha256, rendered: report.sha256 }, 'A stored artifact rendered differently');
        }
        stored++;
      } finally {
        await report.dispose();
      }
    }
    this.logger.log({ year, version, stored, ms: Date.now() - started }, 'Publication artifacts stored');
    return stored;
  }
}

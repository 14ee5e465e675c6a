import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { Environment } from '../config/environment';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';
import { scopeKeyOf } from '../publication/artifact-set';
import { RenderConsistency } from './render-consistency';
import { ReportArtifactDto } from './dto/report.dto';
import { AssessmentExtra, COLUMNS, Dataset, datasetRows, datasetsOf, writeCsv } from './open-data';
import { WrittenReport } from './output/report-file';
import { ReportSink } from './output/report-sink';
import { ReportTempFiles } from './output/report-temp-files';
import { renderInWorker } from './render/worker/render-in-worker';
import { renderWithRetry } from './render/worker/render-with-retry';
import { RenderSlots } from './render/worker/render-slots';
import { renderXlsx } from './render/xlsx';
import { ReportBuilder } from './report-builder.service';
import { ReportModel, ReportScope } from './report-model';

export type ReportFormat = 'html' | 'pdf' | 'xlsx' | 'csv' | 'json';

/**
 * A generated report, complete in a temporary file (never whole in memory): stream it from `path`, then call
 * dispose(), which removes the file (also when sending fails or is abandoned).
 */
export interface RenderedReport {
  path: string;
  size: number;
  mediaType: string;
  filename: string;
  sha256: string;
  /** For a published cycle: the hash of the stored artifact, or of this instance's first rendering of it. */
  recordedSha256: string | null;
  dispose(): Promise<void>;
}

/** What a download sends: a stored artifact of a publication, or a file rendered for this request. */
export interface ReportDownload {
  open(): Promise<Readable>;
  size: number;
  mediaType: string;
  filename: string;
  sha256: string;
  recordedSha256: string | null;
  /** Stored at publication: the same bytes for good (ETag = SHA-256, immutable caching). */
  stored: boolean;
  dispose(): Promise<void>;
}

const MEDIA_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Reports and open data of a cycle, in every format, with the SHA-256 of published ones recorded. */
@Injectable()
export class ReportsService implements OnModuleDestroy {
  private readonly logger = new Logger(ReportsService.name);
  private readonly slots: RenderSlots;
  private readonly shutdown = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly builder: ReportBuilder,
    private readonly tempFiles: ReportTempFiles,
    private readonly consistency: RenderConsistency,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    config: ConfigService<Environment, true>,
  ) {
    this.slots = new RenderSlots(config.get('REPORT_RENDER_CONCURRENCY', { infer: true }));
  }

  /** Stops drawings in progress (their worker threads) when the application closes. */
  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  /** Renders into a temporary file. Writes no rows: a download must not be a way to add data. */
  async render(scope: ReportScope, format: ReportFormat, user: AuthUser | undefined, dataset: Dataset = 'scorecards'): Promise<RenderedReport> {
    const model = await this.builder.build(scope, user);
    const written = await this.writeFile(model, format, dataset, user);
    const dispose = () => rm(written.path, { force: true });
    try {
      const scopeKey = scopeKeyOf(scope, format === 'csv' ? dataset : undefined);
      const recordedSha256 = model.publication
        ? ((await this.storedArtifact(scope.year, model.publication.version, scopeKey, format))?.sha256 ?? this.consistency.check(scope.year, model.publication.version, scopeKey, format, written.sha256))
        : null;
      return { ...written, mediaType: MEDIA_TYPES[format], filename: fileName(scope.year, scopeKey, format, model.publication?.version), recordedSha256, dispose };
    } catch (error) {
      await dispose();
      throw error;
    }
  }

  /** A published cycle's stored artifact when there is one (no rendering at all), else a rendering. */
  async download(scope: ReportScope, format: ReportFormat, user: AuthUser | undefined, dataset: Dataset = 'scorecards'): Promise<ReportDownload> {
    const version = await this.publishedVersion(scope.year, scope.version);
    if (version !== null) {
      const scopeKey = scopeKeyOf(scope, format === 'csv' ? dataset : undefined);
      const stored = await this.storedArtifact(scope.year, version, scopeKey, format);
      if (stored) {
        return {
          open: () => this.storage.open(stored.storage_key),
          size: Number(stored.size_bytes),
          mediaType: MEDIA_TYPES[format],
          filename: fileName(scope.year, scopeKey, format, version),
          sha256: stored.sha256,
          recordedSha256: stored.sha256,
          stored: true,
          dispose: async () => undefined,
        };
      }
    }
    const rendered = await this.render(scope, format, user, dataset);
    return { ...rendered, open: async () => createReadStream(rendered.path), stored: false };
  }

  /** Every stored artifact of a published cycle, all versions; 404 for a cycle that is not published. */
  async artifacts(year: number): Promise<ReportArtifactDto[]> {
    if ((await this.publishedVersion(year, undefined)) === null) throw ApiError.notFound('Cycle', year);
    const rows: Array<{ cycle_year: number; version: number; scope: string; format: string; sha256: string; size_bytes: string; stored_at: Date }> =
      await this.dataSource.query('SELECT * FROM publication_artifact WHERE cycle_year = $1 ORDER BY version, scope, format', [year]);
    return rows.map((r) => ({
      cycleYear: r.cycle_year,
      version: r.version,
      scope: r.scope,
      format: r.format,
      sha256: r.sha256,
      sizeBytes: Number(r.size_bytes),
      firstGeneratedAt: r.stored_at,
    }));
  }

  /** The asked (or latest) publication version of a published cycle; null when the cycle is not published. */
  private async publishedVersion(year: number, version: number | undefined): Promise<number | null> {
    const [row]: Array<{ latest: number | null; has_asked: boolean }> = await this.dataSource.query(
      `SELECT max(version) AS latest, bool_or(version = $2) AS has_asked FROM publication WHERE cycle_year = $1`,
      [year, version ?? null],
    );
    if (row.latest === null) return null;
    if (version === undefined) return row.latest;
    return row.has_asked ? version : null;
  }

  private async storedArtifact(year: number, version: number, scope: string, format: string) {
    const rows: Array<{ sha256: string; size_bytes: string; storage_key: string }> = await this.dataSource.query(
      'SELECT sha256, size_bytes, storage_key FROM publication_artifact WHERE cycle_year = $1 AND version = $2 AND scope = $3 AND format = $4',
      [year, version, scope, format],
    );
    return rows[0];
  }

  private async writeFile(model: ReportModel, format: ReportFormat, dataset: Dataset, user: AuthUser | undefined): Promise<WrittenReport> {
    if (format === 'html' || format === 'pdf') {
      const draw = async (heapMb: number) => {
        const path = await this.tempFiles.newPath();
        try {
          return await renderInWorker(model, format, path, heapMb, this.shutdown.signal);
        } catch (error) {
          await rm(path, { force: true });
          throw error;
        }
      };
      return this.slots.run(() => renderWithRetry(draw, (message) => this.logger.warn(message)));
    }
    const file = await this.tempFiles.create();
    try {
      await this.writeData(model, format, dataset, user, file);
      return await file.finish();
    } catch (error) {
      await file.discard();
      throw error;
    }
  }

  /** Open data into the sink: CSV a state page at a time; XLSX and JSON are built whole, then written. */
  private async writeData(model: ReportModel, format: ReportFormat, dataset: Dataset, user: AuthUser | undefined, sink: ReportSink): Promise<void> {
    if (format === 'csv') {
      const extras = dataset === 'assessments' ? await this.assessmentExtras(model, user) : [];
      return writeCsv(dataset, datasetRows(model, dataset, extras), sink);
    }
    const datasets = await datasetsOf(model, await this.assessmentExtras(model, user));
    if (format === 'xlsx') {
      sink.write(await renderXlsx(model, datasets));
    } else {
      const json = {
        cycle: model.cycle.year,
        cycleTitle: model.cycle.title,
        synthetic: model.cycle.synthetic,
        status: model.cycle.status,
        publicationVersion: model.publication?.version ?? null,
        errata: model.publication?.errata ?? [],
        methodologyVersion: model.methodology.version,
        dataAsOf: model.dataAsOf.toISOString(),
        columns: COLUMNS,
        ...datasets,
      };
      sink.write(JSON.stringify(json, null, 1));
    }
    await sink.drain();
  }

  /** Narrative, source and status of the assessments of the report's states, in one query per report. */
  private async assessmentExtras(model: ReportModel, user: AuthUser | undefined): Promise<AssessmentExtra[]> {
    const rows: Array<Record<string, string | null>> = await this.dataSource.query(
      `SELECT a.state_iso3, f.code AS framework, c.code AS commitment, a.not_applicable_justification, a.source, a.source_reference,
              a.stated_by, a.status, a.narrative, a.review_rationale
       FROM assessment a JOIN commitment c ON c.id = a.commitment_id JOIN framework f ON f.id = c.framework_id
       JOIN cycle cy ON cy.year = a.cycle_year
       WHERE a.cycle_year = $1 AND f.code = ANY($2::text[]) AND (cy.status = 'published' OR $3 OR a.state_iso3 = ANY($4::text[]))
         AND a.state_iso3 = ANY($5::text[])`,
      [
        model.cycle.year,
        model.frameworks.map((f) => f.framework.code),
        isStaff(user),
        user?.stateIsos ?? [],
        [...new Set(model.frameworks.flatMap((f) => f.stateRows.map((row) => row.scorecard.stateIso3)))],
      ],
    );
    return rows.map((r) => ({
      stateIso3: r.state_iso3!,
      framework: r.framework!,
      commitment: r.commitment!,
      notApplicableJustification: r.not_applicable_justification,
      source: r.source,
      sourceReference: r.source_reference,
      statedBy: r.stated_by,
      status: r.status!,
      narrative: r.narrative,
      reviewRationale: r.review_rationale,
    }));
  }

}

function fileName(year: number, scopeKey: string, format: ReportFormat, version: number | undefined): string {
  const scope = scopeKey === 'all' ? '' : `-${scopeKey.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const edition = version && version > 1 ? `-v${version}` : '';
  return `cyber-norms-${year}${scope}${edition}${format === 'csv' || format === 'json' ? '-data' : '-report'}.${format}`;
}

import { rm } from 'node:fs/promises';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '../auth/auth-user';
import { Environment } from '../config/environment';
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
  /** For a published cycle: the hash recorded when this report was first generated. */
  recordedSha256: string | null;
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
    config: ConfigService<Environment, true>,
  ) {
    this.slots = new RenderSlots(config.get('REPORT_RENDER_CONCURRENCY', { infer: true }));
  }

  /** Stops drawings in progress (their worker threads) when the application closes. */
  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  async render(scope: ReportScope, format: ReportFormat, user: AuthUser | undefined, dataset: Dataset = 'scorecards'): Promise<RenderedReport> {
    const model = await this.builder.build(scope, user);
    const written = await this.writeFile(model, format, dataset, user);
    const dispose = () => rm(written.path, { force: true });
    try {
      const scopeKey = scopeKeyOf(scope, format === 'csv' ? dataset : undefined);
      const recordedSha256 =
        model.cycle.status === 'published' ? await this.record(model.cycle.year, scopeKey, format, written.sha256, written.size) : null;
      return {
        ...written,
        mediaType: MEDIA_TYPES[format],
        filename: `cyber-norms-${model.cycle.year}${scopeKey === 'all' ? '' : `-${scopeKey.replace(/[^A-Za-z0-9]+/g, '-')}`}${format === 'csv' || format === 'json' ? '-data' : '-report'}.${format}`,
        recordedSha256,
        dispose,
      };
    } catch (error) {
      await dispose();
      throw error;
    }
  }

  async artifacts(year: number): Promise<ReportArtifactDto[]> {
    const rows: Array<{ cycle_year: number; scope: string; format: string; sha256: string; size_bytes: string; first_generated_at: Date }> =
      await this.dataSource.query('SELECT * FROM report_artifact WHERE cycle_year = $1 ORDER BY scope, format', [year]);
    return rows.map((r) => ({ cycleYear: r.cycle_year, scope: r.scope, format: r.format, sha256: r.sha256, sizeBytes: Number(r.size_bytes), firstGeneratedAt: r.first_generated_at }));
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

  /** The first generation's hash is kept for good; a later different one means the output is not reproducible. */
  private async record(year: number, scope: string, format: ReportFormat, sha256: string, size: number): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO report_artifact (cycle_year, scope, format, sha256, size_bytes) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [year, scope, format, sha256, size],
    );
    const [{ sha256: recorded }] = await this.dataSource.query(
      'SELECT sha256 FROM report_artifact WHERE cycle_year = $1 AND scope = $2 AND format = $3',
      [year, scope, format],
    );
    if (recorded !== sha256) this.logger.error({ year, scope, format, recorded, sha256 }, 'A published report came out different from the recorded one');
    return recorded;
  }
}

function scopeKeyOf(scope: ReportScope, dataset?: string): string {
  const parts = [
    scope.framework && `framework=${scope.framework}`,
    scope.group && `group=${scope.group}`,
    scope.state && `state=${scope.state}`,
    dataset && `dataset=${dataset}`,
  ].filter(Boolean);
  return parts.length ? parts.join(';') : 'all';
}

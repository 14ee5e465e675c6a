import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '../auth/auth-user';
import { ReportArtifactDto } from './dto/report.dto';
import { AssessmentExtra, COLUMNS, Dataset, datasetsOf, toCsv } from './open-data';
import { renderHtml } from './render/html';
import { renderPdf } from './render/pdf';
import { renderXlsx } from './render/xlsx';
import { ReportBuilder } from './report-builder.service';
import { ReportModel, ReportScope } from './report-model';

export type ReportFormat = 'html' | 'pdf' | 'xlsx' | 'csv' | 'json';

export interface RenderedReport {
  content: Buffer;
  mediaType: string;
  filename: string;
  sha256: string;
  /** For a published cycle: the hash recorded when this report was first generated. */
  recordedSha256: string | null;
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
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly builder: ReportBuilder,
  ) {}

  async render(scope: ReportScope, format: ReportFormat, user: AuthUser | undefined, dataset: Dataset = 'scorecards'): Promise<RenderedReport> {
    const model = await this.builder.build(scope, user);
    const content = await this.renderModel(model, format, dataset, user);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const scopeKey = scopeKeyOf(scope, format === 'csv' ? dataset : undefined);
    const recordedSha256 = model.cycle.status === 'published' ? await this.record(model.cycle.year, scopeKey, format, sha256, content.length) : null;
    return {
      content,
      mediaType: MEDIA_TYPES[format],
      filename: `cyber-norms-${model.cycle.year}${scopeKey === 'all' ? '' : `-${scopeKey.replace(/[^A-Za-z0-9]+/g, '-')}`}${format === 'csv' || format === 'json' ? '-data' : '-report'}.${format}`,
      sha256,
      recordedSha256,
    };
  }

  async artifacts(year: number): Promise<ReportArtifactDto[]> {
    const rows: Array<{ cycle_year: number; scope: string; format: string; sha256: string; size_bytes: string; first_generated_at: Date }> =
      await this.dataSource.query('SELECT * FROM report_artifact WHERE cycle_year = $1 ORDER BY scope, format', [year]);
    return rows.map((r) => ({ cycleYear: r.cycle_year, scope: r.scope, format: r.format, sha256: r.sha256, sizeBytes: Number(r.size_bytes), firstGeneratedAt: r.first_generated_at }));
  }

  private async renderModel(model: ReportModel, format: ReportFormat, dataset: Dataset, user: AuthUser | undefined): Promise<Buffer> {
    if (format === 'html') return Buffer.from(renderHtml(model), 'utf8');
    if (format === 'pdf') return renderPdf(model);
    const datasets = datasetsOf(model, await this.assessmentExtras(model, user));
    if (format === 'xlsx') return renderXlsx(model, datasets);
    if (format === 'csv') return Buffer.from(toCsv(dataset, datasets[dataset]), 'utf8');
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
    return Buffer.from(JSON.stringify(json, null, 1), 'utf8');
  }

  /** Narrative, source and status of the assessments in the report, in one query per report. */
  private async assessmentExtras(model: ReportModel, user: AuthUser | undefined): Promise<AssessmentExtra[]> {
    const rows: Array<Record<string, string | null>> = await this.dataSource.query(
      `SELECT a.state_iso3, f.code AS framework, c.code AS commitment, a.not_applicable_justification, a.source, a.source_reference,
              a.stated_by, a.status, a.narrative, a.review_rationale
       FROM assessment a JOIN commitment c ON c.id = a.commitment_id JOIN framework f ON f.id = c.framework_id
       JOIN cycle cy ON cy.year = a.cycle_year
       WHERE a.cycle_year = $1 AND f.code = ANY($2::text[]) AND (cy.status = 'published' OR $3 OR a.state_iso3 = ANY($4::text[]))`,
      [model.cycle.year, model.frameworks.map((f) => f.framework.code), isStaff(user), user?.stateIsos ?? []],
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

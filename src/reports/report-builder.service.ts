import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuthUser, canSeeUnpublished, isStaff } from '../auth/auth-user';
import { CatalogueService } from '../catalogue/catalogue.service';
import { FrameworkDto } from '../catalogue/dto/framework.dto';
import { ApiError } from '../common/errors/api-error';
import { Environment } from '../config/environment';
import { CyclesService } from '../cycles/cycles.service';
import { ContributionDto } from '../scoring/dto/scorecard.dto';
import { MethodologyService } from '../scoring/methodology.service';
import { ScoringService } from '../scoring/scoring.service';
import { publicationInfo } from './publication-info';
import { FrameworkSection, HeatmapCell, PublicationInfo, ReportModel, ReportScope, StateRow } from './report-model';
import { StatePagesLoader } from './state-pages.loader';

const UN_REGIONAL_GROUPS = ['AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'];

/**
 * Gathers everything a report shows, with a fixed number of queries per framework whatever the number of
 * states: scorecards, statistics per group and contributions now, history and citations (in bulk per
 * section) when the section's pages are rendered (StatePagesLoader).
 */
@Injectable()
export class ReportBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CyclesService,
    private readonly catalogue: CatalogueService,
    private readonly scoring: ScoringService,
    private readonly methodologies: MethodologyService,
    private readonly statePages: StatePagesLoader,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async build(scope: ReportScope, caller: AuthUser | undefined): Promise<ReportModel> {
    const cycle = await this.cycles.get(scope.year, caller);
    const published = cycle.status === 'published';
    if (scope.version !== undefined && !published) throw ApiError.notFound(`Publication of cycle ${scope.year}, version`, scope.version);
    const publication = published ? await publicationInfo(this.dataSource.manager, scope.year, scope.version) : null;
    // A published cycle's report is the same for everyone, staff included: it is built from what the public sees.
    const user = published ? undefined : caller;
    if (scope.state) await this.requireState(scope.state, published, user);
    if (!scope.state && !published && !isStaff(user)) {
      throw ApiError.forbidden('Before publication, only reviewers and admins produce whole-cycle reports; officials can get their own state’s report');
    }
    if (scope.group) await this.requireGroup(scope.year, scope.group, published);
    const frameworks = cycle.frameworks.filter((f) => !scope.framework || f.code === scope.framework);
    if (frameworks.length === 0) throw ApiError.notFound(`Framework in cycle ${scope.year}`, scope.framework ?? '');
    const sections: FrameworkSection[] = [];
    for (const { code, version } of frameworks) sections.push(await this.section(scope, code, version, publication, user));
    // The provenance annex of a published cycle lists the catalogue files it was published with.
    const catalogueFiles: Array<{ path: string; content_sha256: string }> = published
      ? await this.dataSource.query('SELECT path, content_sha256 FROM publication_catalogue_file WHERE cycle_year = $1 ORDER BY path', [scope.year])
      : await this.dataSource.query('SELECT path, content_sha256 FROM catalogue_file ORDER BY path');
    return {
      scope,
      cycle,
      methodology: await this.methodologies.get(cycle.methodologyVersion),
      frameworks: sections.filter((s) => s.scorecards.length > 0 || !scope.state),
      dataAsOf: publication ? new Date(publication.publishedAt) : new Date(),
      publication,
      provenance: {
        catalogueFiles: catalogueFiles.map((f) => ({ path: f.path, sha256: f.content_sha256 })),
        generator: 'Cyber Norms Tracker',
      },
      publisher: this.config.get('REPORT_PUBLISHER', { infer: true }),
      text: await this.reportText(scope.year),
    };
  }

  private async section(
    scope: ReportScope,
    code: string,
    version: string,
    publication: PublicationInfo | null,
    user: AuthUser | undefined,
  ): Promise<FrameworkSection> {
    const published = publication !== null;
    const framework = await this.catalogue.getFramework(code, version);
    const all = await this.scoring.list(scope.year, code, scope.group, 'verified', user);
    const scorecards = scope.state ? all.filter((s) => s.stateIso3 === scope.state) : all;
    const statisticsGroups = scope.state ? [] : scope.group ? [scope.group] : code === 'GGE' ? UN_REGIONAL_GROUPS : [framework.applicabilityGroup];
    const statistics = published || isStaff(user)
      ? await Promise.all(statisticsGroups.map((group) => this.scoring.statistics(scope.year, group, code, user)))
      : [];
    // Contributions are loaded now, not with the pages: the overview's heatmap comes first and needs every
    // page state's counted levels. They are small (states x commitments); history and citations are not.
    const everyState = await this.scoring.contributionsForCycle(scope.year, code, user);
    const contributions = new Map<string, ContributionDto[]>();
    const stateRows: StateRow[] = [...scorecards]
      .sort((a, b) => a.stateName.localeCompare(b.stateName))
      .map((scorecard) => {
        const own = everyState.get(scorecard.stateIso3) ?? [];
        contributions.set(scorecard.stateIso3, own);
        return { scorecard, levels: heatmapLevels(framework, own) };
      });
    return {
      framework,
      scorecards,
      statistics,
      stateRows,
      contradictedCommitments: contradicted(framework, stateRows.map((row) => contributions.get(row.scorecard.stateIso3) ?? [])),
      pages: () => this.statePages.pages({ year: scope.year, framework: code, stateRows, contributions, user, publication }),
    };
  }

  /** The foreword and key findings of the cycle, as the report author wrote them (none yet: nulls). */
  private async reportText(year: number): Promise<ReportModel['text']> {
    const rows: Array<{ foreword: string | null; key_findings: string | null }> = await this.dataSource.query(
      'SELECT foreword, key_findings FROM cycle_report_text WHERE cycle_year = $1',
      [year],
    );
    return { foreword: rows[0]?.foreword ?? null, keyFindings: rows[0]?.key_findings ?? null };
  }

  private async requireState(iso3: string, published: boolean, user: AuthUser | undefined): Promise<void> {
    const rows = await this.dataSource.query('SELECT 1 FROM state WHERE iso3 = $1', [iso3]);
    if (rows.length === 0) throw ApiError.notFound('State', iso3);
    if (!published && !canSeeUnpublished(user, iso3)) {
      throw ApiError.forbidden(`You do not act for ${iso3}; its unpublished report is not yours to see`);
    }
  }

  /** A published cycle knows the groups it was published with (also one deleted since), and no later one. */
  private async requireGroup(year: number, code: string, published: boolean): Promise<void> {
    const rows = published
      ? await this.dataSource.query('SELECT 1 FROM publication_group WHERE cycle_year = $1 AND code = $2', [year, code])
      : await this.dataSource.query('SELECT 1 FROM state_group WHERE code = $1', [code]);
    if (rows.length === 0) throw ApiError.notFound('Group', code);
  }
}

/** Commitments with accepted contradicting evidence, most contradicted first. */
function contradicted(framework: FrameworkDto, perState: ContributionDto[][]): FrameworkSection['contradictedCommitments'] {
  return framework.commitments
    .map((commitment) => {
      const rows = perState.map((list) => list.find((c) => c.commitment === commitment.code)?.contradictingEvidence ?? 0);
      return { code: commitment.code, label: commitment.label, contradictions: rows.reduce((a, b) => a + b, 0), states: rows.filter((n) => n > 0).length };
    })
    .filter((c) => c.contradictions > 0)
    .sort((a, b) => b.contradictions - a.contradictions || b.states - a.states);
}

/** The heatmap row of a state: counted level per commitment, null for no information, 'na' for not applicable. */
function heatmapLevels(framework: FrameworkDto, contributions: ContributionDto[]): HeatmapCell[] {
  return framework.commitments.map((commitment) => {
    const contribution = contributions.find((c) => c.commitment === commitment.code);
    if (!contribution || contribution.noInformation) return null;
    if (contribution.notApplicable) return 'na';
    return contribution.countedLevel ?? 0;
  });
}

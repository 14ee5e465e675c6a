import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, canSeeUnpublished, isStaff } from '../auth/auth-user';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ApiError } from '../common/errors/api-error';
import { CyclesService } from '../cycles/cycles.service';
import { MethodologyService } from '../scoring/methodology.service';
import { ScoringService } from '../scoring/scoring.service';
import { EvidenceCitation, FrameworkSection, ReportModel, ReportScope, StatePage } from './report-model';

const UN_REGIONAL_GROUPS = ['AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'];

/**
 * Gathers everything a report shows, with a fixed number of queries per framework whatever the number of
 * states: scorecards, statistics per group, contributions, history and citations come in bulk.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CyclesService,
    private readonly catalogue: CatalogueService,
    private readonly scoring: ScoringService,
    private readonly methodologies: MethodologyService,
  ) {}

  async build(scope: ReportScope, user: AuthUser | undefined): Promise<ReportModel> {
    const cycle = await this.cycles.get(scope.year, user);
    if (scope.state) await this.requireState(scope.state, cycle.status === 'published', user);
    if (!scope.state && cycle.status !== 'published' && !isStaff(user)) {
      throw ApiError.forbidden('Before publication, only reviewers and admins produce whole-cycle reports; officials can get their own state’s report');
    }
    if (scope.group) await this.requireGroup(scope.group);
    const frameworks = cycle.frameworks.filter((f) => !scope.framework || f.code === scope.framework);
    if (frameworks.length === 0) throw ApiError.notFound(`Framework in cycle ${scope.year}`, scope.framework ?? '');
    const sections: FrameworkSection[] = [];
    for (const { code, version } of frameworks) sections.push(await this.section(scope, code, version, cycle.status === 'published', user));
    const catalogueFiles: Array<{ path: string; content_sha256: string }> = await this.dataSource.query(
      'SELECT path, content_sha256 FROM catalogue_file ORDER BY path',
    );
    return {
      scope,
      cycle,
      methodology: await this.methodologies.get(cycle.methodologyVersion),
      frameworks: sections.filter((s) => s.scorecards.length > 0 || !scope.state),
      dataAsOf: cycle.publishedAt ? new Date(cycle.publishedAt) : new Date(),
      provenance: {
        catalogueFiles: catalogueFiles.map((f) => ({ path: f.path, sha256: f.content_sha256 })),
        generator: 'Cyber Norms Tracker',
      },
    };
  }

  private async section(scope: ReportScope, code: string, version: string, published: boolean, user: AuthUser | undefined): Promise<FrameworkSection> {
    const framework = await this.catalogue.getFramework(code, version);
    const all = await this.scoring.list(scope.year, code, scope.group, 'verified', user);
    const scorecards = scope.state ? all.filter((s) => s.stateIso3 === scope.state) : all;
    const statisticsGroups = scope.state ? [] : scope.group ? [scope.group] : code === 'GGE' ? UN_REGIONAL_GROUPS : [framework.applicabilityGroup];
    const statistics = published || isStaff(user)
      ? await Promise.all(statisticsGroups.map((group) => this.scoring.statistics(scope.year, group, code, user)))
      : [];
    const [contributions, history, citations] = await Promise.all([
      this.scoring.contributionsForCycle(scope.year, code, user),
      this.scoring.historyForFramework(code, user),
      this.citations(scope.year, code),
    ]);
    const states: StatePage[] = [...scorecards]
      .sort((a, b) => a.stateName.localeCompare(b.stateName))
      .map((scorecard) => {
        const own = contributions.get(scorecard.stateIso3) ?? [];
        const cited = citations.filter((c) => c.stateIso3 === scorecard.stateIso3);
        return {
          scorecard,
          contributions: own,
          history: history.filter((h) => h.stateIso3 === scorecard.stateIso3 && h.cycleYear <= scope.year).sort((a, b) => a.cycleYear - b.cycleYear),
          citations: cited.filter((c) => c.judgement === 'accepted').map(({ stateIso3: _s, judgement: _j, ...citation }) => citation),
          evidenceCounts: Object.fromEntries(
            own.map((c) => [
              c.commitment,
              {
                total: cited.filter((x) => x.commitment === c.commitment).length,
                contradictions: cited.filter((x) => x.commitment === c.commitment && x.stance === 'contradicts' && x.judgement === 'accepted').length,
              },
            ]),
          ),
        };
      });
    return { framework, scorecards, statistics, states };
  }

  /** Every evidence link of the cycle and framework, public evidence only: a report is for publication. */
  private async citations(year: number, framework: string): Promise<Array<EvidenceCitation & { stateIso3: string; judgement: string }>> {
    const rows: Array<Record<string, string | null>> = await this.dataSource.query(
      `SELECT a.id AS assessment_id, a.state_iso3, c.code AS commitment, ev.title, ev.kind, ev.publisher,
              to_char(ev.published_on, 'YYYY-MM-DD') AS published_on, ev.url, ef.sha256, l.stance, l.judgement
       FROM evidence_link l
       JOIN assessment a ON a.id = l.assessment_id
       JOIN commitment c ON c.id = a.commitment_id
       JOIN framework f ON f.id = c.framework_id
       JOIN evidence ev ON ev.id = l.evidence_id
       LEFT JOIN evidence_file ef ON ef.id = ev.file_id
       WHERE a.cycle_year = $1 AND f.code = $2 AND ev.is_public
       ORDER BY a.state_iso3, c.position, ev.title, l.id`,
      [year, framework],
    );
    return rows.map((row) => ({
      assessmentId: row.assessment_id!,
      stateIso3: row.state_iso3!,
      commitment: row.commitment!,
      title: row.title!,
      kind: row.kind!,
      publisher: row.publisher,
      publishedOn: row.published_on,
      url: row.url,
      sha256: row.sha256,
      stance: row.stance as 'supports' | 'contradicts',
      judgement: row.judgement!,
    }));
  }

  private async requireState(iso3: string, published: boolean, user: AuthUser | undefined): Promise<void> {
    const rows = await this.dataSource.query('SELECT 1 FROM state WHERE iso3 = $1', [iso3]);
    if (rows.length === 0) throw ApiError.notFound('State', iso3);
    if (!published && !canSeeUnpublished(user, iso3)) {
      throw ApiError.forbidden(`You do not act for ${iso3}; its unpublished report is not yours to see`);
    }
  }

  private async requireGroup(code: string): Promise<void> {
    const rows = await this.dataSource.query('SELECT 1 FROM state_group WHERE code = $1', [code]);
    if (rows.length === 0) throw ApiError.notFound('Group', code);
  }
}

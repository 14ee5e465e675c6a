import { Controller, Get, HttpStatus, Param, ParseIntPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { isStaff } from '../../auth/auth-user';
import { Public } from '../../auth/public.decorator';
import { CatalogueService } from '../../catalogue/catalogue.service';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleDto } from '../../cycles/dto/cycle.dto';
import { EvidenceLinksService } from '../../evidence/evidence-links.service';
import { FRAMEWORK_CODE, GROUP_CODE, SCORECARD_SORTS, ScorecardSort } from '../../scoring/dto/scorecard.dto';
import { ScoringService } from '../../scoring/scoring.service';
import { StatesService } from '../../states/states.service';
import { Pages, WebRequest } from '../render/pages';
import { commitmentAnchor } from '../render/heatmap-table';
import { keepBody, keptBody } from '../render/frozen-bodies';
import { overviewViews } from '../render/overview-views';
import { comparableCycles, trendSeries } from '../render/trend-series';
import { subIndicesImage, tiersImage, trendImage } from '../render/web-charts';
import { TIERS } from '../../scoring/entities/methodology.entity';
import { WebExceptionFilter } from '../render/web-exception.filter';

interface ResultsQuery {
  framework?: string;
  group?: string;
  sort?: string;
  levels?: string;
}

/** The public side: published cycles, overview with heatmap, ranking, state profiles, downloads. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller()
export class ResultsController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly scoring: ScoringService,
    private readonly catalogue: CatalogueService,
    private readonly states: StatesService,
    private readonly assessments: AssessmentsService,
    private readonly links: EvidenceLinksService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async home(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const cycles = await this.cycles.list(request.user);
    this.pages.render(request, response, 'home', {
      title: 'Cyber norms implementation',
      published: cycles.filter((c) => c.status === 'published'),
      unpublished: cycles.filter((c) => c.status !== 'published'),
      role: request.user?.role,
    });
  }

  @Get('results/:year')
  async overview(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Query() query: ResultsQuery,
  ): Promise<void> {
    const user = request.user;
    const cycle = await this.cycles.get(year, user);
    const { framework, group } = filters(cycle, query);
    const levels = query.levels === 'stated' ? 'stated' : 'verified';
    const cycleFramework = cycle.frameworks.find((f) => f.code === framework);
    if (!cycleFramework) throw new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `Framework "${framework}" is not assessed in cycle ${year}`);
    const title = `${cycle.title}: overview`;
    const scorecards = await this.scoring.list(year, framework, group, 'name', user);
    // A published cycle's overview is the same for every reader: drawn once (map and heatmap of every state).
    const kept = keptBody(scorecards, levels);
    if (kept) return this.pages.send(request, response, { title }, kept);
    const [detail, groups, contributions, states] = await Promise.all([
      this.catalogue.getFramework(framework, cycleFramework.version),
      this.states.listGroups(),
      this.scoring.contributionsForCycle(year, framework, user),
      this.states.list({}),
    ]);
    const statisticsGroup = group ?? detail.applicabilityGroup;
    const statistics = cycle.status === 'published' || isStaff(user) ? await this.scoring.statistics(year, statisticsGroup, framework, user) : undefined;
    const commitments = detail.commitments.map((c) => ({ code: c.code, label: c.label }));
    const model = {
      title,
      cycle,
      framework,
      frameworkTitle: detail.title,
      frameworks: cycle.frameworks.map((f) => ({ ...f, current: f.code === framework })),
      group: group ?? '',
      groups: groups.map((g) => ({ ...g, current: g.code === group })),
      levels,
      commitments,
      stateCount: scorecards.length,
      withData: scorecards.filter((s) => s.hasData).length,
      views: scorecards.length > 0 ? overviewViews(year, framework, levels, scorecards, contributions, commitments, states) : undefined,
      tierLegend: TIERS,
      statistics,
      tiers: statistics && statistics.statesWithData > 0 ? tiersImage(statistics) : undefined,
      downloads: downloads(year, framework, group),
    };
    this.pages.send(request, response, model, keepBody(scorecards, levels, this.pages.body(request, 'results/overview', model)));
  }

  @Get('results/:year/ranking')
  async ranking(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Query() query: ResultsQuery,
  ): Promise<void> {
    const cycle = await this.cycles.get(year, request.user);
    const { framework, group } = filters(cycle, query);
    const sort = (SCORECARD_SORTS as readonly string[]).includes(query.sort ?? '') ? (query.sort as ScorecardSort) : 'verified';
    const [scorecards, groups] = await Promise.all([this.scoring.list(year, framework, group, sort, request.user), this.states.listGroups()]);
    this.pages.render(request, response, 'results/ranking', {
      title: `${cycle.title}: ranking`,
      cycle,
      framework,
      frameworks: cycle.frameworks.map((f) => ({ ...f, current: f.code === framework })),
      group: group ?? '',
      groups: groups.map((g) => ({ ...g, current: g.code === group })),
      sort,
      sorts: SCORECARD_SORTS.map((s) => ({ value: s, current: s === sort })),
      scorecards,
      rankGroup: scorecards[0]?.rankGroup,
      downloads: downloads(year, framework, group),
    });
  }

  @Get('results/:year/states/:iso3')
  async profile(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') rawIso3: string,
  ): Promise<void> {
    const user = request.user;
    const iso3 = rawIso3.toUpperCase();
    if (!/^[A-Z]{3}$/.test(iso3)) throw ApiError.invalidField('iso3', 'iso3 must be an ISO 3166-1 alpha-3 code');
    const cycle = await this.cycles.get(year, user);
    const [state, statuses, history, cycles] = await Promise.all([
      this.states.get(iso3),
      this.assessments.listForState(year, iso3, undefined, user),
      this.scoring.history(iso3, undefined, user),
      this.cycles.list(user),
    ]);
    const comparable = comparableCycles(cycle, cycles);
    const sections = [];
    for (const { code } of cycle.frameworks) {
      const scorecard = await this.scoring.get(year, iso3, code, undefined, user).catch((error: unknown) => {
        // A framework that does not apply to the state (e.g. OSCE for a non-participant) has no scorecard.
        if (error instanceof ApiError && error.getStatus() === 404) return undefined;
        throw error;
      });
      if (!scorecard) continue;
      const withEvidence = statuses.filter((s) => s.framework === code && s.assessment && s.assessment.evidence.total > 0);
      const evidence = new Map(
        await Promise.all(withEvidence.map(async (s) => [s.commitment, await this.links.list(s.assessment!.id, user)] as const)),
      );
      const series = trendSeries(history.filter((h) => h.framework === code), comparable);
      sections.push({
        scorecard,
        // The trend figure counts only when its baseline is a comparable cycle (published, same kind of data).
        trendValue: scorecard.previousCycleYear !== null && comparable.includes(scorecard.previousCycleYear) ? scorecard.trend : null,
        subIndices: scorecard.hasData && scorecard.categories.length > 0 ? subIndicesImage(scorecard) : undefined,
        trend: series.filter((p) => p.verifiedIndex !== null).length > 1 ? trendImage(series, code, iso3) : undefined,
        trendRows: series,
        commitments: scorecard.contributions.map((c) => {
          const status = statuses.find((s) => s.framework === code && s.commitment === c.commitment);
          const links = evidence.get(c.commitment) ?? [];
          return {
            ...c,
            anchor: commitmentAnchor(code, c.commitment),
            status: status?.status,
            said: status?.assessment,
            evidence: links.filter((l) => l.stance !== 'contradicts'),
            contradicting: links.filter((l) => l.stance === 'contradicts'),
          };
        }),
        reportPdf: `/api/cycles/${year}/report.pdf?state=${iso3}&framework=${code}`,
        reportHtml: `/api/cycles/${year}/report.html?state=${iso3}&framework=${code}`,
      });
    }
    this.pages.render(request, response, 'results/state', {
      title: `${state.name}: ${cycle.title}`,
      cycle,
      state,
      sections,
      tierLegend: TIERS,
      otherCycles: cycles.filter((c) => c.year !== year && c.status === 'published').map((c) => ({ year: c.year, title: c.title, synthetic: c.synthetic })),
    });
  }
}

/** The framework (default: the cycle's first) and group filters, checked like the API checks them. */
function filters(cycle: CycleDto, query: ResultsQuery): { framework: string; group: string | undefined } {
  const framework = (query.framework || cycle.frameworks[0]?.code || '').toUpperCase();
  const group = query.group ? query.group.toUpperCase() : undefined;
  if (!FRAMEWORK_CODE.test(framework)) throw ApiError.invalidField('framework', 'framework must be a framework code such as GGE');
  if (group !== undefined && !GROUP_CODE.test(group)) throw ApiError.invalidField('group', 'group must be a group code such as OSCE');
  return { framework, group };
}

function downloads(year: number, framework: string, group: string | undefined) {
  const scope = `framework=${encodeURIComponent(framework)}${group ? `&group=${encodeURIComponent(group)}` : ''}`;
  return {
    scope: group ? `${framework}, ${group}` : framework,
    items: [
      { href: `/api/cycles/${year}/report.html?${scope}`, label: 'Report (HTML)' },
      { href: `/api/cycles/${year}/report.pdf?${scope}`, label: 'Report (PDF)' },
      { href: `/api/cycles/${year}/report.xlsx?${scope}`, label: 'Report data (XLSX)' },
      { href: `/api/cycles/${year}/export.csv?${scope}&dataset=scorecards`, label: 'Scorecards (CSV)' },
      { href: `/api/cycles/${year}/export.csv?${scope}&dataset=assessments`, label: 'Assessments (CSV)' },
      { href: `/api/cycles/${year}/export.csv?${scope}&dataset=evidence`, label: 'Evidence (CSV)' },
      { href: `/api/cycles/${year}/export.json?${scope}`, label: 'All open data (JSON)' },
    ],
  };
}

import { Controller, Get, Param, ParseIntPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/roles.decorator';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { FRAMEWORK_CODE, GROUP_CODE, IndexStatisticsDto } from '../../scoring/dto/scorecard.dto';
import { ScoringService } from '../../scoring/scoring.service';
import { StatesService } from '../../states/states.service';
import { Pages, WebRequest } from '../render/pages';
import { tiersImage } from '../render/web-charts';
import { WebExceptionFilter } from '../render/web-exception.filter';

const METRICS: Array<{ key: 'verifiedIndex' | 'statedIndex' | 'credibilityGap' | 'completeness' | 'evidenceCoverage' | 'contradictions'; label: string }> = [
  { key: 'verifiedIndex', label: 'Verified index' },
  { key: 'statedIndex', label: 'Stated index' },
  { key: 'credibilityGap', label: 'Credibility gap' },
  { key: 'completeness', label: 'Completeness (%)' },
  { key: 'evidenceCoverage', label: 'Evidence coverage (%)' },
  { key: 'contradictions', label: 'Accepted contradicting evidence' },
];

/** A state's scorecard beside its group's statistics (staff: the statistics of unpublished cycles are theirs only). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('reviewer', 'admin')
@Controller('review/compare')
export class CompareController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly scoring: ScoringService,
    private readonly states: StatesService,
    private readonly pages: Pages,
  ) {}

  @Get(':year/:iso3')
  async compare(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') rawIso3: string,
    @Query() query: Record<string, string>,
  ): Promise<void> {
    const user = request.user!;
    const iso3 = rawIso3.toUpperCase();
    const cycle = await this.cycles.get(year, user);
    const framework = (query.framework || cycle.frameworks[0]?.code || '').toUpperCase();
    const requestedGroup = query.group ? query.group.toUpperCase() : undefined;
    if (!FRAMEWORK_CODE.test(framework)) throw ApiError.invalidField('framework', 'framework must be a framework code such as GGE');
    if (requestedGroup !== undefined && !GROUP_CODE.test(requestedGroup)) throw ApiError.invalidField('group', 'group must be a group code such as OSCE');
    const [state, groups] = await Promise.all([this.states.get(iso3), this.states.listGroups()]);
    const scorecard = await this.scoring.get(year, iso3, framework, requestedGroup, user);
    const group = requestedGroup ?? scorecard.rankGroup;
    const statistics = await this.scoring.statistics(year, group, framework, user);
    const own = new Set(state.groups);
    this.pages.render(request, response, 'review/compare', {
      title: `${state.name} compared with ${group}`,
      cycle,
      state,
      framework,
      frameworks: cycle.frameworks.map((f) => ({ ...f, current: f.code === framework })),
      group,
      groups: groups.filter((g) => own.has(g.code)).map((g) => ({ ...g, current: g.code === group })),
      scorecard,
      statistics,
      rows: METRICS.map(({ key, label }) => ({ label, value: scorecard[key], ...(statistics[key] as IndexStatisticsDto) })),
      tiers: statistics.statesWithData > 0 ? tiersImage(statistics) : undefined,
    });
  }
}

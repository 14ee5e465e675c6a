import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { FRAMEWORK_CODE, GROUP_CODE } from '../../scoring/dto/scorecard.dto';
import { ScoringService } from '../../scoring/scoring.service';
import { StatesService } from '../../states/states.service';
import { comparison } from '../render/comparison';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

export const MAX_COMPARED = 5;

interface CompareQuery {
  year?: string;
  framework?: string;
  group?: string;
  s?: string | string[];
}

/** Two to five states, or states against a group's mean, side by side per index and commitment (published cycles). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller('compare')
export class PublicCompareController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly scoring: ScoringService,
    private readonly states: StatesService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async compare(@Req() request: WebRequest, @Res() response: Response, @Query() query: CompareQuery): Promise<void> {
    const published = (await this.cycles.list(undefined)).filter((c) => c.status === 'published');
    const cycle = query.year ? await this.cycles.get(Number.parseInt(query.year, 10) || 0, undefined) : (published.find((c) => !c.synthetic) ?? published[0]);
    const picked = [...new Set((Array.isArray(query.s) ? query.s : [query.s ?? '']).map((s) => String(s).trim().toUpperCase()).filter(Boolean))];
    if (picked.some((s) => !/^[A-Z]{3}$/.test(s))) throw ApiError.invalidField('s', 's must be ISO 3166-1 alpha-3 codes such as FRA');
    if (picked.length > MAX_COMPARED) throw ApiError.invalidField('s', `compare at most ${MAX_COMPARED} states`);
    const group = query.group ? query.group.toUpperCase() : '';
    if (group && !GROUP_CODE.test(group)) throw ApiError.invalidField('group', 'group must be a group code such as OSCE');
    const framework = (query.framework || cycle?.frameworks[0]?.code || '').toUpperCase();
    if (cycle && !FRAMEWORK_CODE.test(framework)) throw ApiError.invalidField('framework', 'framework must be a framework code such as GGE');

    const [states, groups] = await Promise.all([this.states.list({}), this.states.listGroups()]);
    const ready = cycle && (picked.length >= 2 || (picked.length >= 1 && group));
    const result = ready ? await comparison(this.scoring, this.states, cycle, framework, picked, group || undefined) : undefined;
    const slots = Array.from({ length: MAX_COMPARED }, (_, i) => ({
      n: i + 1,
      options: states.map((s) => ({ iso3: s.iso3, name: s.name, current: s.iso3 === picked[i] })),
    }));
    this.pages.render(request, response, 'compare', {
      title: result ? `Compare: ${result.columns.map((c) => c.name).join(', ')}` : 'Compare states',
      cycle,
      cycles: published.map((c) => ({ ...c, current: c.year === cycle?.year })),
      frameworks: (cycle?.frameworks ?? []).map((f) => ({ ...f, current: f.code === framework })),
      framework,
      groups: groups.map((g) => ({ ...g, current: g.code === group })),
      group,
      slots,
      result,
      needMore: !ready && picked.length > 0,
    });
  }
}

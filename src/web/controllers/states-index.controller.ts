import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleDto } from '../../cycles/dto/cycle.dto';
import { StatesService } from '../../states/states.service';
import { profileHref } from '../render/heatmap-table';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

/** Every state, searchable by name or code with a plain GET form: one match opens its profile at once. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller('find')
export class StatesIndexController {
  constructor(
    private readonly states: StatesService,
    private readonly cycles: CyclesService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async index(@Req() request: WebRequest, @Res() response: Response, @Query('q') rawQuery?: string, @Query('year') rawYear?: string): Promise<void> {
    const q = typeof rawQuery === 'string' ? rawQuery.trim() : '';
    if (q.length > 100) throw ApiError.invalidField('q', 'q must be at most 100 characters');
    const published = (await this.cycles.list(undefined)).filter((c) => c.status === 'published');
    const cycle = chooseCycle(published, rawYear);
    const states = await this.states.list({ search: q || undefined });
    const exact = q ? states.filter((s) => [s.iso3, s.iso2, s.name.toUpperCase()].includes(q.toUpperCase())) : [];
    const only = exact.length === 1 ? exact[0] : states.length === 1 ? states[0] : undefined;
    if (only && cycle) return response.redirect(303, profileHref(cycle.year, only.iso3));
    this.pages.render(request, response, 'states', {
      title: q ? `States matching “${q}”` : 'All states',
      q,
      cycle,
      cycles: published.map((c) => ({ ...c, current: c.year === cycle?.year })),
      states: states.map((s) => ({ ...s, href: cycle ? profileHref(cycle.year, s.iso3) : undefined })),
    });
  }
}

/** The asked cycle, else the latest published real cycle, else the latest synthetic one. */
function chooseCycle(published: CycleDto[], rawYear: string | undefined): CycleDto | undefined {
  const asked = rawYear ? published.find((c) => String(c.year) === rawYear) : undefined;
  return asked ?? published.find((c) => !c.synthetic) ?? published[0];
}

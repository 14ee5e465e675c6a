import { Controller, Get, Param, ParseIntPipe, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { CyclesService } from '../../cycles/cycles.service';
import { ReportsService } from '../../reports/reports.service';
import { downloadList, humanSize } from '../render/download-list';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

/** A cycle's reports and open data on one page, with size and SHA-256 where the file is stored or recorded. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller('results/:year/downloads')
export class DownloadsController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly reports: ReportsService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: Response, @Param('year', ParseIntPipe) year: number): Promise<void> {
    const cycle = await this.cycles.get(year, request.user);
    // A cycle published before stored artifacts existed has none: its files are drawn on request.
    const artifacts = cycle.status === 'published' ? await this.reports.artifacts(year).catch(() => []) : [];
    const groups = downloadList(
      year,
      cycle.frameworks.map((f) => f.code),
      artifacts,
    ).map((g) => ({ ...g, items: g.items.map((i) => ({ ...i, size: humanSize(i.sizeBytes) })) }));
    this.pages.render(request, response, 'results/downloads', {
      title: `${cycle.title}: downloads`,
      cycle,
      framework: cycle.frameworks[0]?.code,
      groups,
      anyUnknown: groups.some((g) => g.items.some((i) => i.sha256 === null)),
    });
  }
}

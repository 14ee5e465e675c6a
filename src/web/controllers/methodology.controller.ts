import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { CyclesService } from '../../cycles/cycles.service';
import { TIERS } from '../../scoring/entities/methodology.entity';
import { MethodologyService } from '../../scoring/methodology.service';
import { renderDocument } from '../render/markdown';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

// Read once: the document ships with the code and changes only with a release.
const DOCUMENT = renderDocument('METHODOLOGY.md');

/** docs/METHODOLOGY.md as a page, with the numbers of the methodology version in force. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Public()
@Controller('methodology')
export class MethodologyPageController {
  constructor(
    private readonly methodologies: MethodologyService,
    private readonly cycles: CyclesService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    // The public sees published cycles only, and so only their years beside each version.
    const [versions, cycles] = await Promise.all([this.methodologies.list(), this.cycles.list(undefined)]);
    const published = cycles.filter((c) => c.status === 'published');
    // In force: the version of the latest published real cycle, else the newest version.
    const latestReal = published.find((c) => !c.synthetic);
    const active = versions.find((v) => v.version === latestReal?.methodologyVersion) ?? versions[versions.length - 1];
    const t = active.tierThresholds;
    const bounds = [t.advanced, t.established, t.developing, t.initial, 0];
    this.pages.render(request, response, 'methodology', {
      title: DOCUMENT.title,
      document: DOCUMENT.html,
      active,
      tiers: TIERS.map((tier, i) => ({ tier, from: bounds[i], below: i === 0 ? null : bounds[i - 1] })),
      weights: active.weights.filter((w) => w.weight !== 1),
      versions: versions.map((v) => ({
        ...v,
        current: v.version === active.version,
        cycles: published
          .filter((c) => c.methodologyVersion === v.version)
          .sort((a, b) => a.year - b.year)
          .map((c) => `${c.year}${c.synthetic ? ' (synthetic)' : ''}`),
      })),
    });
  }
}

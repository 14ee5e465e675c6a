import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/roles.decorator';
import { CatalogueService } from '../../catalogue/catalogue.service';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { CreateCycleDto, CycleStatusChangeDto } from '../../cycles/dto/cycle.dto';
import { CreateMethodologyDto, SetCycleMethodologyDto } from '../../scoring/dto/methodology.dto';
import { MethodologyService } from '../../scoring/methodology.service';
import { CreateErratumDto } from '../../publication/dto/publication.dto';
import { PublicationVersionsService } from '../../publication/publication-versions.service';
import { FormProblem, formProblem, validated } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

type Form = Record<string, string | string[] | undefined>;

/** What a cycle can become next, as buttons (the service holds the rule and refuses anything else). */
const NEXT: Record<string, Array<{ status: string; label: string; final?: boolean }>> = {
  open: [{ status: 'in_review', label: 'Close self-assessment and start the review' }],
  in_review: [
    { status: 'open', label: 'Reopen for self-assessment' },
    { status: 'published', label: 'Publish', final: true },
  ],
  published: [],
};

/** Cycles (open, copy forward, review, publish), methodology versions and the catalogue. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('admin')
@Controller('admin')
export class AdminCyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly methodologies: MethodologyService,
    private readonly catalogue: CatalogueService,
    private readonly publications: PublicationVersionsService,
    private readonly pages: Pages,
  ) {}

  @Get('cycles')
  async list(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    await this.showCycles(request, response);
  }

  @Post('cycles')
  async create(@Req() request: WebRequest, @Res() response: Response, @Body() form: Form): Promise<void> {
    try {
      const frameworks = list(form.frameworks);
      const input = await validated(CreateCycleDto, {
        year: integerOrText(form.year),
        title: text(form.title) || undefined,
        copyFromYear: text(form.copyFromYear) ? integerOrText(form.copyFromYear) : undefined,
        frameworks: frameworks.length > 0 ? frameworks : undefined,
      });
      await this.cycles.create(input, request.user!);
      this.pages.redirect(response, '/admin/cycles', 'cycle_opened');
    } catch (error) {
      await this.showCycles(request, response, { form: 'create', problem: formProblem(error, request), values: form });
    }
  }

  @Post('cycles/:year/status')
  async status(@Req() request: WebRequest, @Res() response: Response, @Param('year', ParseIntPipe) year: number, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(CycleStatusChangeDto, { status: text(form.status), version: Number(form.version) });
      // Publishing cannot be undone: the form asks for an explicit confirmation.
      if (input.status === 'published' && text(form.confirm) !== 'yes') {
        throw ApiError.invalidField('confirm', 'tick the box to confirm: a published cycle can never change again');
      }
      await this.cycles.changeStatus(year, input, request.user!);
      this.pages.redirect(response, '/admin/cycles', input.status === 'published' ? 'cycle_published' : 'cycle_status');
    } catch (error) {
      await this.showCycles(request, response, { form: `status-${year}`, problem: formProblem(error, request), values: form });
    }
  }

  /** An erratum: a new publication version of a published cycle, with a public note (audited). */
  @Post('cycles/:year/errata')
  async erratum(@Req() request: WebRequest, @Res() response: Response, @Param('year', ParseIntPipe) year: number, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(CreateErratumDto, { note: text(form.note) });
      await this.publications.addErratum(year, input, request.user!);
      this.pages.redirect(response, '/admin/cycles', 'erratum_published');
    } catch (error) {
      await this.showCycles(request, response, { form: `erratum-${year}`, problem: formProblem(error, request), values: form });
    }
  }

  @Post('cycles/:year/methodology')
  async methodology(@Req() request: WebRequest, @Res() response: Response, @Param('year', ParseIntPipe) year: number, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(SetCycleMethodologyDto, { version: text(form.version) });
      await this.methodologies.setForCycle(year, input.version, request.user!);
      this.pages.redirect(response, '/admin/cycles', 'methodology_set');
    } catch (error) {
      await this.showCycles(request, response, { form: `methodology-${year}`, problem: formProblem(error, request), values: form });
    }
  }

  @Get('methodologies')
  async methodologyList(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    await this.showMethodologies(request, response);
  }

  @Post('methodologies')
  async createMethodology(@Req() request: WebRequest, @Res() response: Response, @Body() form: Form): Promise<void> {
    try {
      const tiers = ['advanced', 'established', 'developing', 'initial'].map((key) => text(form[key]));
      const input = await validated(CreateMethodologyDto, {
        version: text(form.version),
        title: text(form.title),
        description: text(form.description) || undefined,
        basedOn: text(form.basedOn) || undefined,
        evidenceThreshold: text(form.evidenceThreshold) ? integerOrText(form.evidenceThreshold) : undefined,
        tierThresholds: tiers.some(Boolean)
          ? { advanced: numberOrText(tiers[0]), established: numberOrText(tiers[1]), developing: numberOrText(tiers[2]), initial: numberOrText(tiers[3]) }
          : undefined,
      });
      await this.methodologies.create(input, request.user!);
      this.pages.redirect(response, '/admin/methodologies', 'methodology_created');
    } catch (error) {
      await this.showMethodologies(request, response, formProblem(error, request), form);
    }
  }

  @Get('catalogue')
  async catalogueList(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const frameworks = await this.catalogue.listFrameworks(true);
    this.pages.render(request, response, 'admin/catalogue', { title: 'Catalogue versions', frameworks });
  }

  private async showCycles(request: WebRequest, response: Response, failed?: { form: string; problem: FormProblem; values: Form }): Promise<void> {
    const [cycles, methodologies, frameworks] = await Promise.all([
      this.cycles.list(request.user),
      this.methodologies.list(),
      this.catalogue.listFrameworks(false),
    ]);
    // Published cycles show their publication versions and how far the stored artifacts are.
    const versions = new Map(
      await Promise.all(cycles.filter((c) => c.status === 'published').map(async (c) => [c.year, await this.publications.list(c.year)] as const)),
    );
    const values = failed?.form === 'create' ? failed.values : { year: String(nextYear(cycles.map((c) => c.year))) };
    const chosen = failed?.form === 'create' ? list(values.frameworks) : frameworks.map((f) => f.code);
    this.pages.render(
      request,
      response,
      'admin/cycles',
      {
        title: 'Reporting cycles',
        cycles: cycles.map((cycle) => ({
          ...cycle,
          next: NEXT[cycle.status],
          methodologies: methodologies.map((m) => ({ version: m.version, title: m.title, selected: m.version === cycle.methodologyVersion })),
          statusProblem: failed?.form === `status-${cycle.year}` ? failed.problem : undefined,
          methodologyProblem: failed?.form === `methodology-${cycle.year}` ? failed.problem : undefined,
          publications: versions.get(cycle.year)?.map((p) => ({ ...p, done: p.artifactsStored === p.artifactsExpected })),
          erratumProblem: failed?.form === `erratum-${cycle.year}` ? failed.problem : undefined,
          erratumNote: failed?.form === `erratum-${cycle.year}` ? text(failed.values.note) : '',
        })),
        create: {
          values,
          frameworks: frameworks.map((f) => ({ code: f.code, title: f.title, version: f.version, checked: chosen.includes(f.code) })),
          sources: cycles.map((c) => ({ year: c.year, selected: String(c.year) === text(values.copyFromYear) })),
          problem: failed?.form === 'create' ? failed.problem : undefined,
          errors: failed?.form === 'create' ? failed.problem.fields : {},
        },
        problem: failed?.problem,
      },
      failed?.problem.status ?? 200,
    );
  }

  private async showMethodologies(request: WebRequest, response: Response, problem?: FormProblem, form: Form = {}): Promise<void> {
    const methodologies = await this.methodologies.list();
    this.pages.render(
      request,
      response,
      'admin/methodologies',
      {
        title: 'Methodology versions',
        methodologies,
        form,
        bases: methodologies.map((m) => ({ version: m.version, selected: m.version === text(form.basedOn) })),
        problem,
        errors: problem?.fields ?? {},
      },
      problem?.status ?? 200,
    );
  }
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

function list(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value ? [value] : []).filter((v) => typeof v === 'string' && v !== '');
}

/** Numbers as numbers; anything else as typed, so the DTO's message names the problem. */
function integerOrText(value: string | string[] | undefined): number | string {
  const raw = text(value);
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

function numberOrText(raw: string): number | string {
  return raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

function nextYear(years: number[]): number {
  return years.length > 0 ? Math.max(...years) + 1 : new Date().getUTCFullYear();
}

import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/roles.decorator';
import { ReportTextInputDto } from '../../reports/dto/report-text.dto';
import { ReportTextService } from '../../reports/report-text.service';
import { FormProblem, formProblem, validated } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

type Form = Record<string, string | string[] | undefined>;

/** The report author's page: the foreword and key findings of a cycle's annual report, until publication. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('admin')
@Controller('admin/cycles/:year/report-text')
export class AdminReportTextController {
  constructor(
    private readonly texts: ReportTextService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async show(@Req() request: WebRequest, @Res() response: Response, @Param('year', ParseIntPipe) year: number): Promise<void> {
    await this.render(request, response, year);
  }

  @Post()
  async save(@Req() request: WebRequest, @Res() response: Response, @Param('year', ParseIntPipe) year: number, @Body() form: Form): Promise<void> {
    try {
      const input = await validated(ReportTextInputDto, { foreword: text(form.foreword), keyFindings: text(form.keyFindings), version: Number(form.version) });
      await this.texts.put(year, input, request.user!);
      this.pages.redirect(response, `/admin/cycles/${year}/report-text`, 'saved');
    } catch (error) {
      await this.render(request, response, year, formProblem(error, request), form);
    }
  }

  private async render(request: WebRequest, response: Response, year: number, problem?: FormProblem, form?: Form): Promise<void> {
    const current = await this.texts.get(year, request.user);
    const cycle = { year, status: (await this.texts.cycleStatus(year, request.user)) };
    this.pages.render(
      request,
      response,
      'admin/report-text',
      {
        title: `Report text ${year}`,
        cycle,
        frozen: cycle.status === 'published',
        values: form ? { foreword: text(form.foreword), keyFindings: text(form.keyFindings), version: current.version } : current,
        problem,
        errors: problem?.fields ?? {},
      },
      problem?.status ?? 200,
    );
  }
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

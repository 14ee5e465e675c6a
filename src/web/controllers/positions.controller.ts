import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { CommitmentStatusDto } from '../../assessments/dto/assessment.dto';
import { StatedPositionDto } from '../../assessments/dto/assessment-write.dto';
import { STATEMENT_SOURCES } from '../../assessments/entities/assessment.entity';
import { Roles } from '../../auth/roles.decorator';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { FormProblem, formProblem, validated } from '../render/form-problems';
import { FrameworkContexts } from '../render/framework-context';
import { Pages, WebRequest } from '../render/pages';
import { label, LEVEL_LABELS } from '../render/view-helpers';
import { WebExceptionFilter } from '../render/web-exception.filter';

/** Where a reviewer's record of what a state said comes from: anything but the state's own self-assessment. */
const PUBLIC_SOURCES = STATEMENT_SOURCES.filter((s) => s !== 'self_assessment');

type Form = Record<string, string | undefined>;

/**
 * Reviewers record what a state has said in public (UN submissions, OSCE CBM reports, statements) where the state
 * has not self-assessed: one form per commitment. A state's own self-assessment is shown, never replaced.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('reviewer')
@Controller('review/positions')
export class PositionsController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assessments: AssessmentsService,
    private readonly contexts: FrameworkContexts,
    private readonly pages: Pages,
  ) {}

  /** Choose the cycle, state and framework; the form's answer leads to the page for them. */
  @Get()
  async choose(@Req() request: WebRequest, @Res() response: Response, @Query() query: Record<string, string>): Promise<void> {
    const cycles = (await this.cycles.list(request.user)).filter((c) => c.status !== 'published');
    if (query.cycle && query.state && query.framework) {
      const state = query.state.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(state)) throw ApiError.invalidField('state', 'must be an ISO alpha-3 code such as FRA');
      return response.redirect(303, `/review/positions/${Number(query.cycle)}/${state}/${encodeURIComponent(query.framework.toUpperCase())}`);
    }
    this.pages.render(request, response, 'review/positions-choose', {
      title: 'Record a state’s position',
      cycles,
      frameworks: [...new Set(cycles.flatMap((c) => c.frameworks.map((f) => f.code)))],
    });
  }

  @Get(':year/:iso3/:framework')
  async page(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Param('framework') framework: string,
  ): Promise<void> {
    await this.show(request, response, year, iso3, framework);
  }

  @Post(':year/:iso3/:framework/:commitment')
  async save(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Param('framework') framework: string,
    @Param('commitment') commitment: string,
    @Body() form: Form,
  ): Promise<void> {
    const key = `${framework.toUpperCase()}:${commitment}`;
    try {
      const notApplicable = form.notApplicable === 'on';
      const position = await validated(StatedPositionDto, {
        version: form.version ? Number(form.version) : undefined,
        statedLevel: notApplicable || !form.statedLevel ? null : Number(form.statedLevel),
        notApplicable,
        notApplicableJustification: notApplicable ? (form.notApplicableJustification ?? '') : null,
        narrative: form.narrative ?? '',
        source: form.source ?? '',
        sourceReference: form.sourceReference ?? '',
      });
      if (position.source === 'self_assessment') throw ApiError.invalidField('source', 'a reviewer records public statements, not self-assessments');
      await this.assessments.recordPosition(year, iso3, key, position, request.user!);
      this.pages.redirect(response, `/review/positions/${year}/${iso3.toUpperCase()}/${framework.toUpperCase()}#${anchorOf(key)}`, 'saved');
    } catch (error) {
      await this.show(request, response, year, iso3, framework, { key, problem: formProblem(error, request), values: form });
    }
  }

  private async show(
    request: WebRequest,
    response: Response,
    year: number,
    rawIso3: string,
    rawFramework: string,
    failed?: { key: string; problem: FormProblem; values: Form },
  ): Promise<void> {
    const { cycle, state, framework, statuses } = await this.contexts.load(year, rawIso3, rawFramework, request.user!);
    const rows = statuses.map((s) => rowOf(s, cycle.status !== 'published', failed?.key === s.commitmentKey ? failed : undefined, framework.commitments));
    this.pages.render(
      request,
      response,
      'review/positions',
      { title: `Positions of ${state.name}: ${framework.title}`, cycle, state, framework, rows, action: `/review/positions/${year}/${state.iso3}/${framework.code}` },
      failed?.problem.status ?? 200,
    );
  }
}

function rowOf(
  status: CommitmentStatusDto,
  writable: boolean,
  failed: { problem: FormProblem; values: Form } | undefined,
  commitments: Array<{ code: string; text?: string }>,
) {
  const a = status.assessment;
  const selfAssessed = a?.statedBy === 'state_official';
  const values: Form = failed?.values ?? {
    version: a ? String(a.version) : '',
    statedLevel: a?.statedLevel === null || a?.statedLevel === undefined ? '' : String(a.statedLevel),
    notApplicable: a?.notApplicable ? 'on' : '',
    notApplicableJustification: a?.notApplicableJustification ?? '',
    narrative: a?.narrative ?? '',
    source: a?.source && a.source !== 'self_assessment' ? a.source : 'public_statement',
    sourceReference: a?.sourceReference ?? '',
  };
  return {
    key: status.commitmentKey,
    anchor: anchorOf(status.commitmentKey),
    code: status.commitment,
    label: status.commitmentLabel,
    text: commitments.find((c) => c.code === status.commitment)?.text,
    status: status.status,
    assessment: a,
    selfAssessed,
    editable: writable && !selfAssessed,
    values,
    levels: [{ value: '', label: 'No information', selected: values.statedLevel === '' }].concat(
      LEVEL_LABELS.map((name, level) => ({ value: String(level), label: `${level} – ${name}`, selected: values.statedLevel === String(level) })),
    ),
    sources: PUBLIC_SOURCES.map((value) => ({ value, label: label(value), selected: values.source === value })),
    problem: failed?.problem,
    errors: failed?.problem.fields ?? {},
  };
}

function anchorOf(key: string): string {
  return `c-${key.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { CommentsService } from '../../assessments/comments.service';
import { AssessmentDto, CommitmentStatusDto } from '../../assessments/dto/assessment.dto';
import { StatedPositionDto, TransitionDto } from '../../assessments/dto/assessment-write.dto';
import { CommentDto } from '../../assessments/dto/comment.dto';
import { STATEMENT_SOURCES } from '../../assessments/entities/assessment.entity';
import { ReviewWorkflowService } from '../../assessments/review-workflow.service';
import { AuthUser } from '../../auth/auth-user';
import { Roles } from '../../auth/roles.decorator';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleDto } from '../../cycles/dto/cycle.dto';
import { StatesService } from '../../states/states.service';
import { EvidenceLinkDto } from '../../evidence/dto/evidence-link.dto';
import { EvidenceLinksService } from '../../evidence/evidence-links.service';
import { evidenceField, EvidenceForm, isEvidenceRequested, KIND_OPTIONS } from '../render/evidence-form';
import { FormProblem, formProblem, prefixFields, validated } from '../render/form-problems';
import { FrameworkContext, FrameworkContexts } from '../render/framework-context';
import { Pages, WebRequest } from '../render/pages';
import { label, LEVEL_LABELS } from '../render/view-helpers';
import { WebExceptionFilter } from '../render/web-exception.filter';
import { MultipartForm, removeUploads, uploadedFiles } from '../session/multipart-form';
import { RowInput, rowInputOf, rowInputs } from './self-assessment-form';


/** A state official's self-assessment: one page per framework, one form for every commitment on it. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('state_official')
@Controller('self-assessment')
export class SelfAssessmentController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assessments: AssessmentsService,
    private readonly workflow: ReviewWorkflowService,
    private readonly comments: CommentsService,
    private readonly links: EvidenceLinksService,
    private readonly evidenceForm: EvidenceForm,
    private readonly states: StatesService,
    private readonly contexts: FrameworkContexts,
    private readonly pages: Pages,
  ) {}

  @Get()
  async index(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const user = request.user!;
    const cycles = (await this.cycles.list(user)).filter((c) => c.status !== 'published');
    const states = await Promise.all(user.stateIsos.map((iso3) => this.states.get(iso3)));
    const entries = [];
    for (const cycle of cycles) {
      for (const state of states) {
        const statuses = await this.assessments.listForState(cycle.year, state.iso3, undefined, user);
        const frameworks = [...new Set(statuses.map((s) => s.framework))].map((code) => {
          const own = statuses.filter((s) => s.framework === code);
          return {
            code,
            title: cycle.frameworks.find((f) => f.code === code)?.title ?? code,
            href: `/self-assessment/${cycle.year}/${state.iso3}/${code}`,
            counts: countByStatus(own),
          };
        });
        entries.push({ cycle, state, frameworks });
      }
    }
    this.pages.render(request, response, 'self/index', { title: 'Self-assessment', entries });
  }

  @Get(':year/:iso3/:framework')
  async page(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Param('framework') framework: string,
  ): Promise<void> {
    const context = await this.context(year, iso3, framework, request.user!);
    await this.show(request, response, context, new Map(), new Map());
  }

  @Post(':year/:iso3/:framework')
  @MultipartForm()
  async save(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Param('framework') framework: string,
    @Body() body: Record<string, string>,
  ): Promise<void> {
    const user = request.user!;
    try {
      const context = await this.context(year, iso3, framework, user);
      const inputs = rowInputs(body, uploadedFiles(request));
      const problems = new Map<string, FormProblem>();
      for (const status of context.statuses) {
        const input = inputs.get(status.commitmentKey);
        if (!input) continue;
        const problem = await this.saveRow(request, context, status, input, user);
        if (problem) problems.set(status.commitmentKey, problem);
      }
      const submitting = body.action === 'submit';
      // Nothing is submitted while any commitment failed to save: the official fixes it first.
      if (submitting && problems.size === 0) await this.submitAll(request, year, context.state.iso3, context.framework.code, user, problems);
      if (problems.size > 0) {
        const fresh = await this.context(year, iso3, framework, user);
        const kept = new Map([...inputs].filter(([key]) => problems.has(key)));
        const status = Math.max(...[...problems.values()].map((p) => p.status));
        return await this.show(request, response, fresh, kept, problems, status);
      }
      this.pages.redirect(response, `/self-assessment/${year}/${context.state.iso3}/${context.framework.code}`, submitting ? 'submitted' : 'saved');
    } finally {
      await removeUploads(request);
    }
  }

  private async saveRow(request: WebRequest, context: FrameworkContext, status: CommitmentStatusDto, input: RowInput, user: AuthUser): Promise<FormProblem | undefined> {
    const { cycle, state } = context;
    let assessment: AssessmentDto | null = status.assessment;
    try {
      if (positionEditable(cycle.status, assessment) && positionChanged(assessment, input)) {
        const position = await validated(StatedPositionDto, {
          version: assessment ? Number(input.version) : undefined,
          statedLevel: input.statedLevel === '' ? null : Number(input.statedLevel),
          notApplicable: input.notApplicable,
          notApplicableJustification: input.notApplicable ? input.notApplicableJustification : null,
          narrative: input.narrative,
          source: input.source || 'self_assessment',
          sourceReference: input.sourceReference,
        });
        assessment = await this.assessments.recordPosition(cycle.year, state.iso3, status.commitmentKey, position, user);
      }
    } catch (error) {
      return formProblem(error, request);
    }
    try {
      if (isEvidenceRequested(input.evidence, input.file)) {
        assessment ??= await this.assessments.recordPosition(cycle.year, state.iso3, status.commitmentKey, {}, user);
        await this.evidenceForm.attach(assessment, input.evidence, input.file, user);
      }
    } catch (error) {
      return prefixFields(formProblem(error, request), evidenceField);
    }
    try {
      if (input.reply.trim() !== '') {
        if (!assessment) throw ApiError.invalidField('body', 'there is no assessment to comment on yet: save a level first');
        await this.comments.add(assessment.id, input.reply, user);
      }
    } catch (error) {
      return prefixFields(formProblem(error, request), (field) => (field === 'body' ? 'reply' : field));
    }
    return undefined;
  }

  private async submitAll(request: WebRequest, year: number, iso3: string, framework: string, user: AuthUser, problems: Map<string, FormProblem>): Promise<void> {
    const statuses = await this.assessments.listForState(year, iso3, framework, user);
    for (const { assessment, commitmentKey } of statuses) {
      if (!assessment || assessment.statedBy !== 'state_official' || !['draft', 'changes_requested'].includes(assessment.status)) continue;
      try {
        await this.workflow.transition(assessment.id, await validated(TransitionDto, { action: 'submit', version: assessment.version }), user);
      } catch (error) {
        problems.set(commitmentKey, formProblem(error, request));
      }
    }
  }

  private context(year: number, iso3: string, framework: string, user: AuthUser): Promise<FrameworkContext> {
    return this.contexts.load(year, iso3, framework, user);
  }

  private async show(
    request: WebRequest,
    response: Response,
    context: FrameworkContext,
    kept: Map<string, RowInput>,
    problems: Map<string, FormProblem>,
    status = 200,
  ): Promise<void> {
    const user = request.user!;
    const existing = context.statuses.filter((s) => s.assessment).map((s) => s.assessment!);
    const [evidence, comments] = await Promise.all([
      Promise.all(existing.map(async (a) => [a.id, a.evidence.total > 0 ? await this.links.list(a.id, user) : []] as const)),
      Promise.all(existing.map(async (a) => [a.id, await this.comments.list(a.id, user)] as const)),
    ]);
    const evidenceById = new Map<string, EvidenceLinkDto[]>(evidence);
    const commentsById = new Map<string, CommentDto[]>(comments);
    const writable = context.cycle.status !== 'published';
    const rows = context.statuses.map((s, index) => {
      const a = s.assessment;
      const problem = problems.get(s.commitmentKey);
      const values = kept.get(s.commitmentKey) ?? rowInputOf(a);
      const editable = positionEditable(context.cycle.status, a);
      return {
        index,
        key: s.commitmentKey,
        code: s.commitment,
        label: s.commitmentLabel,
        text: context.framework.commitments.find((c) => c.code === s.commitment)?.text,
        status: s.status,
        assessment: a,
        reviewerRecorded: a?.statedBy === 'reviewer',
        editable,
        values,
        levels: [{ value: '', label: 'No information', selected: values.statedLevel === '' }].concat(
          LEVEL_LABELS.map((name, level) => ({ value: String(level), label: `${level} – ${name}`, selected: values.statedLevel === String(level) })),
        ),
        sources: STATEMENT_SOURCES.map((value) => ({ value, label: label(value), selected: (values.source || 'self_assessment') === value })),
        kinds: KIND_OPTIONS.map((k) => ({ ...k, selected: (values.evidence.kind || 'official_statement') === k.value })),
        canAttach: writable && (a !== null || editable),
        canReply: writable && a !== null,
        evidence: a ? (evidenceById.get(a.id) ?? []) : [],
        comments: a ? (commentsById.get(a.id) ?? []) : [],
        problem,
        errors: problem?.fields ?? {},
        // Optional parts stay folded unless they hold something: typed input, an error, or comments to answer.
        evidenceOpen: Boolean(values.evidence.title || values.evidence.url || Object.keys(problem?.fields ?? {}).some((f) => f.startsWith('evidence'))),
        replyOpen: Boolean(values.reply || problem?.fields.reply || (a && commentsById.get(a.id)?.length)),
      };
    });
    const failing = rows.filter((r) => r.problem);
    this.pages.render(
      request,
      response,
      'self/framework',
      {
        title: `${context.state.name}: ${context.framework.title}`,
        cycle: context.cycle,
        state: context.state,
        framework: context.framework,
        rows,
        counts: countByStatus(context.statuses),
        editableCount: rows.filter((r) => r.editable).length,
        writable,
        action: `/self-assessment/${context.cycle.year}/${context.state.iso3}/${context.framework.code}`,
        problem: failing.length > 0 ? { message: `${failing.length} ${failing.length === 1 ? 'commitment needs' : 'commitments need'} attention; the others were saved.` } : undefined,
        problemList: failing.map((r) => ({ href: `#c-${r.index}`, text: `${r.code}: ${r.problem!.message}` })),
      },
      status,
    );
  }
}

/** Whether the official may (re)write the stated position; the service enforces the same rule. */
function positionEditable(cycleStatus: CycleDto['status'], assessment: AssessmentDto | null): boolean {
  if (cycleStatus === 'published') return false;
  if (!assessment || assessment.statedBy === 'reviewer') return cycleStatus === 'open';
  if (assessment.status === 'changes_requested') return true;
  return cycleStatus === 'open' && assessment.status === 'draft';
}

function positionChanged(assessment: AssessmentDto | null, input: RowInput): boolean {
  const current = rowInputOf(assessment);
  const keys = ['statedLevel', 'notApplicable', 'notApplicableJustification', 'narrative', 'sourceReference'] as const;
  const norm = (value: string | boolean) => (typeof value === 'string' ? value.trim() : value);
  return keys.some((key) => norm(current[key]) !== norm(input[key])) || (current.source || 'self_assessment') !== (input.source || 'self_assessment');
}

function countByStatus(statuses: CommitmentStatusDto[]): Array<{ status: string; label: string; count: number }> {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => ({ status, label: label(status), count }));
}

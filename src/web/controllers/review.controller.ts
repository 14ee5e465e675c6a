import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssessmentListService } from '../../assessments/assessment-list.service';
import { AssessmentsService } from '../../assessments/assessments.service';
import { CommentsService } from '../../assessments/comments.service';
import { AssessmentListQueryDto } from '../../assessments/dto/assessment-query.dto';
import { ReviewDto, TransitionDto } from '../../assessments/dto/assessment-write.dto';
import { ASSESSMENT_STATUSES } from '../../assessments/entities/assessment.entity';
import { ReviewWorkflowService } from '../../assessments/review-workflow.service';
import { Roles } from '../../auth/roles.decorator';
import { CyclesService } from '../../cycles/cycles.service';
import { JudgeEvidenceLinkDto } from '../../evidence/dto/evidence-link.dto';
import { EvidenceLinksService } from '../../evidence/evidence-links.service';
import { evidenceField, EvidenceForm, EvidenceInput, KIND_OPTIONS, STANCE_OPTIONS, VISIBILITY_OPTIONS, visibilityOf } from '../render/evidence-form';
import { FormProblem, formProblem, prefixFields, validated } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { label, LEVEL_LABELS } from '../render/view-helpers';
import { WebExceptionFilter } from '../render/web-exception.filter';
import { MultipartForm, removeUploads, uploadedFiles } from '../session/multipart-form';

interface ReviewForm {
  version?: string;
  reviewedLevel?: string;
  rationale?: string;
  comment?: string;
  decision?: string;
}

/** Which form of the review page failed, with what was typed, so the page shows it again beside its fields. */
interface FormState {
  form: 'review' | 'evidence' | 'comment' | `judge-${string}`;
  problem: FormProblem;
  values: Record<string, unknown>;
}

/** Reviewers: the queue, the review page (claim, evidence, reviewed level, decision, thread). Admins may look. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('reviewer', 'admin')
@Controller('review')
export class ReviewController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly lists: AssessmentListService,
    private readonly assessments: AssessmentsService,
    private readonly workflow: ReviewWorkflowService,
    private readonly comments: CommentsService,
    private readonly links: EvidenceLinksService,
    private readonly evidenceForm: EvidenceForm,
    private readonly pages: Pages,
  ) {}

  @Get()
  async queue(@Req() request: WebRequest, @Res() response: Response, @Query() query: Record<string, string>): Promise<void> {
    const user = request.user!;
    const cycles = await this.cycles.list(user);
    const current = cycles.find((c) => String(c.year) === query.cycle) ?? cycles.find((c) => c.status !== 'published') ?? cycles[0];
    const status = query.status === 'all' ? undefined : ((ASSESSMENT_STATUSES as readonly string[]).includes(query.status) ? query.status : 'submitted');
    const list = current
      ? await this.lists.list(
          await validated(AssessmentListQueryDto, {
            cycle: current.year,
            status,
            state: query.state || undefined,
            framework: query.framework || undefined,
            sort: 'updated',
            page: Number(query.page) > 0 ? Number(query.page) : 1,
            pageSize: 50,
          }),
          user,
        )
      : undefined;
    this.pages.render(request, response, 'review/queue', {
      title: 'Review queue',
      canRecordPositions: user.role === 'reviewer',
      cycles: cycles.map((c) => ({ ...c, current: c.year === current?.year })),
      cycle: current,
      statuses: [{ value: 'all', label: 'Any status', current: status === undefined }].concat(
        ASSESSMENT_STATUSES.map((s) => ({ value: s, label: label(s), current: s === status })),
      ),
      filter: { state: query.state ?? '', framework: query.framework ?? '' },
      list,
      pages: list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1,
    });
  }

  @Get('assessments/:id')
  async page(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.show(request, response, id);
  }

  @Post('assessments/:id/review')
  async review(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string, @Body() form: ReviewForm): Promise<void> {
    const user = request.user!;
    const decision = form.decision === 'accept' || form.decision === 'request_changes' ? form.decision : 'save';
    try {
      let version = Number(form.version);
      const levelGiven = (form.reviewedLevel ?? '') !== '' || (form.rationale ?? '').trim() !== '';
      if (decision !== 'request_changes' || levelGiven) {
        const review = await validated(ReviewDto, { version, reviewedLevel: numberOrText(form.reviewedLevel), rationale: form.rationale ?? '' });
        version = (await this.workflow.review(id, review, user)).version;
      }
      if (decision !== 'save') {
        const comment = decision === 'request_changes' ? form.comment : undefined;
        await this.workflow.transition(id, await validated(TransitionDto, { action: decision, version, comment: comment?.trim() ? comment : undefined }), user);
      }
      this.pages.redirect(response, `/review/assessments/${id}`, decision === 'save' ? 'reviewed' : decision === 'accept' ? 'accepted' : 'changes_requested');
    } catch (error) {
      await this.show(request, response, id, { form: 'review', problem: formProblem(error, request), values: { ...form } });
    }
  }

  @Post('assessments/:id/evidence')
  @MultipartForm()
  async addEvidence(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: Record<string, string>): Promise<void> {
    const input: EvidenceInput = {
      title: body.title ?? '',
      url: body.url ?? '',
      kind: body.kind ?? '',
      stance: body.stance ?? '',
      visibility: visibilityOf(body.visibility, 'public'),
    };
    try {
      const file = uploadedFiles(request).find((f) => f.fieldname === 'file' && f.originalname !== '');
      const assessment = await this.assessments.getById(id, request.user);
      await this.evidenceForm.attach(assessment, input, file, request.user!);
      this.pages.redirect(response, `/review/assessments/${id}#evidence`, 'evidence_added');
    } catch (error) {
      const problem = prefixFields(formProblem(error, request), evidenceField);
      await this.show(request, response, id, { form: 'evidence', problem, values: { ...input } });
    } finally {
      await removeUploads(request);
    }
  }

  @Post('assessments/:id/evidence/:linkId')
  async judge(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('linkId', new ParseUUIDPipe()) linkId: string,
    @Body() body: Record<string, string>,
  ): Promise<void> {
    try {
      const judgement = await validated(JudgeEvidenceLinkDto, {
        version: Number(body.version),
        judgement: body.judgement,
        rejectionReason: body.judgement === 'rejected' ? (body.rejectionReason ?? '') : null,
      });
      await this.links.judge(id, linkId, judgement, request.user!);
      this.pages.redirect(response, `/review/assessments/${id}#evidence`, 'evidence_judged');
    } catch (error) {
      await this.show(request, response, id, { form: `judge-${linkId}`, problem: formProblem(error, request), values: { ...body } });
    }
  }

  @Post('assessments/:id/comments')
  async comment(@Req() request: WebRequest, @Res() response: Response, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: Record<string, string>): Promise<void> {
    try {
      await this.comments.add(id, body.body ?? '', request.user!);
      this.pages.redirect(response, `/review/assessments/${id}#comments`, 'commented');
    } catch (error) {
      await this.show(request, response, id, { form: 'comment', problem: formProblem(error, request), values: { ...body } });
    }
  }

  private async show(request: WebRequest, response: Response, id: string, failed?: FormState): Promise<void> {
    const user = request.user!;
    const assessment = await this.assessments.getById(id, user);
    const [links, comments, cycle] = await Promise.all([
      this.links.list(id, user),
      this.comments.list(id, user),
      this.cycles.get(assessment.cycleYear, user),
    ]);
    const reviewValues = failed?.form === 'review' ? failed.values : { reviewedLevel: assessment.reviewedLevel ?? '', rationale: assessment.reviewRationale ?? '' };
    const evidenceValues = failed?.form === 'evidence' ? failed.values : { title: '', url: '', kind: 'official_statement', stance: 'supports', visibility: 'public' };
    const canAct = user.role === 'reviewer' && cycle.status !== 'published';
    this.pages.render(
      request,
      response,
      'review/assessment',
      {
        title: `Review: ${assessment.stateIso3} ${assessment.commitmentKey}`,
        assessment,
        cycle,
        canAct,
        links: links.map((link) => ({
          ...link,
          failed: failed?.form === `judge-${link.id}` ? failed.problem : undefined,
          reason: failed?.form === `judge-${link.id}` ? failed.values.rejectionReason : '',
        })),
        comments,
        review: {
          values: reviewValues,
          levels: LEVEL_LABELS.map((name, level) => ({ value: level, label: `${level} – ${name}`, selected: String(reviewValues.reviewedLevel) === String(level) })),
          problem: failed?.form === 'review' ? failed.problem : undefined,
          errors: failed?.form === 'review' ? failed.problem.fields : {},
        },
        evidenceForm: {
          values: evidenceValues,
          kinds: KIND_OPTIONS.map((k) => ({ ...k, selected: k.value === evidenceValues.kind })),
          stances: STANCE_OPTIONS.map((s) => ({ ...s, selected: s.value === evidenceValues.stance })),
          visibilities: VISIBILITY_OPTIONS.map((v) => ({ ...v, selected: v.value === evidenceValues.visibility })),
          problem: failed?.form === 'evidence' ? failed.problem : undefined,
          errors: failed?.form === 'evidence' ? failed.problem.fields : {},
        },
        commentForm: {
          values: failed?.form === 'comment' ? failed.values : { body: '' },
          problem: failed?.form === 'comment' ? failed.problem : undefined,
          errors: failed?.form === 'comment' ? failed.problem.fields : {},
        },
        problem: failed?.problem,
        compareHref: `/review/compare/${assessment.cycleYear}/${assessment.stateIso3}?framework=${assessment.framework}`,
      },
      failed?.problem.status ?? 200,
    );
  }
}

function numberOrText(value: string | undefined): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}


import { Body, Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AssessmentListService } from './assessment-list.service';
import { AssessmentsService } from './assessments.service';
import { CommentsService } from './comments.service';
import { AssessmentListQueryDto, FrameworkFilterDto } from './dto/assessment-query.dto';
import { AssessmentDto, AssessmentPageDto, CommitmentStatusDto, HistoryEntryDto } from './dto/assessment.dto';
import { ReviewDto, StatedPositionDto, TransitionDto } from './dto/assessment-write.dto';
import { CommentDto, CreateCommentDto } from './dto/comment.dto';
import { ReviewWorkflowService } from './review-workflow.service';

const COMMITMENT_PARAM = { name: 'commitment', description: 'framework:code, e.g. GGE:13(f) or OSCE:8', example: 'GGE:13(f)' };

@ApiTags('assessments')
@ApiErrors()
@ApiBearerAuth()
@Controller()
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly lists: AssessmentListService,
    private readonly workflow: ReviewWorkflowService,
    private readonly comments: CommentsService,
  ) {}

  @Get('cycles/:year/states/:iso3/assessments')
  @Public()
  @ApiOperation({ summary: "Every commitment a state is assessed on in a cycle, with its assessment's status (not_started if none)" })
  @ApiOkResponse({ type: [CommitmentStatusDto] })
  listForState(
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Query() query: FrameworkFilterDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<CommitmentStatusDto[]> {
    return this.assessments.listForState(year, iso3.toUpperCase(), query.framework, user);
  }

  @Get('cycles/:year/states/:iso3/assessments/:commitment')
  @Public()
  @ApiParam(COMMITMENT_PARAM)
  @ApiOperation({ summary: 'One assessment, by cycle, state and commitment' })
  @ApiOkResponse({ type: AssessmentDto })
  getByKey(
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Param('commitment') commitment: string,
    @CurrentUser() user?: AuthUser,
  ): Promise<AssessmentDto> {
    return this.assessments.getByKey(year, iso3, commitment, user);
  }

  @Put('cycles/:year/states/:iso3/assessments/:commitment')
  @ApiParam(COMMITMENT_PARAM)
  @ApiOperation({
    summary: "Record the state's stated position (state officials for their own state; reviewers from public statements)",
    description: 'Creates the assessment on first use. To change an existing one, send the version you read (409 otherwise).',
  })
  @ApiOkResponse({ type: AssessmentDto })
  recordPosition(
    @Param('year', ParseIntPipe) year: number,
    @Param('iso3') iso3: string,
    @Param('commitment') commitment: string,
    @Body() body: StatedPositionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AssessmentDto> {
    return this.assessments.recordPosition(year, iso3, commitment, body, user);
  }

  @Get('assessments')
  @Public()
  @ApiOperation({ summary: 'Assessments of a cycle with filters, sorting and pages (the reviewer queue is status=submitted)' })
  @ApiOkResponse({ type: AssessmentPageDto })
  list(@Query() query: AssessmentListQueryDto, @CurrentUser() user?: AuthUser): Promise<AssessmentPageDto> {
    return this.lists.list(query, user);
  }

  @Get('assessments/:id')
  @Public()
  @ApiOperation({ summary: 'One assessment by id' })
  @ApiOkResponse({ type: AssessmentDto })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user?: AuthUser): Promise<AssessmentDto> {
    return this.assessments.getById(id, user);
  }

  @Get('assessments/:id/history')
  @Public()
  @ApiOperation({ summary: 'Every recorded change to the assessment, its evidence links and comments' })
  @ApiOkResponse({ type: [HistoryEntryDto] })
  history(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user?: AuthUser): Promise<HistoryEntryDto[]> {
    return this.assessments.history(id, user);
  }

  @Post('assessments/:id/review')
  @ApiOperation({ summary: "Set the reviewer's level and rationale (reviewers only)" })
  @ApiCreatedResponse({ type: AssessmentDto })
  review(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReviewDto, @CurrentUser() user: AuthUser): Promise<AssessmentDto> {
    return this.workflow.review(id, body, user);
  }

  @Post('assessments/:id/transitions')
  @ApiOperation({ summary: 'Move through the workflow: submit (official), start_review, accept, request_changes, reopen (reviewer)' })
  @ApiCreatedResponse({ type: AssessmentDto })
  transition(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionDto, @CurrentUser() user: AuthUser): Promise<AssessmentDto> {
    return this.workflow.transition(id, body, user);
  }

  @Get('assessments/:id/comments')
  @ApiOperation({ summary: 'The comment thread between reviewers and the state' })
  @ApiOkResponse({ type: [CommentDto] })
  listComments(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<CommentDto[]> {
    return this.comments.list(id, user);
  }

  @Post('assessments/:id/comments')
  @ApiOperation({ summary: 'Add a comment to the thread' })
  @ApiCreatedResponse({ type: CommentDto })
  addComment(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateCommentDto, @CurrentUser() user: AuthUser): Promise<CommentDto> {
    return this.comments.add(id, body.body, user);
  }
}

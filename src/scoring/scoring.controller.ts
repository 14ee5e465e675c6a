import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import {
  CycleGroupParamsDto,
  CycleParamsDto,
  CycleStateParamsDto,
  FrameworkQueryDto,
  GroupStatisticsDto,
  HistoryQueryDto,
  ScorecardDetailDto,
  ScorecardDto,
  ScorecardListQueryDto,
  ScorecardQueryDto,
  StateParamsDto,
} from './dto/scorecard.dto';
import { FrozenJsonInterceptor } from './frozen-json.interceptor';
import { ScoringService } from './scoring.service';

// Public routes: anonymous callers and viewers see published cycles; signed-in officials and staff see more.
@ApiTags('scoring')
@ApiErrors()
@UseInterceptors(FrozenJsonInterceptor)
@Controller()
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  @Get('cycles/:year/scorecards')
  @Public()
  @ApiOperation({ summary: 'Scorecards of every state a framework applies to in a cycle, ranked within a group' })
  @ApiOkResponse({ type: [ScorecardDto] })
  list(@Param() params: CycleParamsDto, @Query() query: ScorecardListQueryDto, @CurrentUser() user?: AuthUser): Promise<ScorecardDto[]> {
    return this.scoring.list(params.year, query.framework, query.group, query.sort ?? 'verified', user);
  }

  @Get('cycles/:year/states/:iso3/scorecard')
  @Public()
  @ApiOperation({ summary: "One state's scorecard with its per-commitment explanation" })
  @ApiOkResponse({ type: ScorecardDetailDto })
  get(@Param() params: CycleStateParamsDto, @Query() query: ScorecardQueryDto, @CurrentUser() user?: AuthUser): Promise<ScorecardDetailDto> {
    return this.scoring.get(params.year, params.iso3, query.framework, query.group, user);
  }

  @Get('cycles/:year/groups/:group/statistics')
  @Public()
  @ApiOperation({ summary: 'Count, mean, median, min and max of each index and the tier distribution of a group' })
  @ApiOkResponse({ type: GroupStatisticsDto })
  statistics(@Param() params: CycleGroupParamsDto, @Query() query: FrameworkQueryDto, @CurrentUser() user?: AuthUser): Promise<GroupStatisticsDto> {
    return this.scoring.statistics(params.year, params.group, query.framework, user);
  }

  @Get('states/:iso3/scorecards')
  @Public()
  @ApiOperation({ summary: "A state's scorecards across cycles, oldest first" })
  @ApiOkResponse({ type: [ScorecardDto] })
  history(@Param() params: StateParamsDto, @Query() query: HistoryQueryDto, @CurrentUser() user?: AuthUser): Promise<ScorecardDto[]> {
    return this.scoring.history(params.iso3, query.framework, user);
  }
}

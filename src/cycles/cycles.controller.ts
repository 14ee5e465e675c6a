import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { CreateCycleDto, CycleCreatedDto, CycleDto, CycleStatusChangeDto } from './dto/cycle.dto';
import { CyclesService } from './cycles.service';

@ApiTags('cycles')
@ApiErrors()
@ApiBearerAuth()
@Controller('cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Reporting cycles (anonymous callers and viewers see published cycles only)' })
  @ApiOkResponse({ type: [CycleDto] })
  list(@CurrentUser() user?: AuthUser): Promise<CycleDto[]> {
    return this.cycles.list(user);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Open a new yearly cycle, optionally copying forward an earlier one (admin)' })
  @ApiCreatedResponse({ type: CycleCreatedDto })
  create(@Body() body: CreateCycleDto, @CurrentUser() actor: AuthUser): Promise<CycleCreatedDto> {
    return this.cycles.create(body, actor);
  }

  @Get(':year')
  @Public()
  @ApiOperation({ summary: 'One cycle' })
  @ApiOkResponse({ type: CycleDto })
  get(@Param('year', ParseIntPipe) year: number, @CurrentUser() user?: AuthUser): Promise<CycleDto> {
    return this.cycles.get(year, user);
  }

  @Post(':year/status')
  @Roles('admin')
  @ApiOperation({ summary: 'Move a cycle open -> in_review -> published (admin). Publishing freezes the cycle for good' })
  @ApiOkResponse({ type: CycleDto })
  changeStatus(
    @Param('year', ParseIntPipe) year: number,
    @Body() body: CycleStatusChangeDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<CycleDto> {
    return this.cycles.changeStatus(year, body, actor);
  }
}

import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import {
  CreateMethodologyDto,
  CycleMethodologyDto,
  MethodologyDto,
  MethodologyParamsDto,
  SetCycleMethodologyDto,
} from './dto/methodology.dto';
import { CycleParamsDto } from './dto/scorecard.dto';
import { MethodologyService } from './methodology.service';

@ApiTags('methodology')
@ApiErrors()
@Controller()
export class MethodologyController {
  constructor(private readonly methodologies: MethodologyService) {}

  @Get('methodologies')
  @Public()
  @ApiOperation({ summary: 'Scoring methodology versions, oldest first' })
  @ApiOkResponse({ type: [MethodologyDto] })
  list(): Promise<MethodologyDto[]> {
    return this.methodologies.list();
  }

  @Get('methodologies/:version')
  @Public()
  @ApiOperation({ summary: 'One methodology version: levels, evidence rule, tier thresholds and weights' })
  @ApiOkResponse({ type: MethodologyDto })
  get(@Param() params: MethodologyParamsDto): Promise<MethodologyDto> {
    return this.methodologies.get(params.version);
  }

  @Post('methodologies')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a methodology version (admin); versions never change afterwards' })
  @ApiCreatedResponse({ type: MethodologyDto })
  create(@Body() body: CreateMethodologyDto, @CurrentUser() actor: AuthUser): Promise<MethodologyDto> {
    return this.methodologies.create(body, actor);
  }

  @Put('cycles/:year/methodology')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Choose the methodology version a cycle is scored with (admin; refused once published)' })
  @ApiOkResponse({ type: CycleMethodologyDto })
  setForCycle(@Param() params: CycleParamsDto, @Body() body: SetCycleMethodologyDto, @CurrentUser() actor: AuthUser): Promise<CycleMethodologyDto> {
    return this.methodologies.setForCycle(params.year, body.version, actor);
  }
}

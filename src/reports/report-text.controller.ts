import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ReportTextDto, ReportTextInputDto } from './dto/report-text.dto';
import { ReportTextService } from './report-text.service';

@ApiTags('reports')
@ApiErrors()
@ApiBearerAuth()
@Controller('cycles/:year/report-text')
export class ReportTextController {
  constructor(private readonly texts: ReportTextService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The annual report's foreword and key findings for a cycle" })
  @ApiOkResponse({ type: ReportTextDto })
  get(@Param('year', ParseIntPipe) year: number, @CurrentUser() user?: AuthUser): Promise<ReportTextDto> {
    return this.texts.get(year, user);
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: 'Write the foreword and key findings (admin, the report author); refused with 409 once the cycle is published' })
  @ApiOkResponse({ type: ReportTextDto })
  put(@Param('year', ParseIntPipe) year: number, @Body() body: ReportTextInputDto, @CurrentUser() actor: AuthUser): Promise<ReportTextDto> {
    return this.texts.put(year, body, actor);
  }
}

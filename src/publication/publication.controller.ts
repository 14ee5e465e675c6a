import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { CreateErratumDto, PublicationDto } from './dto/publication.dto';
import { PublicationVersionsService } from './publication-versions.service';

@ApiTags('cycles')
@ApiErrors()
@ApiBearerAuth()
@Controller('cycles/:year')
export class PublicationController {
  constructor(private readonly versions: PublicationVersionsService) {}

  @Get('publications')
  @Public()
  @ApiOperation({ summary: 'Publication versions of a published cycle (1, then one per erratum) and how many artifacts are stored' })
  @ApiOkResponse({ type: [PublicationDto] })
  list(@Param('year', ParseIntPipe) year: number): Promise<PublicationDto[]> {
    return this.versions.list(year);
  }

  @Post('errata')
  @Roles('admin')
  @ApiOperation({ summary: 'Correct a published cycle (admin): a new publication version with a public note and its own stored artifacts' })
  @ApiCreatedResponse({ type: PublicationDto })
  addErratum(@Param('year', ParseIntPipe) year: number, @Body() body: CreateErratumDto, @CurrentUser() actor: AuthUser): Promise<PublicationDto> {
    return this.versions.addErratum(year, body, actor);
  }
}

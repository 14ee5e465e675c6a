import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { Public } from '../auth/public.decorator';
import { CatalogueService } from './catalogue.service';
import {
  CrosswalkLinkDto,
  CrosswalkQueryDto,
  FrameworkDto,
  FrameworkListQueryDto,
  FrameworkQueryDto,
} from './dto/framework.dto';

@ApiTags('catalogue')
@ApiErrors()
@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('frameworks')
  @Public()
  @ApiOperation({ summary: 'Frameworks (GGE norms, OSCE CBMs...) with their commitments, guidance and practical actions' })
  @ApiOkResponse({ type: [FrameworkDto] })
  listFrameworks(@Query() query: FrameworkListQueryDto): Promise<FrameworkDto[]> {
    return this.catalogue.listFrameworks(query.versions === 'all');
  }

  @Get('frameworks/:code')
  @Public()
  @ApiOperation({ summary: 'One framework, the latest version unless `version` is given' })
  @ApiOkResponse({ type: FrameworkDto })
  getFramework(@Param('code') code: string, @Query() query: FrameworkQueryDto): Promise<FrameworkDto> {
    return this.catalogue.getFramework(code.toUpperCase(), query.version);
  }

  @Get('crosswalk')
  @Public()
  @ApiOperation({ summary: 'Links between commitments of different frameworks (equal / subset / superset / related)' })
  @ApiOkResponse({ type: [CrosswalkLinkDto] })
  crosswalk(@Query() query: CrosswalkQueryDto): Promise<CrosswalkLinkDto[]> {
    return this.catalogue.crosswalk(query.framework);
  }
}

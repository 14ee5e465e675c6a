import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AuditTrailService } from './audit-trail.service';
import { AuditEntryDto, AuditQueryDto } from './dto/audit.dto';

/** Read-only view of the audit trail; there is no route that changes it. */
@ApiTags('audit')
@ApiErrors()
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Roles('admin', 'reviewer', 'state_official')
  @ApiOperation({
    summary: 'The audit trail, newest first, per entity or per state (state officials see entries about their own states only)',
  })
  @ApiOkResponse({ type: [AuditEntryDto] })
  list(@Query() query: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<AuditEntryDto[]> {
    return this.trail.list(query, user);
  }
}

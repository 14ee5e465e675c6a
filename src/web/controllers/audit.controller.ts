import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditTrailService } from '../../audit/audit-trail.service';
import { AuditQueryDto } from '../../audit/dto/audit.dto';
import { isStaff } from '../../auth/auth-user';
import { Roles } from '../../auth/roles.decorator';
import { AuditChainService } from '../../integrity/audit-chain.service';
import { changesOf } from '../render/audit-changes';
import { validated } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';

const PAGE_SIZE = 50;

/** The audit trail as a page: who changed what and when, filtered, newest first; officials see their own states. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('admin', 'reviewer', 'state_official')
@Controller('audit-trail')
export class AuditPageController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly chain: AuditChainService,
    private readonly pages: Pages,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: Response, @Query() raw: Record<string, string>): Promise<void> {
    const user = request.user!;
    const filter = { entityType: raw.entityType || undefined, state: raw.state || undefined, action: raw.action || undefined };
    const query = await validated(AuditQueryDto, { ...filter, before: raw.before || undefined, limit: PAGE_SIZE + 1 });
    const rows = await this.trail.list(query, user);
    const entries = rows.slice(0, PAGE_SIZE).map((entry) => ({
      ...entry,
      changes: changesOf(entry.before, entry.after),
      // Staff open an assessment's review page from its entries.
      href: isStaff(user) && entry.entityType === 'assessment' && entry.entityId ? `/review/assessments/${entry.entityId}` : undefined,
    }));
    const older = rows.length > PAGE_SIZE ? new URLSearchParams({ ...clean(filter), before: entries[entries.length - 1].id }).toString() : undefined;
    this.pages.render(request, response, 'audit/list', {
      title: 'Audit trail',
      filter,
      entries,
      older,
      paged: Boolean(query.before),
      canVerify: user.role === 'admin',
    });
  }

  /** Recomputes the whole hash chain (as `npm run cli -- audit:verify` does): admins only, it reads every entry. */
  @Get('verify')
  @Roles('admin')
  async verify(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const report = await this.chain.verify();
    this.pages.render(request, response, 'audit/verify', { title: 'Audit trail: chain check', report }, report.intact ? 200 : 409);
  }
}

function clean(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

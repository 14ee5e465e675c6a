import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/errors/api-error';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { CreateEvidenceLinkDto, EvidenceLinkDto, JudgeEvidenceLinkDto } from './dto/evidence-link.dto';
import { CreateEvidenceDto, EvidenceDto, EvidenceFileDto, EvidenceListQueryDto, EvidencePageDto, UpdateEvidenceDto } from './dto/evidence.dto';
import { EvidenceFilesService } from './evidence-files.service';
import { EvidenceLinksService } from './evidence-links.service';
import { EvidenceRevisionsService } from './evidence-revisions.service';
import { EvidenceRevisionDto } from './dto/evidence-revision.dto';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@ApiErrors()
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly files: EvidenceFilesService,
    private readonly links: EvidenceLinksService,
    private readonly revisionsOf: EvidenceRevisionsService,
  ) {}

  @Post('evidence/files')
  @Roles('admin', 'reviewer', 'state_official')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: 'Upload a file (PDF, image, office document or text; type detected from the content). The same content is stored once',
  })
  @ApiCreatedResponse({ type: EvidenceFileDto })
  upload(@UploadedFile() file: Express.Multer.File | undefined, @CurrentUser() user: AuthUser): Promise<EvidenceFileDto> {
    return this.files.store(file, user);
  }

  @Post('evidence')
  @ApiOperation({ summary: 'Add an evidence item (a URL, an uploaded file, or both), reusable across assessments' })
  @ApiCreatedResponse({ type: EvidenceDto })
  create(@Body() body: CreateEvidenceDto, @CurrentUser() user: AuthUser): Promise<EvidenceDto> {
    return this.evidence.create(body, user);
  }

  @Get('evidence')
  @Public()
  @ApiOperation({ summary: 'Evidence items (non-public ones only for reviewers, admins and whoever added them)' })
  @ApiOkResponse({ type: EvidencePageDto })
  list(@Query() query: EvidenceListQueryDto, @CurrentUser() user?: AuthUser): Promise<EvidencePageDto> {
    return this.evidence.list(query, user);
  }

  @Get('evidence/:id')
  @Public()
  @ApiOperation({ summary: 'One evidence item' })
  @ApiOkResponse({ type: EvidenceDto })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user?: AuthUser): Promise<EvidenceDto> {
    return this.evidence.get(id, user);
  }

  @Get('evidence/:id/revisions')
  @Public()
  @ApiOperation({ summary: 'Stored revisions of an evidence item (kept when a cited item is edited) and the publications showing each' })
  @ApiOkResponse({ type: [EvidenceRevisionDto] })
  revisions(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user?: AuthUser): Promise<EvidenceRevisionDto[]> {
    return this.revisionsOf.list(id, user);
  }

  @Patch('evidence/:id')
  @ApiOperation({ summary: 'Change an evidence item (reviewers, admins, or whoever added it); send the version you read' })
  @ApiOkResponse({ type: EvidenceDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateEvidenceDto, @CurrentUser() user: AuthUser): Promise<EvidenceDto> {
    return this.evidence.update(id, body, user);
  }

  @Get('evidence/:id/file')
  @Public()
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download the evidence file, as an attachment, with its SHA-256 in X-Content-SHA256' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async download(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) response: Response,
    @CurrentUser() user?: AuthUser,
  ): Promise<StreamableFile> {
    const item = await this.evidence.get(id, user);
    if (!item.file) throw ApiError.notFound('File of evidence', id);
    const { row, stream } = await this.files.open(item.file.id);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
    response.setHeader('ETag', `"${row.sha256}"`);
    response.setHeader('X-Content-SHA256', row.sha256);
    return new StreamableFile(stream as never, {
      type: row.media_type === 'text/plain' ? 'text/plain; charset=utf-8' : row.media_type,
      length: Number(row.size_bytes),
      disposition: contentDisposition(row.original_name),
    });
  }

  @Get('assessments/:id/evidence')
  @Public()
  @ApiOperation({ summary: 'Evidence attached to an assessment, with stance and judgement' })
  @ApiOkResponse({ type: [EvidenceLinkDto] })
  listLinks(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user?: AuthUser): Promise<EvidenceLinkDto[]> {
    return this.links.list(id, user);
  }

  @Post('assessments/:id/evidence')
  @ApiOperation({ summary: 'Attach evidence to an assessment, saying whether it supports or contradicts the claim' })
  @ApiCreatedResponse({ type: EvidenceLinkDto })
  addLink(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateEvidenceLinkDto, @CurrentUser() user: AuthUser): Promise<EvidenceLinkDto> {
    return this.links.add(id, body, user);
  }

  @Patch('assessments/:id/evidence/:linkId')
  @ApiOperation({ summary: 'Judge attached evidence: accept, or reject with a reason (reviewers only)' })
  @ApiOkResponse({ type: EvidenceLinkDto })
  judge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('linkId', new ParseUUIDPipe()) linkId: string,
    @Body() body: JudgeEvidenceLinkDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EvidenceLinkDto> {
    return this.links.judge(id, linkId, body, user);
  }

  @Delete('assessments/:id/evidence/:linkId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Detach evidence (reviewers and admins; others their own pending links)' })
  @ApiNoContentResponse()
  removeLink(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('linkId', new ParseUUIDPipe()) linkId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.links.remove(id, linkId, user);
  }
}

/** attachment with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

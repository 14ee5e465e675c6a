import { finished } from 'node:stream';
import { Controller, Get, Param, ParseIntPipe, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ExportQueryDto, ReportArtifactDto, ReportQueryDto } from './dto/report.dto';
import { ReportDownload, ReportFormat, ReportsService } from './reports.service';

const BINARY = { schema: { type: 'string', format: 'binary' } };

@ApiTags('reports')
@ApiErrors()
@ApiBearerAuth()
@Controller('cycles/:year')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('report.html')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Annual report as one self-contained HTML file (overview, a page per state, annex)' })
  @ApiOkResponse(BINARY)
  html(@Param('year', ParseIntPipe) year: number, @Query() query: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentUser() user?: AuthUser) {
    return this.send('html', year, query, req, res, user);
  }

  @Get('report.pdf')
  @Public()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Annual report as PDF (vector charts)' })
  @ApiOkResponse(BINARY)
  pdf(@Param('year', ParseIntPipe) year: number, @Query() query: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentUser() user?: AuthUser) {
    return this.send('pdf', year, query, req, res, user);
  }

  @Get('report.xlsx')
  @Public()
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'Annual report data as XLSX (sheets: scorecards, assessments, evidence, methodology)' })
  @ApiOkResponse(BINARY)
  xlsx(@Param('year', ParseIntPipe) year: number, @Query() query: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentUser() user?: AuthUser) {
    return this.send('xlsx', year, query, req, res, user);
  }

  @Get('export.csv')
  @Public()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Open data as CSV: scorecards, assessments or evidence (stable column names, methodology version in every row)' })
  @ApiOkResponse(BINARY)
  csv(@Param('year', ParseIntPipe) year: number, @Query() query: ExportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentUser() user?: AuthUser) {
    const { dataset, ...scope } = query;
    return this.send('csv', year, scope, req, res, user, dataset);
  }

  @Get('export.json')
  @Public()
  @ApiProduces('application/json')
  @ApiOperation({ summary: 'Open data as JSON: scorecards, assessments and evidence with their column lists' })
  @ApiOkResponse(BINARY)
  json(@Param('year', ParseIntPipe) year: number, @Query() query: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentUser() user?: AuthUser) {
    return this.send('json', year, query, req, res, user);
  }

  @Get('reports')
  @Public()
  @ApiOperation({ summary: 'Every artifact stored when the (published) cycle and each erratum were published, with its SHA-256' })
  @ApiOkResponse({ type: [ReportArtifactDto] })
  artifacts(@Param('year', ParseIntPipe) year: number): Promise<ReportArtifactDto[]> {
    return this.reports.artifacts(year);
  }

  private async send(
    format: ReportFormat,
    year: number,
    query: ReportQueryDto,
    req: Request,
    res: Response,
    user: AuthUser | undefined,
    dataset?: ExportQueryDto['dataset'],
  ): Promise<StreamableFile | undefined> {
    const report: ReportDownload = await this.reports.download({ year, ...query }, format, user, dataset);
    const etag = `"${report.sha256}"`;
    res.setHeader('X-Content-SHA256', report.sha256);
    if (report.recordedSha256) res.setHeader('X-Recorded-SHA256', report.recordedSha256);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (report.stored) {
      // Stored at publication: these bytes never change under this address.
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      if (req.headers['if-none-match'] === etag) {
        res.status(304);
        return undefined;
      }
    }
    const body = await report.open();
    // The file goes once it is read or the response is over (sent, failed, or abandoned by the client, when
    // Nest also destroys the stream), whichever comes first.
    const dispose = () => void report.dispose();
    body.once('close', dispose);
    finished(res, dispose);
    // The HTML report is a document to save, not a page of this site: no scripts, nothing loaded from elsewhere.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return new StreamableFile(body, {
      type: report.mediaType,
      length: report.size,
      disposition: `${format === 'html' ? 'inline' : 'attachment'}; filename="${report.filename}"`,
    });
  }
}

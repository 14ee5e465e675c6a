import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { Roles } from '../../auth/roles.decorator';
import { ApiError } from '../../common/errors/api-error';
import { ImportService } from '../../import/import.service';
import { formProblem } from '../render/form-problems';
import { Pages, WebRequest } from '../render/pages';
import { WebExceptionFilter } from '../render/web-exception.filter';
import { MultipartForm, uploadedFiles } from '../session/multipart-form';

// As the API's import: spreadsheets are parsed in memory, 20 MB at most.
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Import of assessments and evidence links from CSV or XLSX, with a dry run first. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Roles('admin', 'reviewer')
@Controller('admin/import')
export class AdminImportController {
  constructor(
    private readonly imports: ImportService,
    private readonly pages: Pages,
  ) {}

  @Get()
  page(@Req() request: WebRequest, @Res() response: Response): void {
    this.pages.render(request, response, 'admin/import', { title: 'Import', dryRun: true });
  }

  @Post()
  @MultipartForm({ storage: memoryStorage(), limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5 } })
  async upload(@Req() request: WebRequest, @Res() response: Response, @Body() body: Record<string, string>): Promise<void> {
    const dryRun = body.dryRun === 'on';
    try {
      const file = uploadedFiles(request).find((f) => f.fieldname === 'file' && f.originalname !== '');
      if (!file) throw ApiError.invalidField('file', 'choose a CSV or XLSX file');
      const result = await this.imports.import(file.buffer, request.user!, dryRun);
      this.pages.render(request, response, 'admin/import', { title: dryRun ? 'Import: dry run' : 'Import: done', dryRun, result, fileName: file.originalname });
    } catch (error) {
      const problem = formProblem(error, request);
      const rowErrors = (errorDetails(error)?.rowErrors ?? []) as RowError[];
      this.pages.render(
        request,
        response,
        'admin/import',
        { title: 'Import', dryRun, problem, errors: problem.fields, rowErrors: rowErrors.slice(0, 500), moreRowErrors: Math.max(0, rowErrors.length - 500) },
        problem.status,
      );
    }
  }
}

function errorDetails(error: unknown): Record<string, unknown> | undefined {
  return error instanceof ApiError ? error.extra.details : undefined;
}

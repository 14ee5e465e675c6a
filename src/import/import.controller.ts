import { Controller, Get, Header, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { memoryStorage } from 'multer';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../common/errors/api-error';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { ImportQueryDto, ImportResultDto } from './dto/import.dto';
import { csvTemplate, xlsxTemplate } from './import-template';
import { ImportService } from './import.service';

// Spreadsheets are parsed in memory; 20 MB holds far more than a whole cycle of every state.
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

@ApiTags('import')
@ApiErrors()
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@Controller('import')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @UseInterceptors(FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: 'Import assessments and evidence links from CSV or XLSX (reviewers, admins); all or nothing',
    description: 'Every row is checked first; any error answers 400 with every problem by row and column, and nothing is written.',
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  import(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query() query: ImportQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ImportResultDto> {
    if (!file) throw ApiError.invalidField('file', 'send the CSV or XLSX file as multipart/form-data in a field named "file"');
    return this.imports.import(file.buffer, user, query.dryRun ?? false);
  }

  @Get('template.csv')
  @Public()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="cyber-norms-import-template.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The import template as CSV' })
  @ApiOkResponse({ schema: { type: 'string' } })
  csvTemplate(): string {
    return csvTemplate();
  }

  @Get('template.xlsx')
  @Public()
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The import template as XLSX, with a sheet explaining each column' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async xlsxTemplate(): Promise<StreamableFile> {
    return new StreamableFile(await xlsxTemplate(), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: 'attachment; filename="cyber-norms-import-template.xlsx"',
    });
  }
}

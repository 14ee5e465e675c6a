import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { importDuration, timed } from '../metrics/metrics';
import { ImportResultDto } from './dto/import.dto';
import { loadLookups } from './import-lookups';
import { writeImport } from './import-writer';
import { ParsedFile, parseImportFile } from './parse-import-file';
import { RowError, validateRows } from './validate-rows';

// Thrown to roll back a dry run after everything has been checked and counted.
class DryRunRollback extends Error {
  constructor(readonly result: ImportResultDto) {
    super('dry run');
  }
}

/**
 * Imports assessments and evidence links from a CSV or XLSX file: every row is checked first and all errors
 * are reported by row and column; then the whole file is written in one transaction, or nothing is.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async import(content: Buffer, user: AuthUser, dryRun: boolean): Promise<ImportResultDto> {
    const file = await parseImportFile(content);
    return this.importRows({ ...file, sha256: createHash('sha256').update(content).digest('hex') }, user, dryRun);
  }

  /** The same checks and writes for rows that do not come from a file (the demo and the benchmark). */
  async importRows(file: { format: string; rows: ParsedFile['rows']; sha256?: string }, user: AuthUser, dryRun = false): Promise<ImportResultDto> {
    if (file.rows.length === 0) throw ApiError.badRequest('EMPTY_FILE', 'The file has a header but no rows');
    const years = [...new Set(file.rows.map((r) => Number(r.values.cycle_year)).filter(Number.isInteger))];
    return timed(importDuration, { dry_run: String(dryRun) }, () => this.write(file, user, dryRun, years));
  }

  private async write(file: { format: string; rows: ParsedFile['rows']; sha256?: string }, user: AuthUser, dryRun: boolean, years: number[]): Promise<ImportResultDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const lookups = await loadLookups(manager, years);
        const validated = validateRows(file.rows, lookups);
        if (validated.errors.length > 0) throw rowErrors(validated.errors);
        const { counts, errors } = await writeImport(manager, validated, user);
        if (errors.length > 0) throw rowErrors(errors);
        const result = { dryRun, format: file.format, rows: file.rows.length, ...counts };
        if (changedAnything(counts)) {
          // The import as a whole (which file, how much it changed) beside the entries of the assessments it touched.
          await this.audit.record(manager, { actorUserId: user.id, action: 'import.completed', entityType: 'import', entityId: file.sha256 ?? null, after: { ...result, cycles: years } });
        }
        if (dryRun) throw new DryRunRollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.result;
      throw error;
    }
  }
}

function changedAnything(counts: Omit<ImportResultDto, 'dryRun' | 'format' | 'rows'>): boolean {
  return counts.assessmentsCreated + counts.assessmentsUpdated + counts.evidenceCreated + counts.linksCreated + counts.linksUpdated > 0;
}

function rowErrors(errors: RowError[]): ApiError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return new ApiError(HttpStatus.BAD_REQUEST, 'IMPORT_INVALID', `${sorted.length} problem(s) in the file; nothing was imported`, {
    errors: sorted.map((e) => ({ field: `row ${e.row}: ${e.column}`, messages: [e.message] })),
    details: { rowErrors: sorted },
  });
}

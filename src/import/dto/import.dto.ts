import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ImportCounts } from '../import-writer';

export class ImportQueryDto {
  /** true: validate and count what would change, write nothing. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportRowErrorDto {
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

export class ImportResultDto implements ImportCounts {
  dryRun: boolean;
  format: string;
  rows: number;
  assessmentsCreated: number;
  assessmentsUpdated: number;
  assessmentsUnchanged: number;
  evidenceCreated: number;
  linksCreated: number;
  linksUpdated: number;
  linksUnchanged: number;
}

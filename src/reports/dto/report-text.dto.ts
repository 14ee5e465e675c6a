import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { REPORT_TEXT_MAX } from '../entities/cycle-report-text.entity';

export class ReportTextDto {
  cycleYear: number;
  /** The foreword; paragraphs separated by a blank line. */
  foreword: string | null;
  /** Key findings, one per line. */
  keyFindings: string | null;
  /** Null until someone writes the text. */
  updatedAt: Date | null;
  /** Send back with the next change: a stale version is refused with 409. 0 before the first write. */
  version: number;
}

export class ReportTextInputDto {
  /** The foreword; paragraphs separated by a blank line. Empty or omitted: none. */
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_TEXT_MAX)
  foreword?: string | null;

  /** Key findings, one per line. Empty or omitted: none. */
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_TEXT_MAX)
  keyFindings?: string | null;

  /** The version last read (0 for the first write). */
  @IsInt()
  @Min(0)
  version: number;
}

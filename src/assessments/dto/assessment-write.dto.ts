import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { STATEMENT_SOURCES, StatementSource } from '../entities/assessment.entity';

const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

/** What the state says (or, when it has not self-assessed, what a reviewer records from its public statements). */
export class StatedPositionDto {
  /** Required when the assessment exists: the version you read. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** 0 Not implemented, 1 Initial, 2 Partial, 3 Substantial, 4 Full; null for no information. */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: 4 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt({ message: 'statedLevel must be an integer from 0 to 4, or null' })
  @Min(0, { message: 'statedLevel must be an integer from 0 to 4, or null' })
  @Max(4, { message: 'statedLevel must be an integer from 0 to 4, or null' })
  statedLevel?: number | null;

  @IsOptional()
  @IsBoolean()
  notApplicable?: boolean;

  /** Mandatory when notApplicable is true. */
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(5000)
  notApplicableJustification?: string | null;

  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(20000)
  narrative?: string | null;

  /** Defaults to self_assessment for state officials; reviewers must name the source they recorded from. */
  @ApiPropertyOptional({ enum: STATEMENT_SOURCES })
  @IsOptional()
  @IsIn(STATEMENT_SOURCES)
  source?: StatementSource;

  /** Where the statement can be found: document symbol, URL, date of the statement. */
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(2000)
  sourceReference?: string | null;
}

export class ReviewDto {
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ minimum: 0, maximum: 4 })
  @IsInt({ message: 'reviewedLevel must be an integer from 0 to 4' })
  @Min(0, { message: 'reviewedLevel must be an integer from 0 to 4' })
  @Max(4, { message: 'reviewedLevel must be an integer from 0 to 4' })
  reviewedLevel: number;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'rationale must explain the reviewed level' })
  @MaxLength(20000)
  rationale: string;
}

export const TRANSITION_ACTIONS = ['submit', 'start_review', 'accept', 'request_changes', 'reopen'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export class TransitionDto {
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ enum: TRANSITION_ACTIONS })
  @IsIn(TRANSITION_ACTIONS)
  action: TransitionAction;

  /** Required for request_changes: what the state should change. Added to the comment thread. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  comment?: string;
}

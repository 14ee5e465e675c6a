import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { FRAMEWORK_CODE } from './scorecard.dto';

const METHODOLOGY_VERSION = /^[0-9]{4}\.[0-9]+$/;
const VERSION_MESSAGE = 'version must look like 2026.1';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class LevelDto {
  /** 0 (Not implemented) to 4 (Full). */
  level: number;
  label: string;
  /** s(c) of the level on 0-100. */
  score: number;
}

export class TierThresholdsDto {
  /** Minimum verified index of the Advanced tier. */
  advanced: number;
  established: number;
  developing: number;
  /** Minimum verified index of the Initial tier; below it a state is Minimal. */
  initial: number;
}

export class WeightDto {
  /** Framework code, e.g. GGE; applies to every version of the framework with this commitment. */
  framework: string;
  /** Commitment code, e.g. 13(f). */
  commitment: string;
  weight: number;
}

export class MethodologyDto {
  version: string;
  title: string;
  description: string | null;
  /** Levels 0 to 4 with their labels and scores. */
  levels: LevelDto[];
  /** A reviewed level above this counts only with accepted supporting evidence; otherwise it counts as this level. */
  evidenceThreshold: number;
  tierThresholds: TierThresholdsDto;
  /** Weights other than the default 1; every other commitment weighs 1. */
  weights: WeightDto[];
  /** Cycles scored with this version. */
  cycles: number[];
  createdAt: Date;
}

export class LevelInputDto {
  @IsInt()
  @Min(0)
  @Max(4)
  level: number;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score: number;
}

export class TierThresholdsInputDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  advanced: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  established: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  developing: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  initial: number;
}

export class WeightInputDto {
  @Transform(upper)
  @Matches(FRAMEWORK_CODE, { message: 'framework must be a framework code such as GGE' })
  framework: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  commitment: string;

  /** Greater than 0, at most 1000. */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1000)
  weight: number;
}

/**
 * A new methodology version. Fields left out are copied from `basedOn` (default 2026.1), weights included.
 * Versions are immutable: to change anything, create another version.
 */
export class CreateMethodologyDto {
  @Matches(METHODOLOGY_VERSION, { message: VERSION_MESSAGE })
  version: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** Version to copy the fields left out from; default 2026.1. */
  @IsOptional()
  @Matches(METHODOLOGY_VERSION, { message: 'basedOn must look like 2026.1' })
  basedOn?: string;

  /** Exactly levels 0 to 4, scores strictly rising. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(5)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => LevelInputDto)
  levels?: LevelInputDto[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4)
  evidenceThreshold?: number;

  /** Strictly descending: advanced > established > developing > initial > 0. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TierThresholdsInputDto)
  tierThresholds?: TierThresholdsInputDto;

  /** Weights other than 1, replacing those of `basedOn`; each must name a commitment in the catalogue. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => WeightInputDto)
  weights?: WeightInputDto[];
}

export class MethodologyParamsDto {
  @Matches(METHODOLOGY_VERSION, { message: VERSION_MESSAGE })
  version: string;
}

export class SetCycleMethodologyDto {
  /** An existing methodology version. */
  @Matches(METHODOLOGY_VERSION, { message: VERSION_MESSAGE })
  version: string;
}

export class CycleMethodologyDto {
  year: number;
  @ApiProperty({ example: '2026.1' })
  methodologyVersion: string;
}

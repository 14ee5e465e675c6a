import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ASSESSMENT_STATUSES, AssessmentStatus } from '../entities/assessment.entity';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

export const ASSESSMENT_SORTS = ['state', 'commitment', 'status', 'updated', '-updated', 'statedLevel', 'reviewedLevel'] as const;

export class FrameworkFilterDto {
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z][A-Z0-9-]{1,19}$/, { message: 'framework must be a framework code such as GGE' })
  framework?: string;
}

/** Filters for the workflow lists (the reviewer queue is status=submitted). */
export class AssessmentListQueryDto extends IntersectionType(FrameworkFilterDto, PageQueryDto) {
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  cycle: number;

  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, { message: 'group must be a group code such as OSCE' })
  group?: string;

  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{3}$/, { message: 'state must be an ISO alpha-3 code' })
  state?: string;

  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: AssessmentStatus;

  /** Stated level 0-4. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(4)
  level?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  hasEvidence?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  hasContradictions?: boolean;

  @ApiPropertyOptional({ enum: ASSESSMENT_SORTS, default: 'state' })
  @IsOptional()
  @IsIn(ASSESSMENT_SORTS)
  sort?: (typeof ASSESSMENT_SORTS)[number];
}

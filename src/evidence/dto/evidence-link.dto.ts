import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { JUDGEMENTS, Judgement, STANCES, Stance } from '../entities/evidence-link.entity';
import { EvidenceDto } from './evidence.dto';

const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class EvidenceLinkDto {
  id: string;
  assessmentId: string;
  @ApiProperty({ enum: STANCES })
  stance: Stance;
  @ApiProperty({ enum: JUDGEMENTS })
  judgement: Judgement;
  rejectionReason: string | null;
  note: string | null;
  judgedBy: string | null;
  judgedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  version: number;
  evidence: EvidenceDto;
}

export class CreateEvidenceLinkDto {
  @IsUUID()
  evidenceId: string;

  @ApiProperty({ enum: STANCES })
  @IsIn(STANCES)
  stance: Stance;

  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(5000)
  note?: string | null;
}

export class JudgeEvidenceLinkDto {
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ enum: JUDGEMENTS })
  @IsIn(JUDGEMENTS)
  judgement: Judgement;

  /** Required when rejecting. */
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  rejectionReason?: string | null;

  @ApiPropertyOptional({ enum: STANCES })
  @IsOptional()
  @IsIn(STANCES)
  stance?: Stance;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class CreateErratumDto {
  /** The public note printed in every output of the new version: what was corrected and why. */
  @IsString()
  @MinLength(10, { message: 'note must say what was corrected (at least 10 characters)' })
  @MaxLength(4000)
  note: string;

  /** Evidence items whose current revision the new version shows; omitted: every evidence item of the cycle. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

export class PublicationDto {
  cycleYear: number;
  version: number;
  publishedAt: Date;
  /** The erratum's public note (null for version 1). */
  note: string | null;
  methodologyVersion: string;
  catalogueVersion: string | null;
  /** Artifacts stored so far, of artifactsExpected: rendering runs in the background after publishing. */
  artifactsStored: number;
  artifactsExpected: number;
  /** State of the rendering job: created, active, retry, completed, failed (null when no longer known). */
  artifactJob: string | null;
}

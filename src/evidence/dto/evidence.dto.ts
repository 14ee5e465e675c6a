import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { EVIDENCE_KINDS, EVIDENCE_VISIBILITIES, EvidenceKind, EvidenceVisibility } from '../entities/evidence.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true };
const HTTP_URL_MESSAGE = { message: 'url must be an http(s) URL' };

export class EvidenceFileDto {
  id: string;
  /** SHA-256 of the content, hex. */
  sha256: string;
  sizeBytes: number;
  /** Detected from the content. */
  mediaType: string;
  originalName: string;
  /** True when you had already uploaded the same content: your earlier upload is returned. */
  deduplicated: boolean;
}

export class EvidenceDto {
  id: string;
  title: string;
  @ApiProperty({ enum: EVIDENCE_KINDS })
  kind: EvidenceKind;
  publisher: string | null;
  publishedOn: string | null;
  effectiveOn: string | null;
  language: string | null;
  /** private: its creator and staff; shared: also the state's officials; public: everyone once a published cycle accepts it. */
  @ApiProperty({ enum: EVIDENCE_VISIBILITIES })
  visibility: EvidenceVisibility;
  /** True when everyone can see it now (marked public and accepted in a published cycle). */
  published: boolean;
  url: string | null;
  linkLastSeenOn: string | null;
  stateIso3: string | null;
  file: EvidenceFileDto | null;
  /** Where to download the file, when there is one. */
  downloadUrl: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export class CreateEvidenceDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(300)
  publisher?: string | null;

  /** ISO date, e.g. 2024-03-01. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true }, { message: 'publishedOn must be an ISO date such as 2024-03-01' })
  publishedOn?: string | null;

  /** When the text takes effect (laws, strategies), ISO date. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true }, { message: 'effectiveOn must be an ISO date such as 2024-03-01' })
  effectiveOn?: string | null;

  /** BCP 47 language tag, e.g. en, fr, es-419. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'language must be a language tag such as en, fr or es-419' })
  language?: string | null;

  /**
   * private: its creator, reviewers and admins; shared: also the officials of the state it is about; public:
   * as shared until a published cycle accepts it, then everyone. Default: shared for officials, public for staff.
   */
  @ApiPropertyOptional({ enum: EVIDENCE_VISIBILITIES })
  @IsOptional()
  @IsIn(EVIDENCE_VISIBILITIES, { message: `visibility must be one of ${EVIDENCE_VISIBILITIES.join(', ')}` })
  visibility?: EvidenceVisibility;

  /** At least one of url and fileId is required. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @MaxLength(2000)
  @IsUrl(HTTP_URL, HTTP_URL_MESSAGE)
  url?: string | null;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true }, { message: 'linkLastSeenOn must be an ISO date' })
  linkLastSeenOn?: string | null;

  /** A file uploaded with POST /api/evidence/files. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  fileId?: string | null;

  /** The state the evidence is about, when it concerns one state. State officials must name one of theirs. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{3}$/, { message: 'stateIso3 must be an ISO alpha-3 code' })
  stateIso3?: string | null;
}

export class UpdateEvidenceDto extends PartialType(CreateEvidenceDto) {
  @IsInt()
  @Min(1)
  version: number;
}

export class EvidenceListQueryDto extends PageQueryDto {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{3}$/, { message: 'state must be an ISO alpha-3 code' })
  state?: string;

  @ApiPropertyOptional({ enum: EVIDENCE_KINDS })
  @IsOptional()
  @IsIn(EVIDENCE_KINDS)
  kind?: EvidenceKind;

  /** Words in the title or publisher. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class EvidencePageDto {
  items: EvidenceDto[];
  total: number;
  page: number;
  pageSize: number;
}

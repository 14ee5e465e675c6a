import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class StateDto {
  iso3: string;
  iso2: string | null;
  numericCode: string | null;
  name: string;
  @ApiProperty({ enum: ['member', 'observer', 'non-member'] })
  unStatus: 'member' | 'observer' | 'non-member';
  @ApiProperty({ enum: ['AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'], nullable: true })
  unRegionalGroup: string | null;
  /** `catalogue` for shipped rows, `admin` for entities added through the API. */
  @ApiProperty({ enum: ['catalogue', 'admin'] })
  origin: 'catalogue' | 'admin';
  /** Codes of every group the state belongs to. */
  groups: string[];
}

export class StateListQueryDto {
  /** Only members of this group (e.g. OSCE, WEOG, UN). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, { message: 'group must be a group code such as OSCE' })
  group?: string;

  /** Case-insensitive match on the name, or an exact ISO alpha-2 / alpha-3 / numeric code. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @IsOptional()
  @IsIn(['member', 'observer', 'non-member'])
  unStatus?: 'member' | 'observer' | 'non-member';
}

export class GroupDto {
  code: string;
  name: string;
  @ApiProperty({ enum: ['un', 'un-regional', 'organisation', 'custom'] })
  kind: string;
  source: string | null;
  memberCount: number;
}

export class GroupMemberDto {
  iso3: string;
  name: string;
}

export class GroupDetailDto extends GroupDto {
  members: GroupMemberDto[];
}

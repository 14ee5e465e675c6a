import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const upperAll = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value;

/** An entity that is not a UN member (e.g. Kosovo, XKX), added by an admin. */
export class CreateStateDto {
  @Transform(upper)
  @Matches(/^[A-Z]{3}$/, { message: 'iso3 must be three letters (ISO 3166-1 alpha-3 or a user-assigned code such as XKX)' })
  iso3: string;

  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'iso2 must be two letters' })
  iso2?: string;

  @IsOptional()
  @Matches(/^[0-9]{3}$/, { message: 'numericCode must be three digits' })
  numericCode?: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** UN Member States come from the catalogue; an added entity is a non-member or an observer. */
  @IsOptional()
  @IsIn(['non-member', 'observer'])
  @ApiPropertyOptional({ enum: ['non-member', 'observer'], default: 'non-member' })
  unStatus?: 'non-member' | 'observer';

  /** Codes of custom or organisation groups to add the entity to. */
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayUnique()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, { each: true, message: 'each group must be a group code' })
  groups?: string[];
}

export class CreateGroupDto {
  @Transform(upper)
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, {
    message: 'code must be 1-40 capital letters, digits, - or _, starting with a letter or digit',
  })
  code: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  source?: string;

  @Transform(upperAll)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(300)
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each member must be an ISO alpha-3 code' })
  members: string[];
}

export class SetGroupMembersDto {
  @Transform(upperAll)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(300)
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each member must be an ISO alpha-3 code' })
  members: string[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ROLES, Role } from '../entities/user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const upperAll = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)) : value;

export class UserDto {
  id: string;
  email: string;
  name: string;
  @ApiProperty({ enum: ROLES })
  role: Role;
  /** ISO alpha-3 codes of the states a state official acts for. */
  states: string[];
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Send back with PATCH: a stale version is refused with 409. */
  version: number;
}

export class CreateUserDto {
  @Transform(lower)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES })
  role: Role;

  /** At least 12 characters, at most 72 bytes. */
  @IsString()
  @MinLength(12)
  @MaxLength(72)
  password: string;

  /** Required for state officials, refused for other roles. */
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each state must be an ISO alpha-3 code' })
  states?: string[];
}

export class UpdateUserDto {
  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsIn(ROLES)
  @ApiPropertyOptional({ enum: ROLES })
  role?: Role;

  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each state must be an ISO alpha-3 code' })
  states?: string[];

  /** true disables the account: its tokens stop working at once. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class SetPasswordDto {
  @IsString()
  @MinLength(12)
  @MaxLength(72)
  password: string;
}

export class UserListQueryDto {
  @IsOptional()
  @IsIn(ROLES)
  @ApiPropertyOptional({ enum: ROLES })
  role?: Role;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{3}$/, { message: 'state must be an ISO alpha-3 code' })
  state?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { UserDto } from '../../users/dto/user.dto';

export class LoginDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(254)
  email: string;

  @IsString()
  @MaxLength(1024)
  password: string;
}

export class AccessTokenDto {
  accessToken: string;
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserDto;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @IsString()
  @MinLength(12)
  @MaxLength(72)
  newPassword: string;
}

export class CreateApiTokenDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Omit for a token that lasts until revoked. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class ApiTokenDto {
  id: string;
  name: string;
  /** First characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  /** The secret token. Shown only in this response; store it now. */
  token: string;
}

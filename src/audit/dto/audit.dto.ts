import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditEntryDto {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  stateIso3: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  /** Present and true when the entry concerns evidence you may not see: what it was is left out. */
  redacted?: boolean;
}

export class AuditQueryDto {
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be an entity type such as assessment' })
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{3}$/, { message: 'state must be an ISO alpha-3 code' })
  state?: string;

  @IsOptional()
  @IsUUID()
  actor?: string;

  @IsOptional()
  @Matches(/^[a-z_.]{1,60}$/, { message: 'action must be an action such as assessment.reviewed' })
  action?: string;

  /** Only entries with a smaller id (for paging backwards through the trail). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

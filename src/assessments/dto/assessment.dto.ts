import { ApiProperty } from '@nestjs/swagger';
import { ASSESSMENT_STATUSES, AssessmentStatus, STATED_BY, STATEMENT_SOURCES } from '../entities/assessment.entity';

export class EvidenceCountsDto {
  total: number;
  pending: number;
  acceptedSupporting: number;
  acceptedContradicting: number;
  rejected: number;
}

export class AssessmentDto {
  id: string;
  cycleYear: number;
  stateIso3: string;
  framework: string;
  frameworkVersion: string;
  /** Commitment code within its framework, e.g. 13(f) or 8. */
  commitment: string;
  /** framework:code, as used in URLs, e.g. GGE:13(f). */
  commitmentKey: string;
  commitmentLabel: string;
  category: string;
  /** 0-4; null means no information (scores 0 but lowers completeness). */
  statedLevel: number | null;
  notApplicable: boolean;
  notApplicableJustification: string | null;
  narrative: string | null;
  @ApiProperty({ enum: STATEMENT_SOURCES, nullable: true })
  source: string | null;
  sourceReference: string | null;
  /** Who recorded the stated position: the state's official, or a reviewer from public statements. */
  @ApiProperty({ enum: STATED_BY, nullable: true })
  statedBy: string | null;
  reviewedLevel: number | null;
  reviewRationale: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  @ApiProperty({ enum: ASSESSMENT_STATUSES })
  status: AssessmentStatus;
  /** Copied forward from the previous cycle and not edited since. */
  carriedOver: boolean;
  carriedFromId: string | null;
  evidence: EvidenceCountsDto;
  createdAt: Date;
  updatedAt: Date;
  /** Send back with every change: a stale version is refused with 409. */
  version: number;
}

export class CommitmentStatusDto {
  framework: string;
  frameworkVersion: string;
  commitment: string;
  commitmentKey: string;
  commitmentLabel: string;
  category: string;
  /** The assessment's status, or not_started when there is none yet. */
  @ApiProperty({ enum: [...ASSESSMENT_STATUSES, 'not_started'] })
  status: AssessmentStatus | 'not_started';
  assessment: AssessmentDto | null;
}

export class AssessmentPageDto {
  items: AssessmentDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class HistoryEntryDto {
  id: string;
  occurredAt: Date;
  action: string;
  /** Null in the public history of a published assessment, which names nobody. */
  actorUserId: string | null;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Present and true when the entry concerns evidence you may not see: what it was is left out. */
  redacted?: boolean;
}

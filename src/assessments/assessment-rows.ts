import { linkCountedSql } from '../visibility/visibility-policy';
import { AssessmentDto } from './dto/assessment.dto';
import { AssessmentStatus } from './entities/assessment.entity';

/** Columns of an assessment with its commitment and evidence counts; alias `a` is the assessment. */
export const ASSESSMENT_COLUMNS = `
  a.id, a.cycle_year, a.state_iso3, f.code AS framework, f.version AS framework_version, c.code AS commitment,
  c.label AS commitment_label, k.code AS category, a.stated_level, a.not_applicable, a.not_applicable_justification,
  a.narrative, a.source, a.source_reference, a.stated_by, a.reviewed_level, a.review_rationale, a.reviewed_by,
  a.reviewed_at, a.status, a.carried_over, a.carried_from_id, a.created_at, a.updated_at, a.version,
  coalesce(e.total, 0) AS evidence_total, coalesce(e.pending, 0) AS evidence_pending,
  coalesce(e.accepted_supporting, 0) AS evidence_accepted_supporting,
  coalesce(e.accepted_contradicting, 0) AS evidence_accepted_contradicting, coalesce(e.rejected, 0) AS evidence_rejected`;

/**
 * Joins for ASSESSMENT_COLUMNS. The evidence counts cover what the caller may see (three parameters from
 * `visibilityParam` on, see evidenceVisibilityParams): before publication an official does not learn that a
 * reviewer holds evidence they may not see; in a published cycle every link counts, as in the scores.
 */
export function assessmentJoins(visibilityParam: number): string {
  return `
  JOIN commitment c ON c.id = a.commitment_id
  JOIN framework f ON f.id = c.framework_id
  JOIN framework_category k ON k.id = c.category_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE l.judgement = 'pending') AS pending,
           count(*) FILTER (WHERE l.judgement = 'accepted' AND l.stance = 'supports') AS accepted_supporting,
           count(*) FILTER (WHERE l.judgement = 'accepted' AND l.stance = 'contradicts') AS accepted_contradicting,
           count(*) FILTER (WHERE l.judgement = 'rejected') AS rejected
    FROM evidence_link l JOIN evidence counted_ev ON counted_ev.id = l.evidence_id
    WHERE l.assessment_id = a.id
      AND ${linkCountedSql('counted_ev', '(SELECT status FROM cycle WHERE year = a.cycle_year)', visibilityParam)}
  ) e ON true`;
}

export interface AssessmentRow {
  id: string;
  cycle_year: number;
  state_iso3: string;
  framework: string;
  framework_version: string;
  commitment: string;
  commitment_label: string;
  category: string;
  stated_level: number | null;
  not_applicable: boolean;
  not_applicable_justification: string | null;
  narrative: string | null;
  source: string | null;
  source_reference: string | null;
  stated_by: string | null;
  reviewed_level: number | null;
  review_rationale: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  status: AssessmentStatus;
  carried_over: boolean;
  carried_from_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  evidence_total: string;
  evidence_pending: string;
  evidence_accepted_supporting: string;
  evidence_accepted_contradicting: string;
  evidence_rejected: string;
}

export function toAssessmentDto(row: AssessmentRow): AssessmentDto {
  return {
    id: row.id,
    cycleYear: row.cycle_year,
    stateIso3: row.state_iso3,
    framework: row.framework,
    frameworkVersion: row.framework_version,
    commitment: row.commitment,
    commitmentKey: `${row.framework}:${row.commitment}`,
    commitmentLabel: row.commitment_label,
    category: row.category,
    statedLevel: row.stated_level,
    notApplicable: row.not_applicable,
    notApplicableJustification: row.not_applicable_justification,
    narrative: row.narrative,
    source: row.source,
    sourceReference: row.source_reference,
    statedBy: row.stated_by,
    reviewedLevel: row.reviewed_level,
    reviewRationale: row.review_rationale,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    status: row.status,
    carriedOver: row.carried_over,
    carriedFromId: row.carried_from_id,
    evidence: {
      total: Number(row.evidence_total),
      pending: Number(row.evidence_pending),
      acceptedSupporting: Number(row.evidence_accepted_supporting),
      acceptedContradicting: Number(row.evidence_accepted_contradicting),
      rejected: Number(row.evidence_rejected),
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

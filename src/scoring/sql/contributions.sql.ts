import { LIVE_SCORING_CTES } from './live-scoring.sql';

/**
 * The explanation of scorecards: one row per state and commitment, from the snapshot of a published
 * cycle or live, for one state or for every state of the cycle and framework in one statement.
 *
 * Parameters: $1 int cycle year, $2 text framework code, $3 text state or NULL for all states,
 *             $4 boolean caller is staff, $5 text[] states the caller acts for.
 * Rows the caller may not see (unpublished cycle, not staff, not their state) are left out.
 */
export const CONTRIBUTIONS_SQL = `
WITH
target AS (
  SELECT cf.cycle_year, cf.framework_id, cy.status AS cycle_status, m.evidence_threshold,
         (cy.status = 'published' AND EXISTS (SELECT 1 FROM score_snapshot ss WHERE ss.cycle_year = cy.year)) AS from_snapshot
  FROM cycle cy
  JOIN methodology m ON m.version = cy.methodology_version
  JOIN cycle_framework cf ON cf.cycle_year = cy.year
  JOIN framework f ON f.id = cf.framework_id
  WHERE cy.year = $1::int AND f.code = $2::text
    AND (cy.status = 'published' OR $4::boolean OR cardinality($5::text[]) > 0)
),
live_target AS (SELECT cycle_year, framework_id FROM target WHERE NOT from_snapshot),
${LIVE_SCORING_CTES},
contribution AS (
  SELECT state_iso3, commitment_id, assessment_id, stated_level, reviewed_level, counted_level, not_applicable,
         evidence_rule_applied, supporting_count, contradicting_count, weight, stated_score, verified_score,
         stated_points, verified_points
  FROM live_contribution
  WHERE $3::text IS NULL OR state_iso3 = $3::text
  UNION ALL
  SELECT cs.state_iso3, cs.commitment_id, cs.assessment_id, cs.stated_level, cs.reviewed_level, cs.counted_level,
         cs.not_applicable, cs.evidence_rule_applied, cs.supporting_count, cs.contradicting_count, cs.weight,
         cs.stated_score, cs.verified_score, cs.stated_points, cs.verified_points
  FROM contribution_snapshot cs
  JOIN target t ON t.from_snapshot AND t.cycle_year = cs.cycle_year AND t.framework_id = cs.framework_id
  WHERE $3::text IS NULL OR cs.state_iso3 = $3::text
)
SELECT x.*, c.code AS commitment_code, c.label AS commitment_label,
       fc.code AS category_code, fc.label AS category_label, t.evidence_threshold
FROM contribution x
CROSS JOIN target t
JOIN commitment c ON c.id = x.commitment_id
JOIN framework_category fc ON fc.id = c.category_id
WHERE t.cycle_status = 'published' OR $4::boolean OR x.state_iso3 = ANY($5::text[])
ORDER BY x.state_iso3, c.position, c.code`;

import { SCORECARD_CTES } from './scorecards.sql';

/** Step 1 of a snapshot: drop an earlier snapshot of the (still unpublished) cycle; the rest cascades. */
export const DELETE_SNAPSHOT_SQL = `DELETE FROM score_snapshot WHERE cycle_year = $1::int`;

/**
 * Step 2: compute every scorecard, category sub-index and contribution of the cycle live and store them,
 * in one statement so that all three see the same data. Parameters as SCORECARD_CTES, called with
 * $1 = {year}, no framework, group or state filter, as staff.
 */
export const INSERT_SNAPSHOT_SQL = `${SCORECARD_CTES},
saved_snapshot AS (
  INSERT INTO score_snapshot (cycle_year, methodology_version)
  SELECT year, methodology_version FROM cycle WHERE year = ANY($1::int[])
  RETURNING cycle_year
),
saved_scorecards AS (
  INSERT INTO scorecard_snapshot (cycle_year, framework_id, state_iso3, commitment_count, applicable_count, stated_count,
                                  evidenced_count, weight_total, stated_index, verified_index, credibility_gap, completeness,
                                  evidence_coverage, contradictions, tier, has_data, previous_cycle_year, trend)
  SELECT cycle_year, framework_id, state_iso3, commitment_count, applicable_count, stated_count,
         evidenced_count, weight_total, stated_index, verified_index, credibility_gap, completeness,
         evidence_coverage, contradictions, tier, has_data, previous_cycle_year, trend
  FROM card
  RETURNING 1
),
saved_categories AS (
  INSERT INTO scorecard_category_snapshot (cycle_year, framework_id, state_iso3, category_id, applicable_count, weight_total,
                                           stated_index, verified_index)
  SELECT cycle_year, framework_id, state_iso3, category_id, applicable_count, weight_total, stated_index, verified_index
  FROM live_category
  WHERE cycle_year = ANY($1::int[])
  RETURNING 1
),
saved_contributions AS (
  INSERT INTO contribution_snapshot (cycle_year, framework_id, state_iso3, commitment_id, assessment_id, stated_level,
                                     reviewed_level, counted_level, not_applicable, evidence_rule_applied, supporting_count,
                                     contradicting_count, weight, stated_score, verified_score, stated_points, verified_points)
  SELECT cycle_year, framework_id, state_iso3, commitment_id, assessment_id, stated_level,
         reviewed_level, counted_level, not_applicable, evidence_rule_applied, supporting_count,
         contradicting_count, weight, stated_score, verified_score, stated_points, verified_points
  FROM live_contribution
  WHERE cycle_year = ANY($1::int[])
  RETURNING 1
)
SELECT (SELECT count(*) FROM saved_snapshot)::int AS snapshots,
       (SELECT count(*) FROM saved_scorecards)::int AS scorecards,
       (SELECT count(*) FROM saved_categories)::int AS categories,
       (SELECT count(*) FROM saved_contributions)::int AS contributions`;

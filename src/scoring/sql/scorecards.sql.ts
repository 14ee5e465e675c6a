import { LIVE_SCORING_CTES } from './live-scoring.sql';

/**
 * Scorecards of whole cycles, one statement whatever the number of states.
 *
 * Parameters (shared by every query built on SCORECARD_CTES):
 *   $1 int[]   cycle years, or NULL for every cycle
 *   $2 text    framework code, or NULL for every framework of those cycles
 *   $3 text    group code to keep and rank within, or NULL for the framework's whole scope
 *   $4 text    only this state (applied after ranking), or NULL
 *   $5 boolean the caller is staff (reviewer or admin) and sees every unpublished scorecard
 *   $6 text[]  states the caller acts for (state officials); '{}' for everyone else
 *
 * A published cycle with a snapshot is read from it; any other cycle is computed live (LIVE_SCORING_CTES).
 * Visibility is enforced here: an unpublished cycle shows staff everything, an official only their own
 * states (without rank or percentile, which would reveal the others), and nobody else anything.
 */
export const SCORECARD_CTES = `
WITH
-- The cycle frameworks asked for. Cycles the caller can see nothing of are dropped at once.
asked AS (
  SELECT cy.year AS cycle_year, cy.status AS cycle_status, cy.methodology_version,
         f.id AS framework_id, f.code AS framework_code, f.version AS framework_version, f.applicability_group,
         -- the trend's baseline: the latest earlier cycle that assessed a version of the same framework
         (SELECT max(pcf.cycle_year)
          FROM cycle_framework pcf JOIN framework pf ON pf.id = pcf.framework_id
          WHERE pf.code = f.code AND pcf.cycle_year < cy.year) AS previous_cycle_year
  FROM cycle cy
  JOIN cycle_framework cf ON cf.cycle_year = cy.year
  JOIN framework f ON f.id = cf.framework_id
  WHERE ($1::int[] IS NULL OR cy.year = ANY($1::int[]))
    AND ($2::text IS NULL OR f.code = $2::text)
    AND (cy.status = 'published' OR $5::boolean OR cardinality($6::text[]) > 0)
),

-- The asked cycle frameworks and their baselines, each marked for reading from its snapshot or live.
needed AS (
  SELECT n.cycle_year, n.framework_id,
         (cy.status = 'published' AND EXISTS (SELECT 1 FROM score_snapshot ss WHERE ss.cycle_year = n.cycle_year)) AS from_snapshot
  FROM (SELECT cycle_year, framework_id FROM asked
        UNION
        SELECT pcf.cycle_year, pcf.framework_id
        FROM asked a
        JOIN cycle_framework pcf ON pcf.cycle_year = a.previous_cycle_year
        JOIN framework pf ON pf.id = pcf.framework_id AND pf.code = a.framework_code) n
  JOIN cycle cy ON cy.year = n.cycle_year
),

live_target AS (SELECT cycle_year, framework_id FROM needed WHERE NOT from_snapshot),
${LIVE_SCORING_CTES},

-- Every needed scorecard, live or from the snapshot (which also stores its trend; its categories are read in card).
score AS (
  SELECT cycle_year, framework_id, state_iso3, false AS from_snapshot,
         commitment_count, applicable_count, stated_count, evidenced_count, weight_total,
         stated_index, verified_index, credibility_gap, completeness, evidence_coverage, contradictions, tier, has_data,
         NULL::int AS stored_previous_cycle_year, NULL::numeric AS stored_trend, categories
  FROM live_scorecard
  UNION ALL
  SELECT ss.cycle_year, ss.framework_id, ss.state_iso3, true,
         ss.commitment_count, ss.applicable_count, ss.stated_count, ss.evidenced_count, ss.weight_total,
         ss.stated_index, ss.verified_index, ss.credibility_gap, ss.completeness, ss.evidence_coverage, ss.contradictions, ss.tier, ss.has_data,
         ss.previous_cycle_year, ss.trend, NULL::json
  FROM scorecard_snapshot ss
  JOIN needed n ON n.from_snapshot AND n.cycle_year = ss.cycle_year AND n.framework_id = ss.framework_id
),

-- Each scorecard with the state's scorecard of the same framework code in the cycle before it among the
-- needed ones: the trend's baseline when that cycle is the asked cycle's previous_cycle_year. A window, not a
-- self-join of score: CTE row estimates are guesses, and a nested loop over them grew with the square of the
-- cycles (the benchmark's history route).
score_with_previous AS (
  SELECT s.*,
         lag(s.cycle_year) OVER by_state AS previous_year,
         lag(s.verified_index) OVER by_state AS previous_verified_index,
         lag(s.has_data) OVER by_state AS previous_has_data
  FROM score s
  JOIN framework f ON f.id = s.framework_id
  WINDOW by_state AS (PARTITION BY f.code, s.state_iso3 ORDER BY s.cycle_year)
),

-- The asked scorecards, kept to the chosen group, with the trend against the baseline cycle.
card AS (
  SELECT a.cycle_year, a.cycle_status, a.methodology_version, a.framework_id, a.framework_code, a.framework_version,
         coalesce($3::text, a.applicability_group) AS rank_group,
         s.state_iso3, coalesce(ps.name, st.name) AS state_name, s.from_snapshot,
         s.commitment_count, s.applicable_count, s.stated_count, s.evidenced_count, s.weight_total,
         s.stated_index, s.verified_index, s.credibility_gap, s.completeness, s.evidence_coverage,
         s.contradictions, s.tier, s.has_data,
         CASE WHEN s.from_snapshot THEN s.stored_previous_cycle_year ELSE a.previous_cycle_year END AS previous_cycle_year,
         -- no trend against a cycle where the state had no data: its 0 would be no measurement
         CASE WHEN s.from_snapshot THEN s.stored_trend
              WHEN s.previous_year = a.previous_cycle_year AND s.previous_has_data THEN s.verified_index - s.previous_verified_index
         END AS trend,
         -- a snapshot's category sub-indices by primary key, for the asked scorecards only
         coalesce(CASE WHEN s.from_snapshot THEN (
                    SELECT json_agg(json_build_object(
                             'code', fc.code, 'label', fc.label, 'applicableCount', cs.applicable_count, 'weightTotal', cs.weight_total,
                             'statedIndex', cs.stated_index, 'verifiedIndex', cs.verified_index) ORDER BY fc.position)
                    FROM scorecard_category_snapshot cs JOIN framework_category fc ON fc.id = cs.category_id
                    WHERE cs.cycle_year = s.cycle_year AND cs.framework_id = s.framework_id AND cs.state_iso3 = s.state_iso3)
                  ELSE s.categories END, '[]'::json) AS categories,
         (s.has_data AND s.verified_index IS NOT NULL) AS ranked,
         (a.cycle_status = 'published' OR $5::boolean OR s.state_iso3 = ANY($6::text[])) AS visible
  FROM asked a
  JOIN score_with_previous s ON s.cycle_year = a.cycle_year AND s.framework_id = a.framework_id
  JOIN state st ON st.iso3 = s.state_iso3
  -- a published cycle shows state names and group members as they were at publication (migration 1763890000000)
  LEFT JOIN publication_state ps ON ps.cycle_year = a.cycle_year AND ps.state_iso3 = s.state_iso3
  WHERE $3::text IS NULL
     OR EXISTS (SELECT 1 FROM cycle_group_member gm
                WHERE gm.cycle_year = a.cycle_year AND gm.group_code = $3::text AND gm.state_iso3 = s.state_iso3)
),

-- Dense rank by verified index (ties share a rank) and percentile (share of ranked states at or below),
-- among the states of the group that have data. Computed before the visibility filter so that it is the
-- same for every caller; hidden below where it would reveal unpublished scores of other states.
ranked AS (
  SELECT c.*,
         CASE WHEN c.ranked THEN dense_rank() OVER by_score_desc END AS group_rank,
         CASE WHEN c.ranked THEN 100 * cume_dist() OVER by_score_asc END AS group_percentile,
         (count(*) FILTER (WHERE c.ranked) OVER by_card)::int AS ranked_count,
         (c.cycle_status = 'published' OR $5::boolean) AS rank_visible,
         ($4::text IS NULL OR c.state_iso3 = $4::text) AS asked_state
  FROM card c
  WINDOW by_score_desc AS (PARTITION BY c.cycle_year, c.framework_id, c.ranked ORDER BY c.verified_index DESC),
         by_score_asc AS (PARTITION BY c.cycle_year, c.framework_id, c.ranked ORDER BY c.verified_index ASC),
         by_card AS (PARTITION BY c.cycle_year, c.framework_id)
)`;

/** Scorecards the caller may see, with rank and percentile within the group. */
export const SCORECARDS_SQL = `${SCORECARD_CTES}
SELECT r.cycle_year, r.cycle_status, r.methodology_version, r.framework_code, r.framework_version, r.rank_group,
       r.state_iso3, r.state_name, r.from_snapshot,
       r.commitment_count, r.applicable_count, r.stated_count, r.evidenced_count, r.weight_total,
       r.stated_index, r.verified_index, r.credibility_gap, r.completeness, r.evidence_coverage,
       r.contradictions, r.tier, r.has_data, r.previous_cycle_year, r.trend, r.categories,
       CASE WHEN r.rank_visible THEN r.group_rank END AS rank,
       CASE WHEN r.rank_visible THEN r.group_percentile END AS percentile,
       CASE WHEN r.rank_visible THEN r.ranked_count END AS ranked_count
FROM ranked r
WHERE r.visible AND r.asked_state
ORDER BY r.cycle_year, r.framework_code, r.state_name`;

/**
 * Statistics of one group in one cycle and framework, over the scorecards the caller may see.
 * Index statistics and the tier distribution cover the states with any data.
 */
export const STATISTICS_SQL = `${SCORECARD_CTES},
shown AS (SELECT * FROM ranked WHERE visible AND asked_state),
metric AS (
  SELECT m.metric,
         count(m.value)::int AS count,
         avg(m.value) AS mean,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY m.value) AS median,
         min(m.value) AS min,
         max(m.value) AS max
  FROM shown s
  CROSS JOIN LATERAL (VALUES ('statedIndex', s.stated_index), ('verifiedIndex', s.verified_index),
                             ('credibilityGap', s.credibility_gap), ('completeness', s.completeness),
                             ('evidenceCoverage', s.evidence_coverage), ('contradictions', s.contradictions::numeric)
                     ) AS m(metric, value)
  WHERE s.has_data
  GROUP BY m.metric
),
tier_count AS (
  SELECT tier, count(*)::int AS count FROM shown WHERE has_data AND tier IS NOT NULL GROUP BY tier
)
SELECT (SELECT count(*) FROM shown)::int AS state_count,
       (SELECT count(*) FROM shown WHERE has_data)::int AS data_count,
       coalesce((SELECT json_object_agg(metric, json_build_object(
                   'count', count, 'mean', mean, 'median', median, 'min', min, 'max', max)) FROM metric), '{}'::json) AS metrics,
       coalesce((SELECT json_object_agg(tier, count) FROM tier_count), '{}'::json) AS tiers`;

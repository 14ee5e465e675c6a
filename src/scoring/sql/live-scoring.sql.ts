/**
 * Live scoring of docs/METHODOLOGY.md as common table expressions, set-based over whole cycles.
 *
 * Expects the query it is composed into to define, before it, a CTE `live_target(cycle_year, framework_id)`:
 * the cycle frameworks to score. It takes no parameters of its own, so queries with different parameter
 * lists can include it. It defines, in order:
 *   live_state        (cycle, framework, state) triples that get a scorecard
 *   live_assessment   the target cycles' assessments with accepted supporting / contradicting links
 *   live_input        one row per state x commitment, assessment or not
 *   live_counted      the evidence rule applied
 *   live_scored       scores s(c) on 0-100
 *   live_contribution the explanation rows: levels, weight, scores and points added to each index
 *   live_category     per scorecard x category counts, sums and sub-indices
 *   live_card         per scorecard sums and counts, and its categories as JSON
 *   live_scorecard    per scorecard indices, completeness, coverage, gap and tier
 * Numerics keep full precision throughout; nothing is rounded.
 */
export const LIVE_SCORING_CTES = `
-- A framework applies to the members of its applicability group, plus entities added by admins when the
-- framework includes them. A state outside gets no scorecard at all.
live_state AS (
  SELECT t.cycle_year, t.framework_id, m.state_iso3
  FROM live_target t
  JOIN framework f ON f.id = t.framework_id
  JOIN group_membership m ON m.group_code = f.applicability_group
  UNION
  SELECT t.cycle_year, t.framework_id, s.iso3
  FROM live_target t
  JOIN framework f ON f.id = t.framework_id AND f.includes_added_entities
  JOIN state s ON s.origin = 'admin'
),

-- The assessments of the target cycles with their accepted evidence links (pending and rejected ones are
-- ignored), computed once. Materialized, and links counted through their unique index, so that the plan
-- stays fast whatever the planner guesses about row counts (statistics are often stale after bulk loads).
live_assessment AS MATERIALIZED (
  SELECT a.id, a.cycle_year, a.state_iso3, a.commitment_id, a.stated_level, a.reviewed_level, a.not_applicable,
         e.supporting_count, e.contradicting_count
  FROM assessment a
  CROSS JOIN LATERAL (
    SELECT (count(*) FILTER (WHERE el.stance = 'supports'))::int AS supporting_count,
           (count(*) FILTER (WHERE el.stance = 'contradicts'))::int AS contradicting_count
    FROM evidence_link el
    WHERE el.assessment_id = a.id AND el.judgement = 'accepted'
  ) e
  WHERE a.cycle_year IN (SELECT cycle_year FROM live_target)
),

-- Every commitment of the framework for every state in scope; a missing assessment is "no information".
-- Weights not listed in the cycle's methodology are 1.
live_input AS (
  SELECT ls.cycle_year, ls.framework_id, ls.state_iso3, c.id AS commitment_id, c.category_id,
         a.id AS assessment_id, a.stated_level, a.reviewed_level,
         coalesce(a.not_applicable, false) AS not_applicable,
         coalesce(a.supporting_count, 0) AS supporting_count,
         coalesce(a.contradicting_count, 0) AS contradicting_count,
         coalesce(w.weight, 1::numeric) AS weight,
         m.level_scores, m.evidence_threshold,
         coalesce(a.not_applicable OR a.stated_level IS NOT NULL OR a.reviewed_level IS NOT NULL, false) AS has_data
  FROM live_state ls
  JOIN cycle cy ON cy.year = ls.cycle_year
  JOIN methodology m ON m.version = cy.methodology_version
  JOIN framework f ON f.id = ls.framework_id
  JOIN commitment c ON c.framework_id = f.id
  LEFT JOIN live_assessment a
         ON a.cycle_year = ls.cycle_year AND a.state_iso3 = ls.state_iso3 AND a.commitment_id = c.id
  LEFT JOIN methodology_weight w
         ON w.methodology_version = m.version AND w.framework_code = f.code AND w.commitment_code = c.code
),

-- Evidence rule: a reviewed level above the threshold (1 by default) counts only with at least one accepted
-- supporting item; otherwise it counts as the threshold. Not reviewed yet: no counted level.
live_counted AS (
  SELECT i.*,
         (NOT i.not_applicable AND coalesce(i.reviewed_level > i.evidence_threshold, false) AND i.supporting_count = 0)
           AS evidence_rule_applied,
         CASE WHEN i.not_applicable THEN NULL
              WHEN i.reviewed_level > i.evidence_threshold AND i.supporting_count = 0 THEN i.evidence_threshold
              ELSE i.reviewed_level
         END AS counted_level
  FROM live_input i
),

-- s(c): the methodology's score of the level (arrays are 1-based). No information and not reviewed score 0;
-- not applicable has no score at all.
live_scored AS (
  SELECT k.*,
         CASE WHEN k.not_applicable THEN NULL ELSE coalesce(k.level_scores[k.stated_level + 1], 0) END AS stated_score,
         CASE WHEN k.not_applicable THEN NULL ELSE coalesce(k.level_scores[k.counted_level + 1], 0) END AS verified_score
  FROM live_counted k
),

-- Points a commitment adds to an index: w(c) * s(c) / (sum of w over the applicable commitments A).
-- The stated and verified indices are exactly the sums of these points.
live_contribution AS (
  SELECT sc.cycle_year, sc.framework_id, sc.state_iso3, sc.commitment_id, sc.category_id, sc.assessment_id,
         sc.stated_level, sc.reviewed_level, sc.counted_level, sc.not_applicable, sc.evidence_rule_applied,
         sc.supporting_count, sc.contradicting_count, sc.weight, sc.stated_score, sc.verified_score, sc.has_data,
         CASE WHEN sc.not_applicable THEN 0::numeric
              ELSE sc.weight * sc.stated_score / sum(sc.weight) FILTER (WHERE NOT sc.not_applicable) OVER card END AS stated_points,
         CASE WHEN sc.not_applicable THEN 0::numeric
              ELSE sc.weight * sc.verified_score / sum(sc.weight) FILTER (WHERE NOT sc.not_applicable) OVER card END AS verified_points
  FROM live_scored sc
  WINDOW card AS (PARTITION BY sc.cycle_year, sc.framework_id, sc.state_iso3)
),

-- Per scorecard and category: the counts and weighted sums of its commitments, and the category's sub-indices
-- (the same two indices over its applicable commitments).
live_category AS (
  SELECT cycle_year, framework_id, state_iso3, category_id,
         count(*)::int AS commitment_count,
         (count(*) FILTER (WHERE NOT not_applicable))::int AS applicable_count,
         (count(*) FILTER (WHERE NOT not_applicable AND stated_level IS NOT NULL))::int AS stated_count,
         (count(*) FILTER (WHERE NOT not_applicable AND supporting_count > 0))::int AS evidenced_count,
         sum(contradicting_count)::int AS contradictions,
         coalesce(sum(weight) FILTER (WHERE NOT not_applicable), 0) AS weight_total,
         sum(weight * stated_score) FILTER (WHERE NOT not_applicable) AS stated_sum,
         sum(weight * verified_score) FILTER (WHERE NOT not_applicable) AS verified_sum,
         -- no data is not zero: a state with no data anywhere in the framework gets no sub-index either
         CASE WHEN bool_or(bool_or(has_data)) OVER card THEN sum(weight * stated_score) FILTER (WHERE NOT not_applicable)
           / nullif(sum(weight) FILTER (WHERE NOT not_applicable), 0) END AS stated_index,
         CASE WHEN bool_or(bool_or(has_data)) OVER card THEN sum(weight * verified_score) FILTER (WHERE NOT not_applicable)
           / nullif(sum(weight) FILTER (WHERE NOT not_applicable), 0) END AS verified_index,
         bool_or(has_data) AS has_data
  FROM live_contribution
  GROUP BY cycle_year, framework_id, state_iso3, category_id
  WINDOW card AS (PARTITION BY cycle_year, framework_id, state_iso3)
),

-- Per scorecard, added up from its categories (exact numeric sums, so the same values as over its commitments),
-- with the category sub-indices as a JSON array in the catalogue's order: built here rather than joined on
-- later, because joins between CTEs rest on guessed row counts and a nested loop there grew with the square
-- of the scorecards. Indices are NULL when every commitment is marked not applicable (A is empty), and when
-- the state has no data at all: silence is not a score of 0 (no tier, no rank, no index).
-- Contradictions count accepted contradicting links on every commitment of the framework.
live_card AS (
  SELECT lc.cycle_year, lc.framework_id, lc.state_iso3,
         sum(lc.commitment_count)::int AS commitment_count,
         sum(lc.applicable_count)::int AS applicable_count,
         sum(lc.stated_count)::int AS stated_count,
         sum(lc.evidenced_count)::int AS evidenced_count,
         sum(lc.contradictions)::int AS contradictions,
         sum(lc.weight_total) AS weight_total,
         CASE WHEN bool_or(lc.has_data) THEN sum(lc.stated_sum) / nullif(sum(lc.weight_total), 0) END AS stated_index,
         CASE WHEN bool_or(lc.has_data) THEN sum(lc.verified_sum) / nullif(sum(lc.weight_total), 0) END AS verified_index,
         bool_or(lc.has_data) AS has_data,
         json_agg(json_build_object(
           'code', fc.code, 'label', fc.label, 'applicableCount', lc.applicable_count, 'weightTotal', lc.weight_total,
           'statedIndex', lc.stated_index, 'verifiedIndex', lc.verified_index) ORDER BY fc.position) AS categories
  FROM live_category lc
  JOIN framework_category fc ON fc.id = lc.category_id
  GROUP BY lc.cycle_year, lc.framework_id, lc.state_iso3
),

-- Completeness and evidence coverage are unweighted shares of A; the tier uses the cycle's methodology.
live_scorecard AS (
  SELECT lc.*,
         lc.stated_index - lc.verified_index AS credibility_gap,
         CASE WHEN lc.has_data THEN 100.0 * lc.stated_count / nullif(lc.applicable_count, 0) END AS completeness,
         CASE WHEN lc.has_data THEN 100.0 * lc.evidenced_count / nullif(lc.applicable_count, 0) END AS evidence_coverage,
         CASE WHEN lc.verified_index IS NULL THEN NULL
              WHEN lc.verified_index >= m.tier_advanced_min THEN 'Advanced'
              WHEN lc.verified_index >= m.tier_established_min THEN 'Established'
              WHEN lc.verified_index >= m.tier_developing_min THEN 'Developing'
              WHEN lc.verified_index >= m.tier_initial_min THEN 'Initial'
              ELSE 'Minimal'
         END AS tier
  FROM live_card lc
  JOIN cycle cy ON cy.year = lc.cycle_year
  JOIN methodology m ON m.version = cy.methodology_version
)`;

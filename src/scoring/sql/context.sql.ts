/**
 * What a scorecard request refers to, in one round trip: the cycle (status, methodology, snapshot), the
 * version of the framework it assesses, and whether the group and the state exist. Always one row. The
 * catalogue's last load stamps cached answers about published cycles (published-scorecards.cache.ts).
 * Parameters: $1 int year, $2 text framework code or NULL, $3 text group or NULL, $4 text state or NULL.
 */
export const CONTEXT_SQL = `
SELECT cy.year AS cycle_year, cy.status AS cycle_status, cy.methodology_version,
       (SELECT ss.taken_at FROM score_snapshot ss WHERE ss.cycle_year = cy.year) AS snapshot_taken_at,
       (SELECT max(cf.last_loaded_at) FROM catalogue_file cf) AS catalogue_loaded_at,
       fw.id AS framework_id, fw.code AS framework_code, fw.version AS framework_version,
       fw.applicability_group,
       -- a published cycle knows the groups it was published with, even if one was deleted since
       ($3::text IS NULL OR CASE WHEN EXISTS (SELECT 1 FROM publication p WHERE p.cycle_year = cy.year)
                                 THEN EXISTS (SELECT 1 FROM publication_group pg WHERE pg.cycle_year = cy.year AND pg.code = $3::text)
                                 ELSE EXISTS (SELECT 1 FROM state_group g WHERE g.code = $3::text) END) AS group_exists,
       ($4::text IS NULL OR EXISTS (SELECT 1 FROM state s WHERE s.iso3 = $4::text)) AS state_exists
FROM (SELECT 1) AS one
LEFT JOIN cycle cy ON cy.year = $1::int
LEFT JOIN LATERAL (
  SELECT f.id, f.code, f.version, f.applicability_group
  FROM cycle_framework cf JOIN framework f ON f.id = cf.framework_id
  WHERE cf.cycle_year = cy.year AND f.code = $2::text
) fw ON true`;

/** For a state's history: does the state exist, and the framework code (if given)? Parameters: $1 state, $2 code or NULL. */
export const HISTORY_CONTEXT_SQL = `
SELECT EXISTS (SELECT 1 FROM state s WHERE s.iso3 = $1::text) AS state_exists,
       ($2::text IS NULL OR EXISTS (SELECT 1 FROM framework f WHERE f.code = $2::text)) AS framework_exists`;

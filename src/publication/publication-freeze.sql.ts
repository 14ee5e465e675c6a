// What publishing copies, each one statement for the whole cycle. Parameters: $1 cycle year (and $2 version for evidence).

/** The newest catalogue version loaded, compared as numbers (2026.10 after 2026.9). */
export const LATEST_CATALOGUE_VERSION_SQL = `
  (SELECT version FROM catalogue_version ORDER BY string_to_array(version, '.')::int[] DESC LIMIT 1)`;

export const FREEZE_STATES_SQL = `
  INSERT INTO publication_state (cycle_year, state_iso3, name) SELECT $1, iso3, name FROM state`;

export const FREEZE_GROUPS_SQL = `
  INSERT INTO publication_group (cycle_year, code, name, kind) SELECT $1, code, name, kind FROM state_group`;

export const FREEZE_MEMBERS_SQL = `
  INSERT INTO publication_group_member (cycle_year, group_code, state_iso3) SELECT $1, group_code, state_iso3 FROM group_membership`;

export const FREEZE_CATALOGUE_FILES_SQL = `
  INSERT INTO publication_catalogue_file (cycle_year, path, content_sha256) SELECT $1, path, content_sha256 FROM catalogue_file`;

/** Every evidence item linked in the cycle, as its current content (a stored revision, added when it changed). */
export const PIN_EVIDENCE_SQL = `
  INSERT INTO publication_evidence (cycle_year, version, evidence_id, revision)
  SELECT $1, $2, e.id, evidence_revision_of(e)
  FROM evidence e
  WHERE e.id IN (SELECT l.evidence_id FROM evidence_link l JOIN assessment a ON a.id = l.assessment_id WHERE a.cycle_year = $1)`;

/**
 * An erratum's evidence: the listed items ($3, or every item when null) take their current revision, the
 * others keep the one the previous version showed.
 */
export const REPIN_EVIDENCE_SQL = `
  INSERT INTO publication_evidence (cycle_year, version, evidence_id, revision)
  SELECT $1, $2, e.id, CASE WHEN $3::uuid[] IS NULL OR e.id = ANY($3::uuid[]) THEN evidence_revision_of(e) ELSE prev.revision END
  FROM publication_evidence prev JOIN evidence e ON e.id = prev.evidence_id
  WHERE prev.cycle_year = $1 AND prev.version = $2 - 1`;

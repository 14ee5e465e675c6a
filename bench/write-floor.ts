import { Client } from 'pg';

/**
 * The cost of storing an imported cycle's rows with nothing but the schema's own rules: the assessments,
 * evidence items and links of `year` written again, set-based (INSERT … SELECT), into a scratch cycle of the
 * real tables, with their foreign keys, checks, indexes and integrity triggers, but no file to parse, no
 * validation and no audit entries. Rolled back. This separates what the import adds from what the schema costs.
 */
export async function writeFloorMs(client: Client, year: number, scratch = 2099): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO cycle (year, title, status, methodology_version, version, synthetic)
       SELECT $2, '[Synthetic] write floor', 'open', methodology_version, 1, true FROM cycle WHERE year = $1`,
      [year, scratch],
    );
    await client.query('INSERT INTO cycle_framework (cycle_year, framework_id) SELECT $2, framework_id FROM cycle_framework WHERE cycle_year = $1', [year, scratch]);
    const started = performance.now();
    await client.query(
      `INSERT INTO assessment (cycle_year, state_iso3, commitment_id, stated_level, not_applicable, not_applicable_justification, narrative,
                               source, source_reference, stated_by, reviewed_level, review_rationale, status, reviewed_by, reviewed_at,
                               updated_by, version)
       SELECT $2, state_iso3, commitment_id, stated_level, not_applicable, not_applicable_justification, narrative, source, source_reference,
              stated_by, reviewed_level, review_rationale, status, reviewed_by, reviewed_at, updated_by, 1
       FROM assessment WHERE cycle_year = $1`,
      [year, scratch],
    );
    await client.query(
      `INSERT INTO evidence (title, kind, publisher, published_on, language, visibility, url, created_by, version)
       SELECT e.title, e.kind, e.publisher, e.published_on, e.language, e.visibility, e.url || '#floor', e.created_by, 1
       FROM evidence e WHERE e.id IN (SELECT l.evidence_id FROM evidence_link l JOIN assessment a ON a.id = l.assessment_id WHERE a.cycle_year = $1)`,
      [year],
    );
    await client.query(
      `INSERT INTO evidence_link (assessment_id, evidence_id, stance, judgement, rejection_reason, judged_by, judged_at, created_by, version)
       SELECT n.id, ne.id, l.stance, l.judgement, l.rejection_reason, l.judged_by, l.judged_at, l.created_by, 1
       FROM evidence_link l
       JOIN assessment o ON o.id = l.assessment_id AND o.cycle_year = $1
       JOIN assessment n ON n.cycle_year = $2 AND n.state_iso3 = o.state_iso3 AND n.commitment_id = o.commitment_id
       JOIN evidence oe ON oe.id = l.evidence_id
       JOIN evidence ne ON ne.url = oe.url || '#floor'`,
      [year, scratch],
    );
    return performance.now() - started;
  } finally {
    await client.query('ROLLBACK');
  }
}

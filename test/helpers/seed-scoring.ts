import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PublicationService } from '../../src/publication/publication.service';

// Test data for scoring, written with SQL so that tests control every level, mark and judgement directly.

export interface AssessmentSeed {
  state: string;
  /** Framework code and commitment code, e.g. GGE and 13(a). */
  framework: string;
  commitment: string;
  stated?: number | null;
  reviewed?: number | null;
  notApplicable?: boolean;
}

export interface LinkSeed {
  assessmentId: string;
  stance: 'supports' | 'contradicts';
  judgement: 'pending' | 'accepted' | 'rejected';
}

/** A cycle assessing the latest loaded version of each framework code, with the given methodology. */
export async function insertCycle(
  dataSource: DataSource,
  year: number,
  frameworks: string[],
  options: { status?: 'open' | 'in_review'; methodology?: string } = {},
): Promise<void> {
  await dataSource.query(
    `INSERT INTO cycle (year, title, status, version, methodology_version) VALUES ($1, $2, $3, 1, $4)`,
    [year, `Cycle ${year}`, options.status ?? 'open', options.methodology ?? '2026.1'],
  );
  await dataSource.query(
    `INSERT INTO cycle_framework (cycle_year, framework_id)
     SELECT $1, (SELECT f.id FROM framework f WHERE f.code = w.wanted ORDER BY string_to_array(f.version, '.')::int[] DESC LIMIT 1)
     FROM unnest($2::text[]) AS w(wanted)`,
    [year, frameworks],
  );
}

/** Inserts assessments in one statement; returns their ids in input order. */
export async function insertAssessments(
  dataSource: DataSource,
  year: number,
  reviewerId: string,
  rows: AssessmentSeed[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => randomUUID());
  const inserted: unknown[] = await dataSource.query(
    `INSERT INTO assessment (id, cycle_year, state_iso3, commitment_id, stated_level, source, stated_by, not_applicable,
                             not_applicable_justification, reviewed_level, review_rationale, reviewed_by, reviewed_at, version)
     SELECT i.id, $1, i.state, c.id, i.stated,
            CASE WHEN i.stated IS NOT NULL THEN 'self_assessment' END, CASE WHEN i.stated IS NOT NULL THEN 'state_official' END,
            i.not_applicable, CASE WHEN i.not_applicable THEN 'Not relevant to this state' END,
            i.reviewed, CASE WHEN i.reviewed IS NOT NULL THEN 'Weighed the evidence' END,
            CASE WHEN i.reviewed IS NOT NULL THEN $9::uuid END, CASE WHEN i.reviewed IS NOT NULL THEN now() END, 1
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::smallint[], $7::smallint[], $8::boolean[])
          AS i(id, state, framework, commitment, stated, reviewed, not_applicable)
     JOIN cycle_framework cf ON cf.cycle_year = $1
     JOIN framework f ON f.id = cf.framework_id AND f.code = i.framework
     JOIN commitment c ON c.framework_id = f.id AND c.code = i.commitment
     RETURNING id`,
    [
      year,
      ids,
      rows.map((r) => r.state),
      rows.map((r) => r.framework),
      rows.map((r) => r.commitment),
      rows.map((r) => (r.notApplicable ? null : (r.stated ?? null))),
      rows.map((r) => (r.notApplicable ? null : (r.reviewed ?? null))),
      rows.map((r) => r.notApplicable ?? false),
      reviewerId,
    ],
  );
  if (inserted.length !== rows.length) throw new Error(`inserted ${inserted.length} of ${rows.length} assessments (unknown commitment?)`);
  return ids;
}

/** Evidence items (one per link) and their links to assessments, judged as given. */
export async function insertLinks(dataSource: DataSource, userId: string, links: LinkSeed[]): Promise<void> {
  if (links.length === 0) return;
  await dataSource.query(
    `WITH input AS (
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS i(assessment_id, stance, judgement, n)
     ), items AS (
       INSERT INTO evidence (title, kind, url, created_by, version)
       SELECT 'Evidence ' || i.n, 'other', 'https://example.org/evidence/' || $5 || '/' || i.n, $1, 1 FROM input i
       RETURNING id, url
     )
     INSERT INTO evidence_link (assessment_id, evidence_id, stance, judgement, rejection_reason, judged_by, judged_at, created_by, version)
     SELECT i.assessment_id, items.id, i.stance, i.judgement,
            CASE WHEN i.judgement = 'rejected' THEN 'Not credible' END,
            CASE WHEN i.judgement <> 'pending' THEN $1::uuid END, CASE WHEN i.judgement <> 'pending' THEN now() END, $1, 1
     FROM input i JOIN items ON items.url = 'https://example.org/evidence/' || $5 || '/' || i.n`,
    [userId, links.map((l) => l.assessmentId), links.map((l) => l.stance), links.map((l) => l.judgement), randomUUID()],
  );
}

/** What the cycle publish code does: freeze the cycle (scores and all), then flip the status, in one transaction. */
export async function publishCycle(app: INestApplication, year: number): Promise<void> {
  await app.get(DataSource).transaction(async (manager) => {
    await app.get(PublicationService).freeze(manager, year, null);
    await manager.query(`UPDATE cycle SET status = 'published', published_at = now(), version = version + 1 WHERE year = $1`, [year]);
  });
}

/** A methodology version created directly (tests of the API create theirs through POST /api/methodologies). */
export async function insertMethodology(
  dataSource: DataSource,
  version: string,
  weights: Array<{ framework: string; commitment: string; weight: number }> = [],
  options: { levelScores?: number[]; evidenceThreshold?: number } = {},
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO methodology (version, title, level_labels, level_scores, evidence_threshold,
                                tier_advanced_min, tier_established_min, tier_developing_min, tier_initial_min)
       SELECT $1, 'Test ' || $1, level_labels, coalesce($2::numeric[], level_scores), coalesce($3, evidence_threshold),
              tier_advanced_min, tier_established_min, tier_developing_min, tier_initial_min
       FROM methodology WHERE version = '2026.1'`,
      [version, options.levelScores ?? null, options.evidenceThreshold ?? null],
    );
    for (const w of weights) {
      await manager.query(
        `INSERT INTO methodology_weight (methodology_version, framework_code, commitment_code, weight) VALUES ($1, $2, $3, $4)`,
        [version, w.framework, w.commitment, w.weight],
      );
    }
  });
}

/** The commitment codes of the latest version of a framework, in catalogue order. */
export async function commitmentCodes(dataSource: DataSource, framework: string): Promise<Array<{ code: string; category: string }>> {
  return dataSource.query(
    `SELECT c.code, fc.code AS category FROM commitment c JOIN framework_category fc ON fc.id = c.category_id
     WHERE c.framework_id = (SELECT id FROM framework WHERE code = $1 ORDER BY string_to_array(version, '.')::int[] DESC LIMIT 1)
     ORDER BY c.position`,
    [framework],
  );
}

/** Members of a group, sorted. */
export async function groupMembers(dataSource: DataSource, group: string): Promise<string[]> {
  const rows: Array<{ state_iso3: string }> = await dataSource.query(
    'SELECT state_iso3 FROM group_membership WHERE group_code = $1 ORDER BY state_iso3',
    [group],
  );
  return rows.map((r) => r.state_iso3);
}

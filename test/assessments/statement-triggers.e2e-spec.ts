import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditChainService } from '../../src/integrity/audit-chain.service';
import { createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus, openCycle } from '../helpers/workflow';

/**
 * The scope, frozen-cycle and audit-chain rules run once per statement (migration 1763850000000): a statement
 * with one bad row among good ones must still be refused whole, and multi-row writes must chain correctly.
 */
describe('Statement-level integrity rules', () => {
  let app: INestApplication;
  let db: DataSource;
  let admin: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    await openCycle(app, admin, 2025);
    await openCycle(app, admin, 2026);
  });
  afterAll(async () => {
    await app.close();
  });

  async function commitmentId(year: number, framework: string, code: string): Promise<number> {
    const [row] = await db.query(
      `SELECT c.id FROM commitment c JOIN framework f ON f.id = c.framework_id JOIN cycle_framework cf ON cf.framework_id = f.id
       WHERE cf.cycle_year = $1 AND f.code = $2 AND c.code = $3`,
      [year, framework, code],
    );
    return row.id;
  }

  /** Inserts assessments with one statement; returns their ids. */
  async function insertAssessments(rows: Array<[number, string, number]>): Promise<string[]> {
    const inserted: Array<{ id: string }> = await db.query(
      `INSERT INTO assessment (cycle_year, state_iso3, commitment_id, status, updated_by, version)
       SELECT y, s, c, 'draft', $4, 1 FROM unnest($1::int[], $2::text[], $3::int[]) AS x(y, s, c) RETURNING id`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), admin.id],
    );
    return inserted.map((r) => r.id);
  }

  const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('refuses a multi-row insert with one assessment out of scope, keeping none of its rows', async () => {
    const gge = await commitmentId(2026, 'GGE', '13(a)');
    const osce = await commitmentId(2026, 'OSCE', '8');
    await expect(insertAssessments([[2026, 'FRA', gge], [2026, 'DEU', osce], [2026, 'BRA', osce]])).rejects.toMatchObject({
      code: '23514',
      constraint: 'CHK_assessment_in_scope',
      message: `commitment ${osce} is not assessed for BRA in cycle 2026`,
    });
    expect(await count('assessment')).toBe(0);
    await insertAssessments([[2026, 'FRA', gge], [2026, 'DEU', osce]]);
    expect(await count('assessment')).toBe(2);
  });

  it('checks scope again only when an update moves an assessment', async () => {
    const osce = await commitmentId(2026, 'OSCE', '8');
    const [id] = await insertAssessments([[2026, 'DEU', osce]]);
    await db.query(`UPDATE assessment SET narrative = 'edited' WHERE id = $1`, [id]);
    await expect(db.query(`UPDATE assessment SET state_iso3 = 'BRA' WHERE id = $1`, [id])).rejects.toMatchObject({ constraint: 'CHK_assessment_in_scope' });
    expect((await db.query('SELECT state_iso3, narrative FROM assessment WHERE id = $1', [id]))[0]).toEqual({ state_iso3: 'DEU', narrative: 'edited' });
  });

  it('refuses any statement that touches a published cycle, even among rows of an open one', async () => {
    const [old, unlinked] = await insertAssessments([
      [2025, 'FRA', await commitmentId(2025, 'GGE', '13(a)')],
      [2025, 'FRA', await commitmentId(2025, 'GGE', '13(c)')],
    ]);
    const [open] = await insertAssessments([[2026, 'FRA', await commitmentId(2026, 'GGE', '13(a)')]]);
    const [evidence] = await db.query(
      `INSERT INTO evidence (title, kind, url, created_by, version) VALUES ('Strategy', 'strategy', 'https://example.org/s', $1, 1) RETURNING id`,
      [admin.id],
    );
    await db.query(
      `INSERT INTO evidence_link (assessment_id, evidence_id, stance, judgement, created_by, version) VALUES ($1, $2, 'supports', 'pending', $3, 1)`,
      [old, evidence.id, admin.id],
    );
    await changeCycleStatus(app, admin, 2025, 'in_review');
    await changeCycleStatus(app, admin, 2025, 'published');

    const frozen = { code: 'CN409', message: 'cycle 2025 is published and cannot change' };
    await expect(db.query(`UPDATE assessment SET narrative = 'late' WHERE id = ANY($1::uuid[])`, [[open, old]])).rejects.toMatchObject(frozen);
    await expect(insertAssessments([[2025, 'DEU', await commitmentId(2025, 'GGE', '13(b)')]])).rejects.toMatchObject(frozen);
    const linkBoth = (evidenceId: string) =>
      db.query(
        `INSERT INTO evidence_link (assessment_id, evidence_id, stance, judgement, created_by, version)
         SELECT a, $2, 'supports', 'pending', $3, 1 FROM unnest($1::uuid[]) AS a ON CONFLICT DO NOTHING`,
        [[open, old], evidenceId, admin.id],
      );
    const [other] = await db.query(
      `INSERT INTO evidence (title, kind, url, created_by, version) VALUES ('Report', 'media', 'https://example.org/r', $1, 1) RETURNING id`,
      [admin.id],
    );
    await expect(linkBoth(other.id)).rejects.toMatchObject(frozen);
    // Rows that ON CONFLICT skips are not written, so they change nothing in the published cycle.
    await linkBoth(evidence.id);
    await db.query(`DELETE FROM evidence_link WHERE assessment_id = $1`, [open]);
    await expect(db.query(`UPDATE evidence_link SET stance = 'contradicts'`)).rejects.toMatchObject(frozen);
    await expect(db.query(`DELETE FROM evidence_link`)).rejects.toMatchObject(frozen);
    await expect(
      db.query(`INSERT INTO assessment_comment (assessment_id, author_id, body) VALUES ($1, $2, 'late')`, [old, admin.id]),
    ).rejects.toMatchObject(frozen);
    // Deleting a published assessment: the frozen rule or, first, the snapshot's foreign key refuses it.
    await expect(db.query(`DELETE FROM assessment WHERE id = $1`, [unlinked])).rejects.toMatchObject({ code: expect.stringMatching(/^(CN409|23001)$/) });

    expect((await db.query('SELECT narrative FROM assessment WHERE id = $1', [open]))[0].narrative).toBeNull();
    expect(await count('evidence_link')).toBe(1);
    // The open cycle alone is still writable.
    await db.query(`UPDATE assessment SET narrative = 'fine' WHERE id = $1`, [open]);
  });

  it('chains multi-row audit appends, several statements and a failed statement in one transaction', async () => {
    const chain = new AuditChainService(db);
    await db.transaction(async (manager) => {
      const append = (n: number, prefix: string) =>
        manager.query(
          `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id)
           SELECT $1, 'test.bulk', 'test', $2 || g FROM generate_series(1, $3::int) g`,
          [admin.id, prefix, n],
        );
      await append(50, 'a');
      await manager.query('SAVEPOINT before_failure');
      // The 3rd row breaks a foreign key: the statement fails after two rows were chained, and is undone.
      await expect(
        manager.query(
          `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, state_iso3)
           SELECT $1, 'test.bulk', 'test', 'b' || g, CASE WHEN g = 3 THEN 'ZZZ' ELSE 'FRA' END FROM generate_series(1, 5) g`,
          [admin.id],
        ),
      ).rejects.toMatchObject({ code: '23503' });
      await manager.query('ROLLBACK TO SAVEPOINT before_failure');
      await append(30, 'c');
    });
    const report = await chain.verify();
    expect(report.intact).toBe(true);
    const [{ seqs, distinct, max }] = await db.query(
      `SELECT count(*)::int AS seqs, count(DISTINCT chain_seq)::int AS distinct, max(chain_seq)::int AS max FROM audit_entry`,
    );
    expect(distinct).toBe(seqs);
    expect(max).toBe(seqs);
    const [head] = await db.query('SELECT chain_seq::int, entry_hash FROM audit_chain_head');
    const [last] = await db.query('SELECT chain_seq::int, entry_hash FROM audit_entry ORDER BY chain_seq DESC LIMIT 1');
    expect(head).toEqual(last);
    expect(Number((await db.query(`SELECT count(*) AS n FROM audit_entry WHERE action = 'test.bulk' AND entity_id LIKE 'b%'`))[0].n)).toBe(0);
  });
});

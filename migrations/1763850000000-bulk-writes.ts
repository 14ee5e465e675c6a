import { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS = '0'.repeat(64);
const CHILDREN = ['evidence_link', 'assessment_comment'];

/**
 * Second round of changes found by the benchmark's import of one full cycle (~2,800 assessments, ~13,000
 * evidence items and links, ~29,000 audit entries), which spent most of its time in row triggers:
 *
 * - Scope and frozen-cycle checks ran once per row (the scope check alone cost ~180 µs a row, 0.5 s for a
 *   cycle's assessments). They become statement triggers over transition tables: one set-based check per
 *   statement, the same errors (23514 CHK_assessment_in_scope, CN409), raised before the statement ends, so
 *   nothing of a refused statement is kept. cycle_framework keeps its row trigger (a handful of rows).
 * - The audit chain's row trigger looked its predecessor up in the table for every entry (~40 µs a row).
 *   Each entry now leaves (chain_seq, entry_hash) in a transaction-local setting for the next row of the same
 *   statement; the first row of a statement still locks the head, and the statement trigger advances the head
 *   and clears the setting. Same hashes and the same serialisation of concurrent writers. A failed statement
 *   aborts its (sub)transaction, which also undoes the setting.
 */
export class BulkWrites1763850000000 implements MigrationInterface {
  name = 'BulkWrites1763850000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.statementLevelScope(queryRunner);
    await this.statementLevelFrozen(queryRunner);
    await this.chainTailInTransaction(queryRunner);
  }

  private async statementLevelScope(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_assessment_in_scope" ON "assessment"`);
    // On update only rows whose cycle, state or commitment changed are checked (a transition-table trigger
    // cannot name columns the way the row trigger did).
    await queryRunner.query(`
      CREATE FUNCTION assessments_are_in_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT n.commitment_id, n.state_iso3, n.cycle_year INTO bad FROM new_rows n
          WHERE NOT EXISTS (
            SELECT 1 FROM commitment c JOIN cycle_framework cf ON cf.framework_id = c.framework_id AND cf.cycle_year = n.cycle_year
            WHERE c.id = n.commitment_id AND framework_applies_to(c.framework_id, n.state_iso3))
          LIMIT 1;
        ELSE
          SELECT n.commitment_id, n.state_iso3, n.cycle_year INTO bad FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.cycle_year, n.state_iso3, n.commitment_id) IS DISTINCT FROM (o.cycle_year, o.state_iso3, o.commitment_id)
            AND NOT EXISTS (
              SELECT 1 FROM commitment c JOIN cycle_framework cf ON cf.framework_id = c.framework_id AND cf.cycle_year = n.cycle_year
              WHERE c.id = n.commitment_id AND framework_applies_to(c.framework_id, n.state_iso3))
          LIMIT 1;
        END IF;
        IF FOUND THEN
          RAISE EXCEPTION 'commitment % is not assessed for % in cycle %', bad.commitment_id, bad.state_iso3, bad.cycle_year
            USING ERRCODE = '23514', CONSTRAINT = 'CHK_assessment_in_scope';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_assessment_in_scope_insert" AFTER INSERT ON "assessment" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessments_are_in_scope()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_assessment_in_scope_update" AFTER UPDATE ON "assessment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION assessments_are_in_scope()`,
    );
  }

  private async statementLevelFrozen(queryRunner: QueryRunner): Promise<void> {
    // The cycles a statement touches: assessments carry their year, links and comments reach it through their assessment.
    await queryRunner.query(`
      CREATE FUNCTION statement_refuses_published_cycles() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        years integer[] := '{}';
        frozen integer;
      BEGIN
        IF TG_TABLE_NAME = 'assessment' THEN
          IF TG_OP <> 'DELETE' THEN years := years || ARRAY(SELECT DISTINCT n.cycle_year FROM new_rows n); END IF;
          IF TG_OP <> 'INSERT' THEN years := years || ARRAY(SELECT DISTINCT o.cycle_year FROM old_rows o); END IF;
        ELSE
          IF TG_OP <> 'DELETE' THEN
            years := years || ARRAY(SELECT DISTINCT a.cycle_year FROM assessment a WHERE a.id IN (SELECT n.assessment_id FROM new_rows n));
          END IF;
          IF TG_OP <> 'INSERT' THEN
            years := years || ARRAY(SELECT DISTINCT a.cycle_year FROM assessment a WHERE a.id IN (SELECT o.assessment_id FROM old_rows o));
          END IF;
        END IF;
        SELECT c.year INTO frozen FROM cycle c WHERE c.year = ANY(years) AND c.status = 'published' ORDER BY c.year LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'cycle % is published and cannot change', frozen USING ERRCODE = 'CN409';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['assessment', ...CHILDREN]) {
      await queryRunner.query(`DROP TRIGGER "TRG_${table}_frozen" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statement_refuses_published_cycles()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statement_refuses_published_cycles()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statement_refuses_published_cycles()`,
      );
    }
  }

  private async chainTailInTransaction(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tail text := current_setting('cnt.audit_chain_tail', true);
        head audit_chain_head%ROWTYPE;
      BEGIN
        IF tail IS NULL OR tail = '' THEN
          -- First entry of the statement: take the head's lock (held until commit) and chain onto it.
          SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
          IF NOT FOUND THEN
            INSERT INTO audit_chain_head (id, chain_seq, entry_hash) VALUES (true, 0, '${GENESIS}') ON CONFLICT (id) DO NOTHING;
            SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
          END IF;
        ELSE
          head.chain_seq := split_part(tail, ':', 1)::bigint;
          head.entry_hash := split_part(tail, ':', 2);
        END IF;
        NEW.chain_seq := head.chain_seq + 1;
        NEW.prev_hash := head.entry_hash;
        NEW.entry_hash := audit_entry_digest(NEW);
        PERFORM set_config('cnt.audit_chain_tail', NEW.chain_seq || ':' || NEW.entry_hash, true);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_chain_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tail text := current_setting('cnt.audit_chain_tail', true);
      BEGIN
        IF tail IS NOT NULL AND tail <> '' THEN
          UPDATE audit_chain_head SET chain_seq = split_part(tail, ':', 1)::bigint, entry_hash = split_part(tail, ':', 2) WHERE id;
          PERFORM set_config('cnt.audit_chain_tail', '', true);
        END IF;
        RETURN NULL;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Back to 1763840000000's chain functions: predecessor from the table, head advanced from the newest entry.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_chain_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE audit_chain_head h SET chain_seq = e.chain_seq, entry_hash = e.entry_hash
        FROM (SELECT chain_seq, entry_hash FROM audit_entry ORDER BY chain_seq DESC LIMIT 1) e
        WHERE h.id AND e.chain_seq > h.chain_seq;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
        newest audit_entry%ROWTYPE;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO audit_chain_head (id, chain_seq, entry_hash) VALUES (true, 0, '${GENESIS}') ON CONFLICT (id) DO NOTHING;
          SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
        END IF;
        SELECT * INTO newest FROM audit_entry e WHERE e.chain_seq > head.chain_seq ORDER BY e.chain_seq DESC LIMIT 1;
        IF FOUND THEN
          head.chain_seq := newest.chain_seq;
          head.entry_hash := newest.entry_hash;
        END IF;
        NEW.chain_seq := head.chain_seq + 1;
        NEW.prev_hash := head.entry_hash;
        NEW.entry_hash := audit_entry_digest(NEW);
        RETURN NEW;
      END $$`);
    for (const table of ['assessment', ...CHILDREN]) {
      for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "TRG_${table}_frozen_${event}" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen" BEFORE INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cycle_child_is_frozen()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION statement_refuses_published_cycles`);
    await queryRunner.query(`DROP TRIGGER "TRG_assessment_in_scope_insert" ON "assessment"`);
    await queryRunner.query(`DROP TRIGGER "TRG_assessment_in_scope_update" ON "assessment"`);
    await queryRunner.query(`DROP FUNCTION assessments_are_in_scope`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_assessment_in_scope" BEFORE INSERT OR UPDATE OF cycle_year, state_iso3, commitment_id ON "assessment" FOR EACH ROW EXECUTE FUNCTION assessment_is_in_scope()`,
    );
  }
}

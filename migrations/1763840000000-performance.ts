import { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS = '0'.repeat(64);

/**
 * Changes found by the world-scale benchmark (bench/, `npm run bench`).
 *
 * Audit chain: the row trigger of 1763820000000-audit-chain.ts updated the single audit_chain_head row for
 * every entry. Inside one transaction each update leaves a new version of that row that cannot be pruned
 * before commit, and the next entry's lookup walks all of them: a set-based import writing n audit entries
 * cost O(n²) (a 16,000-row cycle import spent ~55 of its 65 s there). Now the row trigger only locks the head
 * (re-locking a row this transaction already holds is free) and chains onto the newest entry after it, which
 * the unique chain_seq index finds at once; a statement trigger advances the head once per INSERT statement.
 * Same hashes, same chain, same serialisation of concurrent appends (the head stays locked until commit).
 *
 * Evidence by URL: the importer's lookup of existing evidence scanned the whole table, so an import got slower
 * with every cycle stored before it.
 */
export class Performance1763840000000 implements MigrationInterface {
  name = 'Performance1763840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
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
        -- Entries of this statement so far are past the head (it is advanced at the end of each statement).
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
    await queryRunner.query(`
      CREATE FUNCTION audit_chain_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE audit_chain_head h SET chain_seq = e.chain_seq, entry_hash = e.entry_hash
        FROM (SELECT chain_seq, entry_hash FROM audit_entry ORDER BY chain_seq DESC LIMIT 1) e
        WHERE h.id AND e.chain_seq > h.chain_seq;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_chain_head" AFTER INSERT ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_advance()`,
    );
    // The importer looks its evidence up by URL: without an index every import scanned all evidence ever stored.
    await queryRunner.query(`CREATE INDEX "IDX_evidence_url" ON "evidence" ("url") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_evidence_url"`);
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_chain_head" ON "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION audit_chain_head_advance`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO audit_chain_head (id, chain_seq, entry_hash) VALUES (true, 0, '${GENESIS}') ON CONFLICT (id) DO NOTHING;
          SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
        END IF;
        NEW.chain_seq := head.chain_seq + 1;
        NEW.prev_hash := head.entry_hash;
        NEW.entry_hash := audit_entry_digest(NEW);
        UPDATE audit_chain_head SET chain_seq = NEW.chain_seq, entry_hash = NEW.entry_hash WHERE id;
        RETURN NEW;
      END $$`);
  }
}

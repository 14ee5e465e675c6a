import { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS = '0'.repeat(64);

/**
 * Hash chain over the audit trail. Each entry gets a position in the chain (chain_seq), the hash of the
 * entry before it (prev_hash) and its own hash over a canonical form of its fields plus prev_hash.
 *
 * Computed in a BEFORE INSERT trigger rather than in AuditService, so every writer is covered: the
 * service, copy-forward's and the importer's set-based INSERT … SELECT, and hand-written SQL. Appends are
 * serialised by the single row of audit_chain_head: the trigger locks it (FOR UPDATE) until commit, so
 * two transactions can never chain onto the same predecessor. Under READ COMMITTED the waiter re-reads
 * the committed head; under REPEATABLE READ or SERIALIZABLE it fails with 40001 instead of forking.
 * Chain order is commit order, which may differ from id order (ids come from a sequence before the lock).
 */
export class AuditChain1763820000000 implements MigrationInterface {
  name = 'AuditChain1763820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "chain_seq" bigint`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "prev_hash" text`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "entry_hash" text`);
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("id" boolean NOT NULL DEFAULT true, "chain_seq" bigint NOT NULL, "entry_hash" text NOT NULL, CONSTRAINT "CHK_audit_chain_head_single" CHECK ("id"), CONSTRAINT "PK_audit_chain_head" PRIMARY KEY ("id"))`,
    );
    // The canonical form: a jsonb array (whose text output is deterministic), the time in UTC to the microsecond.
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_digest(e audit_entry) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(e.prev_hash || jsonb_build_array(
          e.chain_seq, e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_user_id, e.action, e.entity_type, e.entity_id, e.state_iso3, e.before, e.after, e.request_id
        )::text, 'UTF8')), 'hex')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
    // Existing entries join the chain in id order (the append-only trigger is paused for this one backfill).
    await queryRunner.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER "TRG_audit_entry_append_only"`);
    await queryRunner.query(`
      DO $$
      DECLARE
        e audit_entry%ROWTYPE;
        seq bigint := 0;
        prev text := '${GENESIS}';
      BEGIN
        FOR e IN SELECT * FROM audit_entry ORDER BY id LOOP
          seq := seq + 1;
          e.chain_seq := seq;
          e.prev_hash := prev;
          prev := audit_entry_digest(e);
          UPDATE audit_entry SET chain_seq = seq, prev_hash = e.prev_hash, entry_hash = prev WHERE id = e.id;
        END LOOP;
        -- No entries, no head: the first append creates it (so an empty database really is empty).
        IF seq > 0 THEN
          INSERT INTO audit_chain_head (id, chain_seq, entry_hash) VALUES (true, seq, prev);
        END IF;
      END $$`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER "TRG_audit_entry_append_only"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ALTER COLUMN "chain_seq" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ALTER COLUMN "prev_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ALTER COLUMN "entry_hash" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_entry_chain_seq" ON "audit_entry" ("chain_seq") `);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_chain" BEFORE INSERT ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_chain()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_chain" ON "audit_entry"`);
    await queryRunner.query(`DROP INDEX "UQ_audit_entry_chain_seq"`);
    await queryRunner.query(`DROP FUNCTION audit_entry_chain, audit_entry_digest`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "entry_hash"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "prev_hash"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "chain_seq"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users with roles and the states they act for, personal API tokens, and the audit trail. */
export class Accounts1763790000000 implements MigrationInterface {
  name = 'Accounts1763790000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "user_state" ("user_id" uuid NOT NULL, "state_iso3" text NOT NULL, CONSTRAINT "PK_user_state" PRIMARY KEY ("user_id", "state_iso3"))`);
    await queryRunner.query(`CREATE INDEX "IDX_user_state_state" ON "user_state" ("state_iso3") `);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "password_hash" text NOT NULL, "token_generation" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_app_user_name" CHECK (length(btrim("name")) > 0), CONSTRAINT "CHK_app_user_email" CHECK ("email" = lower("email") AND "email" ~ '^[^@[:space:]]+@[^@[:space:]]+$'), CONSTRAINT "CHK_app_user_role" CHECK ("role" IN ('admin', 'reviewer', 'state_official', 'viewer')), CONSTRAINT "PK_app_user" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_app_user_email" ON "app_user" ("email") `);
    await queryRunner.query(`CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_user_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "state_iso3" text, "before" jsonb, "after" jsonb, "request_id" text, CONSTRAINT "PK_audit_entry" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_actor" ON "audit_entry" ("actor_user_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_state" ON "audit_entry" ("state_iso3", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_entity" ON "audit_entry" ("entity_type", "entity_id", "id") `);
    await queryRunner.query(`CREATE TABLE "api_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" text NOT NULL, "prefix" text NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_api_token_name" CHECK (length(btrim("name")) > 0), CONSTRAINT "PK_api_token" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_api_token_user" ON "api_token" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_token_hash" ON "api_token" ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "user_state" ADD CONSTRAINT "FK_user_state_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "user_state" ADD CONSTRAINT "FK_user_state_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD CONSTRAINT "FK_audit_entry_actor" FOREIGN KEY ("actor_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD CONSTRAINT "FK_audit_entry_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_token" ADD CONSTRAINT "FK_api_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Only state officials act for states; a role change away from state_official must drop the rows first.
    await queryRunner.query(`
      CREATE FUNCTION user_state_requires_official() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT role FROM app_user WHERE id = NEW.user_id) IS DISTINCT FROM 'state_official' THEN
          RAISE EXCEPTION 'only state officials act for states' USING ERRCODE = '23514', CONSTRAINT = 'CHK_user_state_official';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_user_state_official" BEFORE INSERT OR UPDATE ON "user_state" FOR EACH ROW EXECUTE FUNCTION user_state_requires_official()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION app_user_role_keeps_states() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role <> 'state_official' AND EXISTS (SELECT 1 FROM user_state WHERE user_id = NEW.id) THEN
          RAISE EXCEPTION 'remove the states of a state official before changing the role' USING ERRCODE = '23514', CONSTRAINT = 'CHK_user_state_official';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_app_user_role_states" BEFORE UPDATE OF role ON "app_user" FOR EACH ROW EXECUTE FUNCTION app_user_role_keeps_states()`,
    );
    // The audit trail is append-only: no row is ever changed or removed.
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = '42501';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_append_only" ON "audit_entry"`);
    await queryRunner.query(`DROP TRIGGER "TRG_app_user_role_states" ON "app_user"`);
    await queryRunner.query(`DROP TRIGGER "TRG_user_state_official" ON "user_state"`);
    await queryRunner.query(`DROP FUNCTION audit_entry_is_append_only, app_user_role_keeps_states, user_state_requires_official`);
    await queryRunner.query(`DROP TABLE "api_token" CASCADE`);
    await queryRunner.query(`DROP TABLE "audit_entry" CASCADE`);
    await queryRunner.query(`DROP TABLE "app_user" CASCADE`);
    await queryRunner.query(`DROP TABLE "user_state" CASCADE`);
  }
}

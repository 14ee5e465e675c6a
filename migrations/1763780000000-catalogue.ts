import { MigrationInterface, QueryRunner } from 'typeorm';

/** States, groups, frameworks with their commitments, guidance and practical actions, and the crosswalk. */
export class Catalogue1763780000000 implements MigrationInterface {
  name = 'Catalogue1763780000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "catalogue_file" ("path" text NOT NULL, "content_sha256" text NOT NULL, "first_loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_catalogue_file" PRIMARY KEY ("path"))`);
    await queryRunner.query(`CREATE TABLE "state" ("iso3" text NOT NULL, "iso2" text, "numeric_code" text, "name" text NOT NULL, "un_status" text NOT NULL, "un_regional_group" text, "origin" text NOT NULL DEFAULT 'catalogue', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_state_name" CHECK (length(btrim("name")) > 0), CONSTRAINT "CHK_state_origin" CHECK ("origin" IN ('catalogue', 'admin')), CONSTRAINT "CHK_state_regional_group" CHECK (("un_status" = 'member') = ("un_regional_group" IS NOT NULL) AND ("un_regional_group" IS NULL OR "un_regional_group" IN ('AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'))), CONSTRAINT "CHK_state_un_status" CHECK ("un_status" IN ('member', 'observer', 'non-member')), CONSTRAINT "CHK_state_numeric" CHECK ("numeric_code" IS NULL OR "numeric_code" ~ '^[0-9]{3}$'), CONSTRAINT "CHK_state_iso2" CHECK ("iso2" IS NULL OR "iso2" ~ '^[A-Z]{2}$'), CONSTRAINT "CHK_state_iso3" CHECK ("iso3" ~ '^[A-Z]{3}$'), CONSTRAINT "PK_state" PRIMARY KEY ("iso3"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_state_iso2" ON "state" ("iso2") `);
    await queryRunner.query(`CREATE TABLE "state_group" ("code" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "source" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_state_group_name" CHECK (length(btrim("name")) > 0), CONSTRAINT "CHK_state_group_kind" CHECK ("kind" IN ('un', 'un-regional', 'organisation', 'custom')), CONSTRAINT "CHK_state_group_code" CHECK ("code" ~ '^[A-Z0-9][A-Z0-9_-]{0,39}$'), CONSTRAINT "PK_state_group" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "group_membership" ("group_code" text NOT NULL, "state_iso3" text NOT NULL, CONSTRAINT "PK_group_membership" PRIMARY KEY ("group_code", "state_iso3"))`);
    await queryRunner.query(`CREATE INDEX "IDX_group_membership_state" ON "group_membership" ("state_iso3") `);
    await queryRunner.query(`CREATE TABLE "framework" ("id" SERIAL NOT NULL, "code" text NOT NULL, "version" text NOT NULL, "title" text NOT NULL, "short_title" text NOT NULL, "source" text NOT NULL, "applicability_group" text NOT NULL, "includes_added_entities" boolean NOT NULL DEFAULT false, "content_sha256" text NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_framework_version" CHECK ("version" ~ '^[0-9]{4}[.][0-9]+$'), CONSTRAINT "CHK_framework_code" CHECK ("code" ~ '^[A-Z][A-Z0-9-]{1,19}$'), CONSTRAINT "PK_framework" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_framework_code_version" ON "framework" ("code", "version") `);
    await queryRunner.query(`CREATE TABLE "framework_category" ("id" SERIAL NOT NULL, "framework_id" integer NOT NULL, "code" text NOT NULL, "label" text NOT NULL, "description" text, "position" integer NOT NULL, CONSTRAINT "PK_framework_category" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_framework_category_code" ON "framework_category" ("framework_id", "code") `);
    await queryRunner.query(`CREATE TABLE "practical_action" ("id" SERIAL NOT NULL, "commitment_id" integer NOT NULL, "text" text NOT NULL, "kind" text NOT NULL, "source" text, "position" integer NOT NULL, CONSTRAINT "CHK_practical_action_kind" CHECK ("kind" IN ('national', 'cooperative')), CONSTRAINT "PK_practical_action" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_practical_action_commitment" ON "practical_action" ("commitment_id") `);
    await queryRunner.query(`CREATE TABLE "commitment" ("id" SERIAL NOT NULL, "framework_id" integer NOT NULL, "code" text NOT NULL, "label" text NOT NULL, "text" text NOT NULL, "text_kind" text NOT NULL, "category_id" integer NOT NULL, "source_document" text NOT NULL, "source_paragraph" text, "position" integer NOT NULL, CONSTRAINT "CHK_commitment_text" CHECK (length(btrim("text")) > 0 AND length(btrim("label")) > 0), CONSTRAINT "CHK_commitment_text_kind" CHECK ("text_kind" IN ('verbatim', 'substance')), CONSTRAINT "PK_commitment" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_commitment_category" ON "commitment" ("category_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_commitment_code" ON "commitment" ("framework_id", "code") `);
    await queryRunner.query(`CREATE TABLE "commitment_guidance" ("id" SERIAL NOT NULL, "commitment_id" integer NOT NULL, "source" text NOT NULL, "text" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_commitment_guidance" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_commitment_guidance_commitment" ON "commitment_guidance" ("commitment_id") `);
    await queryRunner.query(`CREATE TABLE "crosswalk_link" ("id" SERIAL NOT NULL, "crosswalk_code" text NOT NULL, "crosswalk_version" text NOT NULL, "crosswalk_title" text NOT NULL, "from_commitment_id" integer NOT NULL, "to_commitment_id" integer NOT NULL, "relation" text NOT NULL, CONSTRAINT "CHK_crosswalk_link_distinct" CHECK ("from_commitment_id" <> "to_commitment_id"), CONSTRAINT "CHK_crosswalk_link_relation" CHECK ("relation" IN ('equal', 'subset', 'superset', 'related')), CONSTRAINT "PK_crosswalk_link" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_crosswalk_link_to" ON "crosswalk_link" ("to_commitment_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_crosswalk_link" ON "crosswalk_link" ("crosswalk_code", "crosswalk_version", "from_commitment_id", "to_commitment_id") `);
    await queryRunner.query(`ALTER TABLE "group_membership" ADD CONSTRAINT "FK_group_membership_group" FOREIGN KEY ("group_code") REFERENCES "state_group"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "group_membership" ADD CONSTRAINT "FK_group_membership_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "framework" ADD CONSTRAINT "FK_framework_applicability_group" FOREIGN KEY ("applicability_group") REFERENCES "state_group"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "framework_category" ADD CONSTRAINT "FK_framework_category_framework" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "practical_action" ADD CONSTRAINT "FK_practical_action_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD CONSTRAINT "FK_commitment_framework" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "commitment" ADD CONSTRAINT "FK_commitment_category" FOREIGN KEY ("category_id") REFERENCES "framework_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "commitment_guidance" ADD CONSTRAINT "FK_commitment_guidance_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crosswalk_link" ADD CONSTRAINT "FK_crosswalk_link_from" FOREIGN KEY ("from_commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crosswalk_link" ADD CONSTRAINT "FK_crosswalk_link_to" FOREIGN KEY ("to_commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "crosswalk_link"`);
    await queryRunner.query(`DROP TABLE "commitment_guidance"`);
    await queryRunner.query(`DROP TABLE "commitment"`);
    await queryRunner.query(`DROP TABLE "practical_action"`);
    await queryRunner.query(`DROP TABLE "framework_category"`);
    await queryRunner.query(`DROP TABLE "framework"`);
    await queryRunner.query(`DROP TABLE "group_membership"`);
    await queryRunner.query(`DROP TABLE "state_group"`);
    await queryRunner.query(`DROP TABLE "state"`);
    await queryRunner.query(`DROP TABLE "catalogue_file"`);
  }
}

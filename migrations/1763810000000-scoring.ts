import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoring: methodology versions as immutable data (default 2026.1 of shared/METHODOLOGY.md), the version
 * each cycle uses, and the frozen snapshot of a cycle's scorecards taken when it is published.
 */
export class Scoring1763810000000 implements MigrationInterface {
  name = 'Scoring1763810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "methodology" ("version" text NOT NULL, "title" text NOT NULL, "description" text, "level_labels" text array NOT NULL, "level_scores" numeric array NOT NULL, "evidence_threshold" smallint NOT NULL, "tier_advanced_min" numeric NOT NULL, "tier_established_min" numeric NOT NULL, "tier_developing_min" numeric NOT NULL, "tier_initial_min" numeric NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_methodology_version" CHECK ("version" ~ '^[0-9]{4}[.][0-9]+$'), CONSTRAINT "CHK_methodology_title" CHECK (length(btrim("title")) > 0), CONSTRAINT "CHK_methodology_level_labels" CHECK (array_ndims("level_labels") = 1 AND array_lower("level_labels", 1) = 1 AND cardinality("level_labels") = 5 AND array_position("level_labels", NULL) IS NULL AND array_position("level_labels", '') IS NULL), CONSTRAINT "CHK_methodology_level_scores" CHECK (array_ndims("level_scores") = 1 AND array_lower("level_scores", 1) = 1 AND cardinality("level_scores") = 5 AND array_position("level_scores", NULL) IS NULL AND 0 <= "level_scores"[1] AND "level_scores"[1] < "level_scores"[2] AND "level_scores"[2] < "level_scores"[3] AND "level_scores"[3] < "level_scores"[4] AND "level_scores"[4] < "level_scores"[5] AND "level_scores"[5] <= 100), CONSTRAINT "CHK_methodology_evidence_threshold" CHECK ("evidence_threshold" BETWEEN 0 AND 4), CONSTRAINT "CHK_methodology_tiers" CHECK (0 < "tier_initial_min" AND "tier_initial_min" < "tier_developing_min" AND "tier_developing_min" < "tier_established_min" AND "tier_established_min" < "tier_advanced_min" AND "tier_advanced_min" <= 100), CONSTRAINT "PK_methodology" PRIMARY KEY ("version"))`);
    await queryRunner.query(`CREATE TABLE "methodology_weight" ("methodology_version" text NOT NULL, "framework_code" text NOT NULL, "commitment_code" text NOT NULL, "weight" numeric NOT NULL, CONSTRAINT "CHK_methodology_weight_framework" CHECK ("framework_code" ~ '^[A-Z][A-Z0-9-]{1,19}$'), CONSTRAINT "CHK_methodology_weight_commitment" CHECK (length(btrim("commitment_code")) > 0), CONSTRAINT "CHK_methodology_weight_weight" CHECK ("weight" > 0 AND "weight" <= 1000), CONSTRAINT "PK_methodology_weight" PRIMARY KEY ("methodology_version", "framework_code", "commitment_code"))`);
    await queryRunner.query(`CREATE TABLE "score_snapshot" ("cycle_year" integer NOT NULL, "methodology_version" text NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_score_snapshot" PRIMARY KEY ("cycle_year"))`);
    await queryRunner.query(`CREATE TABLE "scorecard_snapshot" ("cycle_year" integer NOT NULL, "framework_id" integer NOT NULL, "state_iso3" text NOT NULL, "commitment_count" integer NOT NULL, "applicable_count" integer NOT NULL, "stated_count" integer NOT NULL, "evidenced_count" integer NOT NULL, "weight_total" numeric NOT NULL, "stated_index" numeric, "verified_index" numeric, "credibility_gap" numeric, "completeness" numeric, "evidence_coverage" numeric, "contradictions" integer NOT NULL, "tier" text, "has_data" boolean NOT NULL, "previous_cycle_year" integer, "trend" numeric, CONSTRAINT "CHK_scorecard_snapshot_counts" CHECK (0 <= "stated_count" AND "stated_count" <= "applicable_count" AND 0 <= "evidenced_count" AND "evidenced_count" <= "applicable_count" AND "applicable_count" <= "commitment_count" AND "contradictions" >= 0 AND "weight_total" >= 0), CONSTRAINT "CHK_scorecard_snapshot_indices" CHECK ((("applicable_count" = 0) = ("verified_index" IS NULL)) AND ("stated_index" IS NULL) = ("verified_index" IS NULL) AND ("credibility_gap" IS NULL) = ("verified_index" IS NULL) AND ("completeness" IS NULL) = ("verified_index" IS NULL) AND ("evidence_coverage" IS NULL) = ("verified_index" IS NULL) AND ("tier" IS NULL) = ("verified_index" IS NULL) AND "stated_index" BETWEEN 0 AND 100 AND "verified_index" BETWEEN 0 AND 100 AND "completeness" BETWEEN 0 AND 100 AND "evidence_coverage" BETWEEN 0 AND 100), CONSTRAINT "CHK_scorecard_snapshot_tier" CHECK ("tier" IN ('Advanced', 'Established', 'Developing', 'Initial', 'Minimal')), CONSTRAINT "CHK_scorecard_snapshot_trend" CHECK (("previous_cycle_year" IS NULL OR "previous_cycle_year" < "cycle_year") AND ("trend" IS NULL OR "previous_cycle_year" IS NOT NULL)), CONSTRAINT "PK_scorecard_snapshot" PRIMARY KEY ("cycle_year", "framework_id", "state_iso3"))`);
    await queryRunner.query(`CREATE INDEX "IDX_scorecard_snapshot_state" ON "scorecard_snapshot" ("state_iso3") `);
    await queryRunner.query(`CREATE TABLE "scorecard_category_snapshot" ("cycle_year" integer NOT NULL, "framework_id" integer NOT NULL, "state_iso3" text NOT NULL, "category_id" integer NOT NULL, "applicable_count" integer NOT NULL, "weight_total" numeric NOT NULL, "stated_index" numeric, "verified_index" numeric, CONSTRAINT "CHK_scorecard_category_snapshot_indices" CHECK ("applicable_count" >= 0 AND "weight_total" >= 0 AND (("applicable_count" = 0) = ("verified_index" IS NULL)) AND ("stated_index" IS NULL) = ("verified_index" IS NULL) AND "stated_index" BETWEEN 0 AND 100 AND "verified_index" BETWEEN 0 AND 100), CONSTRAINT "PK_scorecard_category_snapshot" PRIMARY KEY ("cycle_year", "framework_id", "state_iso3", "category_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_scorecard_category_snapshot_category" ON "scorecard_category_snapshot" ("category_id") `);
    await queryRunner.query(`CREATE TABLE "contribution_snapshot" ("cycle_year" integer NOT NULL, "framework_id" integer NOT NULL, "state_iso3" text NOT NULL, "commitment_id" integer NOT NULL, "assessment_id" uuid, "stated_level" smallint, "reviewed_level" smallint, "counted_level" smallint, "not_applicable" boolean NOT NULL, "evidence_rule_applied" boolean NOT NULL, "supporting_count" integer NOT NULL, "contradicting_count" integer NOT NULL, "weight" numeric NOT NULL, "stated_score" numeric, "verified_score" numeric, "stated_points" numeric NOT NULL, "verified_points" numeric NOT NULL, CONSTRAINT "CHK_contribution_snapshot_levels" CHECK ("stated_level" BETWEEN 0 AND 4 AND "reviewed_level" BETWEEN 0 AND 4 AND "counted_level" BETWEEN 0 AND 4 AND ("counted_level" IS NULL OR "counted_level" <= "reviewed_level")), CONSTRAINT "CHK_contribution_snapshot_not_applicable" CHECK (NOT "not_applicable" OR ("stated_level" IS NULL AND "reviewed_level" IS NULL AND "counted_level" IS NULL AND "stated_score" IS NULL AND "verified_score" IS NULL AND "stated_points" = 0 AND "verified_points" = 0 AND NOT "evidence_rule_applied")), CONSTRAINT "CHK_contribution_snapshot_counts" CHECK ("supporting_count" >= 0 AND "contradicting_count" >= 0 AND "weight" > 0 AND "stated_points" >= 0 AND "verified_points" >= 0), CONSTRAINT "PK_contribution_snapshot" PRIMARY KEY ("cycle_year", "framework_id", "state_iso3", "commitment_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_contribution_snapshot_commitment" ON "contribution_snapshot" ("commitment_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_contribution_snapshot_assessment" ON "contribution_snapshot" ("assessment_id") `);
    await queryRunner.query(`ALTER TABLE "methodology" ADD CONSTRAINT "FK_methodology_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "methodology_weight" ADD CONSTRAINT "FK_methodology_weight_methodology" FOREIGN KEY ("methodology_version") REFERENCES "methodology"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_snapshot" ADD CONSTRAINT "FK_score_snapshot_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_snapshot" ADD CONSTRAINT "FK_score_snapshot_methodology" FOREIGN KEY ("methodology_version") REFERENCES "methodology"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" ADD CONSTRAINT "FK_scorecard_snapshot_snapshot" FOREIGN KEY ("cycle_year") REFERENCES "score_snapshot"("cycle_year") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" ADD CONSTRAINT "FK_scorecard_snapshot_framework" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" ADD CONSTRAINT "FK_scorecard_snapshot_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_category_snapshot" ADD CONSTRAINT "FK_scorecard_category_snapshot_scorecard" FOREIGN KEY ("cycle_year", "framework_id", "state_iso3") REFERENCES "scorecard_snapshot"("cycle_year","framework_id","state_iso3") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_category_snapshot" ADD CONSTRAINT "FK_scorecard_category_snapshot_category" FOREIGN KEY ("category_id") REFERENCES "framework_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contribution_snapshot" ADD CONSTRAINT "FK_contribution_snapshot_scorecard" FOREIGN KEY ("cycle_year", "framework_id", "state_iso3") REFERENCES "scorecard_snapshot"("cycle_year","framework_id","state_iso3") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contribution_snapshot" ADD CONSTRAINT "FK_contribution_snapshot_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contribution_snapshot" ADD CONSTRAINT "FK_contribution_snapshot_assessment" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // The shipped default of shared/METHODOLOGY.md. A function, so the TRUNCATE trigger below can put it back.
    await queryRunner.query(`
      CREATE FUNCTION insert_default_methodology() RETURNS void LANGUAGE sql AS $$
        INSERT INTO methodology (version, title, description, level_labels, level_scores, evidence_threshold,
                                 tier_advanced_min, tier_established_min, tier_developing_min, tier_initial_min)
        VALUES ('2026.1', 'Default methodology', 'Shipped default: levels 0-4 scored level / 4 x 100, all weights 1, evidence rule above level 1.',
                ARRAY['Not implemented', 'Initial', 'Partial', 'Substantial', 'Full'], ARRAY[0, 25, 50, 75, 100]::numeric[], 1,
                80, 60, 40, 20)
        ON CONFLICT (version) DO NOTHING
      $$`);
    await queryRunner.query(`SELECT insert_default_methodology()`);
    // Every cycle names its methodology; existing and new cycles default to 2026.1.
    await queryRunner.query(`ALTER TABLE "cycle" ADD "methodology_version" text NOT NULL DEFAULT '2026.1'`);
    await queryRunner.query(`ALTER TABLE "cycle" ADD CONSTRAINT "FK_cycle_methodology" FOREIGN KEY ("methodology_version") REFERENCES "methodology"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // A methodology version never changes once created: no update or delete of the version or its weights,
    // and weights only in the transaction that created the version (the version row's xmin is that transaction).
    await queryRunner.query(`
      CREATE FUNCTION methodology_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'methodology versions are immutable: create a new version instead'
          USING ERRCODE = 'object_not_in_prerequisite_state';
      END $$`);
    for (const table of ['methodology', 'methodology_weight']) {
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_immutable" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION methodology_is_immutable()`,
      );
    }
    await queryRunner.query(`
      CREATE FUNCTION methodology_weight_set_at_creation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT xmin::text FROM methodology WHERE version = NEW.methodology_version)
           IS DISTINCT FROM (pg_current_xact_id()::text::bigint % 4294967296)::text THEN
          RAISE EXCEPTION 'methodology % is immutable: weights are set when the version is created', NEW.methodology_version
            USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_methodology_weight_at_creation" BEFORE INSERT ON "methodology_weight" FOR EACH ROW EXECUTE FUNCTION methodology_weight_set_at_creation()`,
    );
    // cycle.methodology_version defaults to 2026.1, so the default must outlive a TRUNCATE (test resets, data wipes).
    await queryRunner.query(`
      CREATE FUNCTION methodology_keeps_default() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM insert_default_methodology();
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_methodology_keeps_default" AFTER TRUNCATE ON "methodology" FOR EACH STATEMENT EXECUTE FUNCTION methodology_keeps_default()`,
    );

    // The snapshot of a published cycle is frozen like the rest of the cycle (SQLSTATE CN409 -> HTTP 409).
    await queryRunner.query(`
      CREATE FUNCTION score_snapshot_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM refuse_if_cycle_published(OLD.cycle_year); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM refuse_if_cycle_published(NEW.cycle_year); END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    for (const table of SNAPSHOT_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen" BEFORE INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION score_snapshot_is_frozen()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SNAPSHOT_TABLES) await queryRunner.query(`DROP TRIGGER "TRG_${table}_frozen" ON "${table}"`);
    await queryRunner.query(`DROP TRIGGER "TRG_methodology_keeps_default" ON "methodology"`);
    await queryRunner.query(`DROP TRIGGER "TRG_methodology_weight_at_creation" ON "methodology_weight"`);
    await queryRunner.query(`DROP TRIGGER "TRG_methodology_weight_immutable" ON "methodology_weight"`);
    await queryRunner.query(`DROP TRIGGER "TRG_methodology_immutable" ON "methodology"`);
    await queryRunner.query(`ALTER TABLE "cycle" DROP CONSTRAINT "FK_cycle_methodology"`);
    await queryRunner.query(`ALTER TABLE "cycle" DROP COLUMN "methodology_version"`);
    await queryRunner.query(`DROP TABLE "contribution_snapshot"`);
    await queryRunner.query(`DROP TABLE "scorecard_category_snapshot"`);
    await queryRunner.query(`DROP TABLE "scorecard_snapshot"`);
    await queryRunner.query(`DROP TABLE "score_snapshot"`);
    await queryRunner.query(`DROP TABLE "methodology_weight"`);
    await queryRunner.query(`DROP TABLE "methodology"`);
    await queryRunner.query(
      `DROP FUNCTION score_snapshot_is_frozen, methodology_keeps_default, methodology_weight_set_at_creation, methodology_is_immutable, insert_default_methodology`,
    );
  }
}

const SNAPSHOT_TABLES = ['score_snapshot', 'scorecard_snapshot', 'scorecard_category_snapshot', 'contribution_snapshot'];

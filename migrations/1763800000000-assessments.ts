import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reporting cycles, assessments with their comments, and evidence (files, items, links); frozen once published. */
export class Assessments1763800000000 implements MigrationInterface {
  name = 'Assessments1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "cycle" ("year" integer NOT NULL, "title" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "copied_from_year" integer, "synthetic" boolean NOT NULL DEFAULT false, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "review_started_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "CHK_cycle_copied_from" CHECK ("copied_from_year" IS NULL OR "copied_from_year" < "year"), CONSTRAINT "CHK_cycle_published_at" CHECK (("status" = 'published') = ("published_at" IS NOT NULL)), CONSTRAINT "CHK_cycle_status" CHECK ("status" IN ('open', 'in_review', 'published')), CONSTRAINT "CHK_cycle_year" CHECK ("year" BETWEEN 2000 AND 2100), CONSTRAINT "PK_cycle" PRIMARY KEY ("year"))`);
    await queryRunner.query(`CREATE TABLE "assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_year" integer NOT NULL, "state_iso3" text NOT NULL, "commitment_id" integer NOT NULL, "stated_level" smallint, "not_applicable" boolean NOT NULL DEFAULT false, "not_applicable_justification" text, "narrative" text, "source" text, "source_reference" text, "stated_by" text, "reviewed_level" smallint, "review_rationale" text, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'draft', "carried_over" boolean NOT NULL DEFAULT false, "carried_from_id" uuid, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_assessment_accepted_reviewed" CHECK ("status" <> 'accepted' OR "reviewed_level" IS NOT NULL OR "not_applicable"), CONSTRAINT "CHK_assessment_reviewed_rationale" CHECK ("reviewed_level" IS NULL OR length(btrim(coalesce("review_rationale", ''))) > 0), CONSTRAINT "CHK_assessment_stated_source" CHECK ("stated_level" IS NULL OR ("source" IS NOT NULL AND "stated_by" IS NOT NULL)), CONSTRAINT "CHK_assessment_not_applicable" CHECK (NOT "not_applicable" OR (length(btrim(coalesce("not_applicable_justification", ''))) > 0 AND "stated_level" IS NULL AND "reviewed_level" IS NULL)), CONSTRAINT "CHK_assessment_stated_by" CHECK ("stated_by" IS NULL OR "stated_by" IN ('state_official', 'reviewer')), CONSTRAINT "CHK_assessment_source" CHECK ("source" IS NULL OR "source" IN ('self_assessment', 'un_submission', 'osce_cbm_report', 'public_statement', 'other')), CONSTRAINT "CHK_assessment_status" CHECK ("status" IN ('draft', 'submitted', 'in_review', 'accepted', 'changes_requested')), CONSTRAINT "CHK_assessment_reviewed_level" CHECK ("reviewed_level" BETWEEN 0 AND 4), CONSTRAINT "CHK_assessment_stated_level" CHECK ("stated_level" BETWEEN 0 AND 4), CONSTRAINT "PK_assessment" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_assessment_commitment" ON "assessment" ("commitment_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_assessment_state" ON "assessment" ("state_iso3", "cycle_year") `);
    await queryRunner.query(`CREATE INDEX "IDX_assessment_cycle_status" ON "assessment" ("cycle_year", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_assessment_cycle_state_commitment" ON "assessment" ("cycle_year", "state_iso3", "commitment_id") `);
    await queryRunner.query(`CREATE TABLE "assessment_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assessment_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_assessment_comment_body" CHECK (length(btrim("body")) BETWEEN 1 AND 10000), CONSTRAINT "PK_assessment_comment" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_assessment_comment_assessment" ON "assessment_comment" ("assessment_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "cycle_framework" ("cycle_year" integer NOT NULL, "framework_id" integer NOT NULL, CONSTRAINT "PK_cycle_framework" PRIMARY KEY ("cycle_year", "framework_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_cycle_framework_framework" ON "cycle_framework" ("framework_id") `);
    await queryRunner.query(`CREATE TABLE "evidence_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sha256" text NOT NULL, "size_bytes" bigint NOT NULL, "media_type" text NOT NULL, "original_name" text NOT NULL, "storage_key" text NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_evidence_file_size" CHECK ("size_bytes" > 0), CONSTRAINT "CHK_evidence_file_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "PK_evidence_file" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_evidence_file_sha256" ON "evidence_file" ("sha256") `);
    await queryRunner.query(`CREATE TABLE "evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "kind" text NOT NULL, "publisher" text, "published_on" date, "effective_on" date, "language" text, "is_public" boolean NOT NULL DEFAULT true, "url" text, "link_last_seen_on" date, "file_id" uuid, "state_iso3" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_evidence_title" CHECK (length(btrim("title")) > 0), CONSTRAINT "CHK_evidence_has_content" CHECK ("url" IS NOT NULL OR "file_id" IS NOT NULL), CONSTRAINT "CHK_evidence_url" CHECK ("url" IS NULL OR "url" ~* '^https?://[^[:space:]]+$'), CONSTRAINT "CHK_evidence_kind" CHECK ("kind" IN ('legislation', 'strategy', 'official_statement', 'report_to_un_or_osce', 'third_party_report', 'media', 'incident_attribution', 'other')), CONSTRAINT "PK_evidence" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_evidence_file" ON "evidence" ("file_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_evidence_state" ON "evidence" ("state_iso3") `);
    await queryRunner.query(`CREATE TABLE "evidence_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assessment_id" uuid NOT NULL, "evidence_id" uuid NOT NULL, "stance" text NOT NULL, "judgement" text NOT NULL DEFAULT 'pending', "rejection_reason" text, "note" text, "judged_by" uuid, "judged_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_evidence_link_judged" CHECK (("judgement" = 'pending') = ("judged_by" IS NULL)), CONSTRAINT "CHK_evidence_link_rejection_reason" CHECK ("judgement" <> 'rejected' OR length(btrim(coalesce("rejection_reason", ''))) > 0), CONSTRAINT "CHK_evidence_link_judgement" CHECK ("judgement" IN ('pending', 'accepted', 'rejected')), CONSTRAINT "CHK_evidence_link_stance" CHECK ("stance" IN ('supports', 'contradicts')), CONSTRAINT "PK_evidence_link" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_evidence_link_evidence" ON "evidence_link" ("evidence_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_evidence_link" ON "evidence_link" ("assessment_id", "evidence_id") `);
    await queryRunner.query(`ALTER TABLE "cycle" ADD CONSTRAINT "FK_cycle_copied_from" FOREIGN KEY ("copied_from_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cycle" ADD CONSTRAINT "FK_cycle_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_assessment_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_assessment_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_assessment_commitment" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_assessment_reviewed_by" FOREIGN KEY ("reviewed_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_assessment_carried_from" FOREIGN KEY ("carried_from_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_assessment_updated_by" FOREIGN KEY ("updated_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_comment" ADD CONSTRAINT "FK_assessment_comment_assessment" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_comment" ADD CONSTRAINT "FK_assessment_comment_author" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cycle_framework" ADD CONSTRAINT "FK_cycle_framework_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cycle_framework" ADD CONSTRAINT "FK_cycle_framework_framework" FOREIGN KEY ("framework_id") REFERENCES "framework"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD CONSTRAINT "FK_evidence_file" FOREIGN KEY ("file_id") REFERENCES "evidence_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD CONSTRAINT "FK_evidence_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD CONSTRAINT "FK_evidence_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_evidence_link_assessment" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_evidence_link_evidence" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_evidence_link_judged_by" FOREIGN KEY ("judged_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_evidence_link_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // A cycle assesses one version of each framework.
    await queryRunner.query(`
      CREATE FUNCTION cycle_framework_one_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM cycle_framework cf JOIN framework f ON f.id = cf.framework_id
                   WHERE cf.cycle_year = NEW.cycle_year AND cf.framework_id <> NEW.framework_id
                     AND f.code = (SELECT code FROM framework WHERE id = NEW.framework_id)) THEN
          RAISE EXCEPTION 'a cycle assesses one version of each framework' USING ERRCODE = '23505', CONSTRAINT = 'UQ_cycle_framework_code';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_cycle_framework_one_version" BEFORE INSERT OR UPDATE ON "cycle_framework" FOR EACH ROW EXECUTE FUNCTION cycle_framework_one_version()`,
    );
    // A published cycle is frozen: its row, its frameworks, assessments, evidence links and comments never change.
    // SQLSTATE CN409 is mapped to HTTP 409 CYCLE_FROZEN by the API's error filter.
    await queryRunner.query(`
      CREATE FUNCTION refuse_if_cycle_published(year integer) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT status FROM cycle WHERE cycle.year = refuse_if_cycle_published.year) = 'published' THEN
          RAISE EXCEPTION 'cycle % is published and cannot change', year USING ERRCODE = 'CN409';
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION cycle_is_frozen_once_published() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'cycle % is published and cannot change', OLD.year USING ERRCODE = 'CN409';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_cycle_frozen" BEFORE UPDATE OR DELETE ON "cycle" FOR EACH ROW EXECUTE FUNCTION cycle_is_frozen_once_published()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION cycle_child_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        row_year integer;
      BEGIN
        IF TG_TABLE_NAME IN ('assessment', 'cycle_framework') THEN
          IF TG_OP <> 'INSERT' THEN PERFORM refuse_if_cycle_published(OLD.cycle_year); END IF;
          IF TG_OP <> 'DELETE' THEN PERFORM refuse_if_cycle_published(NEW.cycle_year); END IF;
        ELSE
          -- evidence_link and assessment_comment reach their cycle through the assessment.
          IF TG_OP <> 'INSERT' THEN
            SELECT cycle_year INTO row_year FROM assessment WHERE id = OLD.assessment_id;
            PERFORM refuse_if_cycle_published(row_year);
          END IF;
          IF TG_OP <> 'DELETE' THEN
            SELECT cycle_year INTO row_year FROM assessment WHERE id = NEW.assessment_id;
            PERFORM refuse_if_cycle_published(row_year);
          END IF;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    for (const table of ['cycle_framework', 'assessment', 'evidence_link', 'assessment_comment']) {
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen" BEFORE INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cycle_child_is_frozen()`,
      );
    }
    // Which states a framework applies to: its applicability group, plus entities added by admins when it says so.
    await queryRunner.query(`
      CREATE FUNCTION framework_applies_to(framework_id integer, state_iso3 text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM framework f JOIN group_membership m ON m.group_code = f.applicability_group
                       WHERE f.id = framework_applies_to.framework_id AND m.state_iso3 = framework_applies_to.state_iso3)
            OR EXISTS (SELECT 1 FROM framework f JOIN state s ON s.iso3 = framework_applies_to.state_iso3
                       WHERE f.id = framework_applies_to.framework_id AND f.includes_added_entities AND s.origin = 'admin')
      $$`);
    // An assessment concerns a commitment of one of the cycle's frameworks, for a state the framework applies to.
    await queryRunner.query(`
      CREATE FUNCTION assessment_is_in_scope() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM commitment c
          JOIN cycle_framework cf ON cf.framework_id = c.framework_id AND cf.cycle_year = NEW.cycle_year
          WHERE c.id = NEW.commitment_id AND framework_applies_to(c.framework_id, NEW.state_iso3)
        ) THEN
          RAISE EXCEPTION 'commitment % is not assessed for % in cycle %', NEW.commitment_id, NEW.state_iso3, NEW.cycle_year
            USING ERRCODE = '23514', CONSTRAINT = 'CHK_assessment_in_scope';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_assessment_in_scope" BEFORE INSERT OR UPDATE OF cycle_year, state_iso3, commitment_id ON "assessment" FOR EACH ROW EXECUTE FUNCTION assessment_is_in_scope()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_assessment_in_scope" ON "assessment"`);
    for (const table of ['cycle_framework', 'assessment', 'evidence_link', 'assessment_comment']) {
      await queryRunner.query(`DROP TRIGGER "TRG_${table}_frozen" ON "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER "TRG_cycle_frozen" ON "cycle"`);
    await queryRunner.query(`DROP TRIGGER "TRG_cycle_framework_one_version" ON "cycle_framework"`);
    await queryRunner.query(
      `DROP FUNCTION assessment_is_in_scope, framework_applies_to, cycle_child_is_frozen, cycle_is_frozen_once_published, refuse_if_cycle_published, cycle_framework_one_version`,
    );
    await queryRunner.query(`DROP TABLE "evidence_link" CASCADE`);
    await queryRunner.query(`DROP TABLE "evidence" CASCADE`);
    await queryRunner.query(`DROP TABLE "evidence_file" CASCADE`);
    await queryRunner.query(`DROP TABLE "cycle_framework" CASCADE`);
    await queryRunner.query(`DROP TABLE "assessment_comment" CASCADE`);
    await queryRunner.query(`DROP TABLE "assessment" CASCADE`);
    await queryRunner.query(`DROP TABLE "cycle" CASCADE`);
  }
}

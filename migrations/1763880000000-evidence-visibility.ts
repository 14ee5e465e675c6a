import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confidential until published (src/visibility/visibility-policy.ts):
 * - evidence gets an explicit visibility (private, shared, public) instead of is_public, which was public at once;
 * - a stored file row per uploader, so a duplicate upload never hands out another uploader's id or name
 *   (the bytes stay stored once, content-addressed);
 * - an evidence item may only wrap a file its creator uploaded, unless the creator is a reviewer or an admin.
 */
export class EvidenceVisibility1763880000000 implements MigrationInterface {
  name = 'EvidenceVisibility1763880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" ADD "visibility" text NOT NULL DEFAULT 'shared'`);
    await queryRunner.query(`UPDATE "evidence" SET "visibility" = CASE WHEN "is_public" THEN 'public' ELSE 'private' END`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "is_public"`);
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "CHK_evidence_visibility" CHECK ("visibility" IN ('private', 'shared', 'public'))`,
    );

    await queryRunner.query(`DROP INDEX "UQ_evidence_file_sha256"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_evidence_file_sha256_uploader" ON "evidence_file" ("sha256", "uploaded_by") `);
    await queryRunner.query(`CREATE INDEX "IDX_evidence_file_sha256" ON "evidence_file" ("sha256") `);

    await queryRunner.query(`
      CREATE FUNCTION evidence_file_is_creators() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM evidence_file f WHERE f.id = NEW.file_id AND f.uploaded_by IS NOT DISTINCT FROM NEW.created_by)
           OR EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.created_by AND u.role IN ('admin', 'reviewer')) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'evidence % wraps a file its creator did not upload', NEW.id
          USING ERRCODE = 'CN403', CONSTRAINT = 'TRG_evidence_file_owner';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "TRG_evidence_file_owner" BEFORE INSERT OR UPDATE OF file_id ON "evidence"
      FOR EACH ROW WHEN (NEW.file_id IS NOT NULL) EXECUTE FUNCTION evidence_file_is_creators()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_evidence_file_owner" ON "evidence"`);
    await queryRunner.query(`DROP FUNCTION evidence_file_is_creators()`);
    await queryRunner.query(`DROP INDEX "IDX_evidence_file_sha256"`);
    await queryRunner.query(`DROP INDEX "UQ_evidence_file_sha256_uploader"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_evidence_file_sha256" ON "evidence_file" ("sha256") `);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "CHK_evidence_visibility"`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "is_public" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`UPDATE "evidence" SET "is_public" = ("visibility" = 'public')`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "visibility"`);
  }
}

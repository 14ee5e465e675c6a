import { MigrationInterface, QueryRunner } from 'typeorm';

/** The recorded SHA-256 of every report of a published cycle; rows are never changed. */
export class Reports1763830000000 implements MigrationInterface {
  name = 'Reports1763830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "report_artifact" ("cycle_year" integer NOT NULL, "scope" text NOT NULL, "format" text NOT NULL, "sha256" text NOT NULL, "size_bytes" bigint NOT NULL, "first_generated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_report_artifact_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "CHK_report_artifact_format" CHECK ("format" IN ('html', 'pdf', 'xlsx', 'csv', 'json')), CONSTRAINT "PK_report_artifact" PRIMARY KEY ("cycle_year", "scope", "format"))`);
    await queryRunner.query(`ALTER TABLE "report_artifact" ADD CONSTRAINT "FK_report_artifact_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE FUNCTION report_artifact_is_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a recorded report hash never changes' USING ERRCODE = 'CN409';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_report_artifact_permanent" BEFORE UPDATE OR DELETE ON "report_artifact" FOR EACH ROW EXECUTE FUNCTION report_artifact_is_permanent()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_report_artifact_permanent" ON "report_artifact"`);
    await queryRunner.query(`DROP FUNCTION report_artifact_is_permanent`);
    await queryRunner.query(`DROP TABLE "report_artifact"`);
  }
}

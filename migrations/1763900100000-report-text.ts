import { MigrationInterface, QueryRunner } from 'typeorm';

/** The report author's foreword and key findings per cycle, frozen with the cycle once it is published. */
export class ReportText1763900100000 implements MigrationInterface {
  name = 'ReportText1763900100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cycle_report_text" ("cycle_year" integer NOT NULL, "foreword" text, "key_findings" text, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_cycle_report_text_length" CHECK (length(coalesce("foreword", '')) <= 20000 AND length(coalesce("key_findings", '')) <= 20000), CONSTRAINT "PK_cycle_report_text" PRIMARY KEY ("cycle_year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_report_text" ADD CONSTRAINT "FK_cycle_report_text_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_report_text" ADD CONSTRAINT "FK_cycle_report_text_updated_by" FOREIGN KEY ("updated_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Like the cycle's other rows: once published, the text printed in the report cannot change (SQLSTATE CN409 -> 409).
    await queryRunner.query(`
      CREATE FUNCTION cycle_report_text_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM refuse_if_cycle_published(OLD.cycle_year); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM refuse_if_cycle_published(NEW.cycle_year); END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_cycle_report_text_frozen" BEFORE INSERT OR UPDATE OR DELETE ON "cycle_report_text" FOR EACH ROW EXECUTE FUNCTION cycle_report_text_is_frozen()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_cycle_report_text_frozen" ON "cycle_report_text"`);
    await queryRunner.query(`DROP FUNCTION cycle_report_text_is_frozen`);
    await queryRunner.query(`DROP TABLE "cycle_report_text"`);
  }
}

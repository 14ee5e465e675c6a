import { MigrationInterface, QueryRunner } from 'typeorm';

const SCORECARD_INDICES = (applicable: string) =>
  `(${applicable} = ("verified_index" IS NULL)) AND ("stated_index" IS NULL) = ("verified_index" IS NULL) AND ("credibility_gap" IS NULL) = ("verified_index" IS NULL) AND ("completeness" IS NULL) = ("verified_index" IS NULL) AND ("evidence_coverage" IS NULL) = ("verified_index" IS NULL) AND ("tier" IS NULL) = ("verified_index" IS NULL) AND "stated_index" BETWEEN 0 AND 100 AND "verified_index" BETWEEN 0 AND 100 AND "completeness" BETWEEN 0 AND 100 AND "evidence_coverage" BETWEEN 0 AND 100`;
const CATEGORY_INDICES = (applicable: string) =>
  `"applicable_count" >= 0 AND "weight_total" >= 0 AND ${applicable} AND ("stated_index" IS NULL) = ("verified_index" IS NULL) AND "stated_index" BETWEEN 0 AND 100 AND "verified_index" BETWEEN 0 AND 100`;

/**
 * No data is not zero: a state with no data in a framework has null indices and no tier (it used to get 0
 * and "Minimal"). The snapshot constraints allow it, and snapshots taken before are corrected once: the
 * frozen-snapshot triggers are set aside for this correction only, which changes no number that had a
 * meaning (every corrected value was a 0 standing for "nothing reported").
 */
export class NoDataIsNotZero1763900000000 implements MigrationInterface {
  name = 'NoDataIsNotZero1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" DROP CONSTRAINT "CHK_scorecard_snapshot_indices"`);
    await queryRunner.query(`ALTER TABLE "scorecard_category_snapshot" DROP CONSTRAINT "CHK_scorecard_category_snapshot_indices"`);
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" DISABLE TRIGGER "TRG_scorecard_snapshot_frozen"`);
    await queryRunner.query(`ALTER TABLE "scorecard_category_snapshot" DISABLE TRIGGER "TRG_scorecard_category_snapshot_frozen"`);
    await queryRunner.query(
      `UPDATE "scorecard_category_snapshot" cs SET "stated_index" = NULL, "verified_index" = NULL
       FROM "scorecard_snapshot" ss
       WHERE NOT ss."has_data" AND cs."cycle_year" = ss."cycle_year" AND cs."framework_id" = ss."framework_id" AND cs."state_iso3" = ss."state_iso3"`,
    );
    await queryRunner.query(
      `UPDATE "scorecard_snapshot" SET "stated_index" = NULL, "verified_index" = NULL, "credibility_gap" = NULL, "completeness" = NULL,
              "evidence_coverage" = NULL, "tier" = NULL, "trend" = NULL
       WHERE NOT "has_data"`,
    );
    await queryRunner.query(`ALTER TABLE "scorecard_category_snapshot" ENABLE TRIGGER "TRG_scorecard_category_snapshot_frozen"`);
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" ENABLE TRIGGER "TRG_scorecard_snapshot_frozen"`);
    await queryRunner.query(
      `ALTER TABLE "scorecard_snapshot" ADD CONSTRAINT "CHK_scorecard_snapshot_indices" CHECK (${SCORECARD_INDICES(`(("applicable_count" = 0) OR NOT "has_data")`)})`,
    );
    await queryRunner.query(
      `ALTER TABLE "scorecard_category_snapshot" ADD CONSTRAINT "CHK_scorecard_category_snapshot_indices" CHECK (${CATEGORY_INDICES(`("applicable_count" > 0 OR "verified_index" IS NULL)`)})`,
    );
  }

  // The corrected snapshot values are not restored (they were zeros standing for no data); down only refuses
  // if such rows exist, through the old constraints.
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "scorecard_category_snapshot" DROP CONSTRAINT "CHK_scorecard_category_snapshot_indices"`);
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" DROP CONSTRAINT "CHK_scorecard_snapshot_indices"`);
    await queryRunner.query(
      `ALTER TABLE "scorecard_category_snapshot" ADD CONSTRAINT "CHK_scorecard_category_snapshot_indices" CHECK (${CATEGORY_INDICES(`(("applicable_count" = 0) = ("verified_index" IS NULL))`)})`,
    );
    await queryRunner.query(`ALTER TABLE "scorecard_snapshot" ADD CONSTRAINT "CHK_scorecard_snapshot_indices" CHECK (${SCORECARD_INDICES(`("applicable_count" = 0)`)})`);
  }
}

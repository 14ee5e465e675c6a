import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An assessment's history also lists the audit entries of its evidence links and comments, which name the
 * assessment only inside their JSON. Without an index that meant reading every link and comment entry ever
 * written (a cost growing with the whole trail); this expression index finds them directly.
 */
export class AssessmentHistory1763860000000 implements MigrationInterface {
  name = 'AssessmentHistory1763860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entry_assessment" ON "audit_entry" ((coalesce("after" ->> 'assessmentId', "before" ->> 'assessmentId')), "id")
       WHERE "entity_type" IN ('evidence_link', 'assessment_comment')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_entry_assessment"`);
  }
}

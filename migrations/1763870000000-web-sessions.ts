import { MigrationInterface, QueryRunner } from 'typeorm';

/** Server-side web sessions, so that signing out ends a session for good (see WebSession). */
export class WebSessions1763870000000 implements MigrationInterface {
  name = 'WebSessions1763870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "web_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_web_session_expiry" CHECK ("expires_at" > "created_at"), CONSTRAINT "PK_web_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_web_session_user" ON "web_session" ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "web_session" ADD CONSTRAINT "FK_web_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "web_session"`);
  }
}

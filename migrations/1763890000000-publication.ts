import { MigrationInterface, QueryRunner } from 'typeorm';

// Evidence content stored as judged: when it is copied (edit of linked evidence, publication), compared field by field.
const CONTENT = ['title', 'kind', 'publisher', 'published_on', 'effective_on', 'language', 'visibility', 'url', 'link_last_seen_on', 'file_id', 'state_iso3'];
const of = (row: string) => CONTENT.map((c) => `${row}.${c}`).join(', ');

/**
 * Publishing freezes everything a published output depends on (publication_* tables), evidence keeps the
 * revisions that were judged, artifacts are stored per publication version, and the catalogue records its
 * versions so that loading moves forward only. Existing published cycles get version 1 frozen as of now.
 */
export class Publication1763890000000 implements MigrationInterface {
  name = 'Publication1763890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "catalogue_version" ("version" text NOT NULL, "content_sha256" text NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_catalogue_version_sha256" CHECK ("content_sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "CHK_catalogue_version_format" CHECK ("version" ~ '^[0-9]+(\\.[0-9]+)*$'), CONSTRAINT "PK_catalogue_version" PRIMARY KEY ("version"))`);
    await queryRunner.query(`CREATE TABLE "evidence_revision" ("evidence_id" uuid NOT NULL, "revision" integer NOT NULL, "title" text NOT NULL, "kind" text NOT NULL, "publisher" text, "published_on" date, "effective_on" date, "language" text, "visibility" text NOT NULL, "url" text, "link_last_seen_on" date, "file_id" uuid, "state_iso3" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_evidence_revision" PRIMARY KEY ("evidence_id", "revision"))`);
    await queryRunner.query(`CREATE TABLE "publication" ("cycle_year" integer NOT NULL, "version" integer NOT NULL, "methodology_version" text NOT NULL, "catalogue_version" text, "note" text, "published_by" uuid, "artifact_job_id" uuid, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_publication_note" CHECK (("version" = 1) = ("note" IS NULL) AND ("note" IS NULL OR length(btrim("note")) > 0)), CONSTRAINT "CHK_publication_version" CHECK ("version" >= 1), CONSTRAINT "PK_publication" PRIMARY KEY ("cycle_year", "version"))`);
    await queryRunner.query(`CREATE TABLE "publication_artifact" ("cycle_year" integer NOT NULL, "version" integer NOT NULL, "scope" text NOT NULL, "format" text NOT NULL, "sha256" text NOT NULL, "size_bytes" bigint NOT NULL, "storage_key" text NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_publication_artifact_size" CHECK ("size_bytes" > 0), CONSTRAINT "CHK_publication_artifact_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "CHK_publication_artifact_format" CHECK ("format" IN ('html', 'pdf', 'xlsx', 'csv', 'json')), CONSTRAINT "PK_publication_artifact" PRIMARY KEY ("cycle_year", "version", "scope", "format"))`);
    await queryRunner.query(`CREATE TABLE "publication_state" ("cycle_year" integer NOT NULL, "state_iso3" text NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_publication_state" PRIMARY KEY ("cycle_year", "state_iso3"))`);
    await queryRunner.query(`CREATE TABLE "publication_group" ("cycle_year" integer NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, CONSTRAINT "PK_publication_group" PRIMARY KEY ("cycle_year", "code"))`);
    await queryRunner.query(`CREATE TABLE "publication_group_member" ("cycle_year" integer NOT NULL, "group_code" text NOT NULL, "state_iso3" text NOT NULL, CONSTRAINT "PK_publication_group_member" PRIMARY KEY ("cycle_year", "group_code", "state_iso3"))`);
    await queryRunner.query(`CREATE TABLE "publication_catalogue_file" ("cycle_year" integer NOT NULL, "path" text NOT NULL, "content_sha256" text NOT NULL, CONSTRAINT "PK_publication_catalogue_file" PRIMARY KEY ("cycle_year", "path"))`);
    await queryRunner.query(`CREATE TABLE "publication_evidence" ("cycle_year" integer NOT NULL, "version" integer NOT NULL, "evidence_id" uuid NOT NULL, "revision" integer NOT NULL, CONSTRAINT "PK_publication_evidence" PRIMARY KEY ("cycle_year", "version", "evidence_id"))`);
    await queryRunner.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_evidence_revision_evidence" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_evidence_revision_file" FOREIGN KEY ("file_id") REFERENCES "evidence_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_evidence_revision_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication" ADD CONSTRAINT "FK_publication_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication" ADD CONSTRAINT "FK_publication_methodology" FOREIGN KEY ("methodology_version") REFERENCES "methodology"("version") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication" ADD CONSTRAINT "FK_publication_published_by" FOREIGN KEY ("published_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_artifact" ADD CONSTRAINT "FK_publication_artifact_publication" FOREIGN KEY ("cycle_year", "version") REFERENCES "publication"("cycle_year","version") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_state" ADD CONSTRAINT "FK_publication_state_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_state" ADD CONSTRAINT "FK_publication_state_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_group" ADD CONSTRAINT "FK_publication_group_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_group_member" ADD CONSTRAINT "FK_publication_group_member_group" FOREIGN KEY ("cycle_year", "group_code") REFERENCES "publication_group"("cycle_year","code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_group_member" ADD CONSTRAINT "FK_publication_group_member_state" FOREIGN KEY ("state_iso3") REFERENCES "state"("iso3") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_catalogue_file" ADD CONSTRAINT "FK_publication_catalogue_file_cycle" FOREIGN KEY ("cycle_year") REFERENCES "cycle"("year") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_evidence" ADD CONSTRAINT "FK_publication_evidence_publication" FOREIGN KEY ("cycle_year", "version") REFERENCES "publication"("cycle_year","version") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "publication_evidence" ADD CONSTRAINT "FK_publication_evidence_revision" FOREIGN KEY ("evidence_id", "revision") REFERENCES "evidence_revision"("evidence_id","revision") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "IDX_publication_evidence_revision" ON "publication_evidence" ("evidence_id", "revision")`);

    // Frozen rows never change: publication tables and evidence revisions are append-only.
    await queryRunner.query(`
      CREATE FUNCTION frozen_row_never_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are frozen and never change', TG_TABLE_NAME USING ERRCODE = 'CN409';
      END $$`);
    for (const table of ['publication', 'publication_artifact', 'publication_state', 'publication_group', 'publication_group_member',
      'publication_catalogue_file', 'publication_evidence', 'evidence_revision', 'catalogue_version']) {
      await queryRunner.query(
        `CREATE TRIGGER "TRG_${table}_frozen" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION frozen_row_never_changes()`,
      );
    }

    // The current content of an evidence item as a revision: the latest stored one when identical, else a new one.
    await queryRunner.query(`
      CREATE FUNCTION evidence_revision_of(e evidence) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        latest evidence_revision;
      BEGIN
        SELECT * INTO latest FROM evidence_revision r WHERE r.evidence_id = e.id ORDER BY r.revision DESC LIMIT 1;
        IF FOUND AND (${of('latest')}) IS NOT DISTINCT FROM (${of('e')}) THEN
          RETURN latest.revision;
        END IF;
        INSERT INTO evidence_revision (evidence_id, revision, ${CONTENT.join(', ')})
        VALUES (e.id, coalesce(latest.revision, 0) + 1, ${of('e')});
        RETURN coalesce(latest.revision, 0) + 1;
      END $$`);
    // Editing evidence that a submitted or published assessment cites keeps what was judged as a revision.
    await queryRunner.query(`
      CREATE FUNCTION evidence_keeps_judged_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (${of('OLD')}) IS DISTINCT FROM (${of('NEW')}) AND EXISTS (
             SELECT 1 FROM evidence_link l JOIN assessment a ON a.id = l.assessment_id JOIN cycle c ON c.year = a.cycle_year
             WHERE l.evidence_id = OLD.id AND (a.status <> 'draft' OR c.status = 'published')) THEN
          PERFORM evidence_revision_of(OLD);
          PERFORM evidence_revision_of(NEW);
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_evidence_revision" AFTER UPDATE ON "evidence" FOR EACH ROW EXECUTE FUNCTION evidence_keeps_judged_revision()`,
    );

    // A published cycle always has its version 1 publication (checked at commit: both are written in one transaction).
    await queryRunner.query(`
      CREATE FUNCTION published_cycle_has_publication() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'published' AND NOT EXISTS (SELECT 1 FROM publication p WHERE p.cycle_year = NEW.year AND p.version = 1) THEN
          RAISE EXCEPTION 'cycle % is published without a publication', NEW.year USING ERRCODE = '23514', CONSTRAINT = 'CHK_cycle_publication';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "TRG_cycle_publication" AFTER INSERT OR UPDATE ON "cycle" DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION published_cycle_has_publication()`);
    // Errata are added to published cycles only, one version after the other.
    await queryRunner.query(`
      CREATE FUNCTION publication_follows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.version > 1 AND NOT EXISTS (SELECT 1 FROM publication p WHERE p.cycle_year = NEW.cycle_year AND p.version = NEW.version - 1) THEN
          RAISE EXCEPTION 'publication version % of cycle % does not follow the previous one', NEW.version, NEW.cycle_year
            USING ERRCODE = '23514', CONSTRAINT = 'CHK_publication_sequence';
        END IF;
        IF NEW.version > 1 AND (SELECT status FROM cycle WHERE year = NEW.cycle_year) <> 'published' THEN
          RAISE EXCEPTION 'an erratum needs a published cycle' USING ERRCODE = '23514', CONSTRAINT = 'CHK_publication_sequence';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_publication_follows" BEFORE INSERT ON "publication" FOR EACH ROW EXECUTE FUNCTION publication_follows()`,
    );

    // Group members a cycle's ranks and statistics use: frozen for a published cycle, the live ones otherwise.
    await queryRunner.query(`
      CREATE VIEW cycle_group_member AS
        SELECT pm.cycle_year, pm.group_code, pm.state_iso3 FROM publication_group_member pm
        UNION ALL
        SELECT c.year, gm.group_code, gm.state_iso3 FROM cycle c CROSS JOIN group_membership gm
        WHERE NOT EXISTS (SELECT 1 FROM publication p WHERE p.cycle_year = c.year)`);

    await this.freezePublishedCycles(queryRunner);
  }

  /** Cycles published before this migration: version 1 with what holds now (the best record there is). */
  private async freezePublishedCycles(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO publication (cycle_year, version, methodology_version, published_at)
      SELECT year, 1, methodology_version, published_at FROM cycle WHERE status = 'published'`);
    await queryRunner.query(`
      INSERT INTO publication_state (cycle_year, state_iso3, name)
      SELECT p.cycle_year, s.iso3, s.name FROM publication p CROSS JOIN state s`);
    await queryRunner.query(`
      INSERT INTO publication_group (cycle_year, code, name, kind)
      SELECT p.cycle_year, g.code, g.name, g.kind FROM publication p CROSS JOIN state_group g`);
    await queryRunner.query(`
      INSERT INTO publication_group_member (cycle_year, group_code, state_iso3)
      SELECT p.cycle_year, m.group_code, m.state_iso3 FROM publication p CROSS JOIN group_membership m`);
    await queryRunner.query(`
      INSERT INTO publication_catalogue_file (cycle_year, path, content_sha256)
      SELECT p.cycle_year, f.path, f.content_sha256 FROM publication p CROSS JOIN catalogue_file f`);
    await queryRunner.query(`
      INSERT INTO publication_evidence (cycle_year, version, evidence_id, revision)
      SELECT p.cycle_year, 1, e.id, evidence_revision_of(e)
      FROM publication p JOIN evidence e ON EXISTS (
        SELECT 1 FROM evidence_link l JOIN assessment a ON a.id = l.assessment_id WHERE l.evidence_id = e.id AND a.cycle_year = p.cycle_year)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW cycle_group_member`);
    await queryRunner.query(`DROP TRIGGER "TRG_cycle_publication" ON "cycle"`);
    await queryRunner.query(`DROP TRIGGER "TRG_evidence_revision" ON "evidence"`);
    for (const table of ['publication_evidence', 'publication_catalogue_file', 'publication_group_member', 'publication_group',
      'publication_state', 'publication_artifact', 'publication', 'evidence_revision', 'catalogue_version']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION publication_follows, published_cycle_has_publication, evidence_keeps_judged_revision, evidence_revision_of, frozen_row_never_changes`);
  }
}

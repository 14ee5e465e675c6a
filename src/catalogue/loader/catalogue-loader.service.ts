import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueSet, CrosswalkDocument, FrameworkDocument, Parsed } from './catalogue-documents';
import { CatalogueError } from './catalogue-error';
import { checkCatalogue, refKey } from './check-catalogue';
import { deriveUnGroups } from './derived-groups';
import { readCatalogue } from './read-catalogue';

// Serialises catalogue loads across instances (start-up and CLI may run at once).
const CATALOGUE_LOCK_KEY = 7_202_614;

export interface CatalogueLoadSummary {
  catalogueVersion: string;
  /** Set when the folder is older than a loaded catalogue: then nothing was changed. */
  skippedOlderThan?: string;
  statesWritten: number;
  groupsWritten: number;
  membershipsAdded: number;
  membershipsRemoved: number;
  frameworksAdded: string[];
  frameworksUnchanged: string[];
  crosswalkLinksWritten: number;
  filesChanged: string[];
}

/**
 * Loads a catalogue folder into the database in one transaction, under an advisory lock. Loading moves
 * forward only: a folder older than the newest loaded catalogue version changes nothing, the same version
 * must come with the same content (loading it again changes nothing), and a framework version, once
 * loaded, is never rewritten (a change needs a new version).
 */
const EMPTY_SUMMARY: Omit<CatalogueLoadSummary, 'catalogueVersion'> = {
  statesWritten: 0,
  groupsWritten: 0,
  membershipsAdded: 0,
  membershipsRemoved: 0,
  frameworksAdded: [],
  frameworksUnchanged: [],
  crosswalkLinksWritten: 0,
  filesChanged: [],
};

@Injectable()
export class CatalogueLoader {
  private readonly logger = new Logger(CatalogueLoader.name);

  constructor(private readonly dataSource: DataSource) {}

  async loadFolder(dir: string, options: { quiet?: boolean } = {}): Promise<CatalogueLoadSummary> {
    const set = await readCatalogue(dir);
    checkCatalogue(set);
    const summary = await this.dataSource.transaction((manager) => this.write(manager, set));
    if (!options.quiet) this.logger.log({ summary }, `Catalogue loaded from ${dir}`);
    return summary;
  }

  private async write(manager: EntityManager, set: CatalogueSet): Promise<CatalogueLoadSummary> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CATALOGUE_LOCK_KEY]);
    const newest = await this.newerOrSameVersion(manager, set);
    if (newest) {
      this.logger.warn({ folder: set.version, loaded: newest }, 'Catalogue folder is older than the loaded catalogue: nothing changed');
      return { ...EMPTY_SUMMARY, catalogueVersion: set.version, skippedOlderThan: newest };
    }
    const summary: CatalogueLoadSummary = {
      catalogueVersion: set.version,
      statesWritten: await this.upsertStates(manager, set),
      groupsWritten: 0,
      membershipsAdded: 0,
      membershipsRemoved: 0,
      frameworksAdded: [],
      frameworksUnchanged: [],
      crosswalkLinksWritten: 0,
      filesChanged: [],
    };
    await this.writeGroups(manager, set, summary);
    for (const framework of set.frameworks) {
      const key = `${framework.document.code}@${framework.document.version}`;
      const added = await this.insertFrameworkIfNew(manager, framework);
      (added ? summary.frameworksAdded : summary.frameworksUnchanged).push(key);
    }
    for (const crosswalk of set.crosswalks) {
      summary.crosswalkLinksWritten += await this.writeCrosswalk(manager, crosswalk);
    }
    summary.filesChanged = await this.recordFiles(manager, [set.states, set.groups, ...set.frameworks, ...set.crosswalks]);
    return summary;
  }

  /**
   * The newest loaded version when it is newer than the folder's (then nothing is loaded). The folder's
   * version is recorded when new; the same version with other content is refused.
   */
  private async newerOrSameVersion(manager: EntityManager, set: CatalogueSet): Promise<string | null> {
    const [newest]: Array<{ version: string; newer: boolean }> = await manager.query(
      `SELECT version, string_to_array(version, '.')::int[] > string_to_array($1, '.')::int[] AS newer
       FROM catalogue_version ORDER BY string_to_array(version, '.')::int[] DESC LIMIT 1`,
      [set.version],
    );
    if (newest?.newer) return newest.version;
    const same: Array<{ content_sha256: string }> = await manager.query('SELECT content_sha256 FROM catalogue_version WHERE version = $1', [set.version]);
    if (same.length === 0) {
      await manager.query('INSERT INTO catalogue_version (version, content_sha256) VALUES ($1, $2)', [set.version, set.contentSha256]);
    } else if (same[0].content_sha256 !== set.contentSha256) {
      throw new CatalogueError([
        { file: 'catalogue.yaml', problem: `catalogue version ${set.version} is already loaded with other content: raise the version` },
      ]);
    }
    return null;
  }

  private async upsertStates(manager: EntityManager, { states }: CatalogueSet): Promise<number> {
    const rows = states.document.states;
    const result: unknown[] = await manager.query(
      `INSERT INTO state (iso3, iso2, numeric_code, name, un_status, un_regional_group, origin)
       SELECT iso3, iso2, numeric_code, name, un_status, un_regional_group, 'catalogue'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS input(iso3, iso2, numeric_code, name, un_status, un_regional_group)
       ON CONFLICT (iso3) DO UPDATE SET
         iso2 = excluded.iso2, numeric_code = excluded.numeric_code, name = excluded.name,
         un_status = excluded.un_status, un_regional_group = excluded.un_regional_group, origin = 'catalogue'
       WHERE (state.iso2, state.numeric_code, state.name, state.un_status, state.un_regional_group, state.origin)
         IS DISTINCT FROM (excluded.iso2, excluded.numeric_code, excluded.name, excluded.un_status,
                           excluded.un_regional_group, 'catalogue')
       RETURNING iso3`,
      [
        rows.map((s) => s.iso3),
        rows.map((s) => s.iso2),
        rows.map((s) => s.numeric),
        rows.map((s) => s.name),
        rows.map((s) => s.unStatus),
        rows.map((s) => s.unRegionalGroup ?? null),
      ],
    );
    return result.length;
  }

  /** Catalogue groups are replaced by what the files say; user-made (custom) groups are left alone. */
  private async writeGroups(manager: EntityManager, set: CatalogueSet, summary: CatalogueLoadSummary): Promise<void> {
    const groups = [...deriveUnGroups(set.states.document), ...set.groups.document.groups];
    const clashes: Array<{ code: string }> = await manager.query(
      `SELECT code FROM state_group WHERE kind = 'custom' AND code = ANY($1::text[])`,
      [groups.map((g) => g.code)],
    );
    if (clashes.length > 0) {
      throw new CatalogueError(
        clashes.map(({ code }) => ({ file: set.groups.path, entry: code, problem: 'a user-defined group already has this code' })),
      );
    }
    const written: unknown[] = await manager.query(
      `INSERT INTO state_group (code, name, kind, source)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, source = excluded.source
       WHERE (state_group.name, state_group.kind, state_group.source)
         IS DISTINCT FROM (excluded.name, excluded.kind, excluded.source)
       RETURNING code`,
      [groups.map((g) => g.code), groups.map((g) => g.name), groups.map((g) => g.kind), groups.map((g) => g.source)],
    );
    summary.groupsWritten = written.length;
    const pairs = groups.flatMap((g) => g.members.map((member) => [g.code, member]));
    const groupCodes = pairs.map(([code]) => code);
    const members = pairs.map(([, member]) => member);
    const [, removed] = (await manager.query(
      `DELETE FROM group_membership m
       WHERE m.group_code = ANY($3::text[])
         AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS keep(group_code, state_iso3)
                         WHERE keep.group_code = m.group_code AND keep.state_iso3 = m.state_iso3)`,
      [groupCodes, members, groups.map((g) => g.code)],
    )) as [unknown, number];
    const added: unknown[] = await manager.query(
      `INSERT INTO group_membership (group_code, state_iso3)
       SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING RETURNING group_code`,
      [groupCodes, members],
    );
    summary.membershipsRemoved = removed;
    summary.membershipsAdded = added.length;
  }

  private async insertFrameworkIfNew(manager: EntityManager, file: Parsed<FrameworkDocument>): Promise<boolean> {
    const framework = file.document;
    const existing: Array<{ content_sha256: string }> = await manager.query(
      'SELECT content_sha256 FROM framework WHERE code = $1 AND version = $2',
      [framework.code, framework.version],
    );
    if (existing.length > 0) {
      if (existing[0].content_sha256 === file.sha256) return false;
      throw new CatalogueError([
        {
          file: file.path,
          problem:
            `framework ${framework.code} version ${framework.version} is already loaded with different content; ` +
            'a loaded version is never rewritten: give the changed file a new version',
        },
      ]);
    }
    const [{ id: frameworkId }]: Array<{ id: number }> = await manager.query(
      `INSERT INTO framework (code, version, title, short_title, source, applicability_group, includes_added_entities, content_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        framework.code,
        framework.version,
        framework.title,
        framework.shortTitle ?? framework.title,
        framework.source,
        framework.applicabilityGroup,
        framework.includesAddedEntities ?? false,
        file.sha256,
      ],
    );
    const categoryIds = new Map<string, number>();
    for (const [position, category] of framework.categories.entries()) {
      const [{ id }]: Array<{ id: number }> = await manager.query(
        `INSERT INTO framework_category (framework_id, code, label, description, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [frameworkId, category.code, category.label, category.description, position],
      );
      categoryIds.set(category.code, id);
    }
    for (const [position, commitment] of framework.commitments.entries()) {
      const [{ id: commitmentId }]: Array<{ id: number }> = await manager.query(
        `INSERT INTO commitment (framework_id, code, label, text, text_kind, category_id, source_document, source_paragraph, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          frameworkId,
          commitment.code,
          commitment.label,
          commitment.text,
          commitment.textKind,
          categoryIds.get(commitment.category),
          commitment.source.document,
          commitment.source.paragraph ?? null,
          position,
        ],
      );
      for (const [index, guidance] of (commitment.guidance ?? []).entries()) {
        await manager.query(
          'INSERT INTO commitment_guidance (commitment_id, source, text, position) VALUES ($1, $2, $3, $4)',
          [commitmentId, guidance.source, guidance.text, index],
        );
      }
      for (const [index, action] of (commitment.practicalActions ?? []).entries()) {
        await manager.query(
          'INSERT INTO practical_action (commitment_id, text, kind, source, position) VALUES ($1, $2, $3, $4, $5)',
          [commitmentId, action.text, action.kind, action.source, index],
        );
      }
    }
    return true;
  }

  private async writeCrosswalk(manager: EntityManager, file: Parsed<CrosswalkDocument>): Promise<number> {
    const crosswalk = file.document;
    const ids = await this.commitmentIds(manager);
    const from = crosswalk.links.map((link) => ids.get(refKey(link.from)));
    const to = crosswalk.links.map((link) => ids.get(refKey(link.to)));
    await manager.query(
      `DELETE FROM crosswalk_link l WHERE l.crosswalk_code = $1 AND l.crosswalk_version = $2
         AND NOT EXISTS (SELECT 1 FROM unnest($3::int[], $4::int[]) AS keep(from_id, to_id)
                         WHERE keep.from_id = l.from_commitment_id AND keep.to_id = l.to_commitment_id)`,
      [crosswalk.code, crosswalk.version, from, to],
    );
    const written: unknown[] = await manager.query(
      `INSERT INTO crosswalk_link (crosswalk_code, crosswalk_version, crosswalk_title, from_commitment_id, to_commitment_id, relation)
       SELECT $1, $2, $3, from_id, to_id, relation FROM unnest($4::int[], $5::int[], $6::text[]) AS input(from_id, to_id, relation)
       ON CONFLICT (crosswalk_code, crosswalk_version, from_commitment_id, to_commitment_id)
       DO UPDATE SET relation = excluded.relation, crosswalk_title = excluded.crosswalk_title
       WHERE (crosswalk_link.relation, crosswalk_link.crosswalk_title) IS DISTINCT FROM (excluded.relation, excluded.crosswalk_title)
       RETURNING id`,
      [crosswalk.code, crosswalk.version, crosswalk.title, from, to, crosswalk.links.map((link) => link.relation)],
    );
    return written.length;
  }

  private async commitmentIds(manager: EntityManager): Promise<Map<string, number>> {
    const rows: Array<{ id: number; framework: string; version: string; code: string }> = await manager.query(
      'SELECT c.id, f.code AS framework, f.version, c.code FROM commitment c JOIN framework f ON f.id = c.framework_id',
    );
    return new Map(rows.map((row) => [refKey(row), row.id]));
  }

  private async recordFiles(manager: EntityManager, files: Parsed<unknown>[]): Promise<string[]> {
    const changed: Array<{ path: string }> = await manager.query(
      `INSERT INTO catalogue_file (path, content_sha256, last_loaded_at)
       SELECT path, sha, now() FROM unnest($1::text[], $2::text[]) AS input(path, sha)
       ON CONFLICT (path) DO UPDATE SET content_sha256 = excluded.content_sha256, last_loaded_at = now()
       WHERE catalogue_file.content_sha256 <> excluded.content_sha256
       RETURNING path`,
      [files.map((f) => f.path), files.map((f) => f.sha256)],
    );
    return changed.map((row) => row.path);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { CommitmentDto, CrosswalkLinkDto, FrameworkDto } from './dto/framework.dto';

interface FrameworkRow {
  id: number;
  code: string;
  version: string;
  title: string;
  short_title: string;
  source: string;
  applicability_group: string;
  includes_added_entities: boolean;
  latest: boolean;
}

/** Read side of the catalogue: frameworks with their commitments, and the crosswalk. */
@Injectable()
export class CatalogueService {
  constructor(private readonly dataSource: DataSource) {}

  async listFrameworks(allVersions: boolean): Promise<FrameworkDto[]> {
    const frameworks = await this.frameworkRows(allVersions ? undefined : { latestOnly: true });
    return this.withCommitments(frameworks);
  }

  async getFramework(code: string, version?: string): Promise<FrameworkDto> {
    const rows = await this.frameworkRows({ code, version, latestOnly: !version });
    if (rows.length === 0) throw ApiError.notFound('Framework', version ? `${code}@${version}` : code);
    const [framework] = await this.withCommitments(rows);
    return framework;
  }

  async crosswalk(framework?: string): Promise<CrosswalkLinkDto[]> {
    const rows: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT l.crosswalk_code, l.crosswalk_version, l.crosswalk_title, l.relation,
              ff.code AS from_framework, ff.version AS from_version, fc.code AS from_code, fc.label AS from_label,
              tf.code AS to_framework, tf.version AS to_version, tc.code AS to_code, tc.label AS to_label
       FROM crosswalk_link l
       JOIN commitment fc ON fc.id = l.from_commitment_id JOIN framework ff ON ff.id = fc.framework_id
       JOIN commitment tc ON tc.id = l.to_commitment_id JOIN framework tf ON tf.id = tc.framework_id
       WHERE $1::text IS NULL OR ff.code = $1 OR tf.code = $1
       ORDER BY l.crosswalk_code, l.crosswalk_version, ff.code, fc.position, tf.code, tc.position`,
      [framework ?? null],
    );
    return rows.map((row) => ({
      crosswalk: row.crosswalk_code,
      crosswalkVersion: row.crosswalk_version,
      crosswalkTitle: row.crosswalk_title,
      from: { framework: row.from_framework, version: row.from_version, code: row.from_code, label: row.from_label },
      to: { framework: row.to_framework, version: row.to_version, code: row.to_code, label: row.to_label },
      relation: row.relation as CrosswalkLinkDto['relation'],
    }));
  }

  private frameworkRows(filter: { code?: string; version?: string; latestOnly?: boolean } = {}): Promise<FrameworkRow[]> {
    // "Latest" compares versions numerically (2015.10 is newer than 2015.9).
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT f.id, f.code, f.version, f.title, f.short_title, f.source, f.applicability_group, f.includes_added_entities,
                row_number() OVER (PARTITION BY f.code ORDER BY string_to_array(f.version, '.')::int[] DESC) = 1 AS latest
         FROM framework f
         WHERE $1::text IS NULL OR f.code = $1
       ) f
       WHERE ($2::text IS NULL OR f.version = $2) AND (NOT $3 OR f.latest)
       ORDER BY f.code, string_to_array(f.version, '.')::int[]`,
      [filter.code ?? null, filter.version ?? null, filter.latestOnly ?? false],
    );
  }

  /** Three set-based queries for any number of frameworks: categories, commitments, and their details. */
  private async withCommitments(frameworks: FrameworkRow[]): Promise<FrameworkDto[]> {
    const ids = frameworks.map((f) => f.id);
    const [categories, commitments, details] = await Promise.all([
      this.dataSource.query(
        `SELECT framework_id, code, label, description FROM framework_category WHERE framework_id = ANY($1) ORDER BY position`,
        [ids],
      ) as Promise<Array<{ framework_id: number; code: string; label: string; description: string | null }>>,
      this.dataSource.query(
        `SELECT c.id, c.framework_id, c.code, c.label, c.text, c.text_kind, k.code AS category,
                c.source_document, c.source_paragraph
         FROM commitment c JOIN framework_category k ON k.id = c.category_id
         WHERE c.framework_id = ANY($1) ORDER BY c.position`,
        [ids],
      ) as Promise<Array<Record<string, string> & { id: number; framework_id: number }>>,
      this.dataSource.query(
        `SELECT 'guidance' AS type, g.commitment_id, g.source, g.text, NULL AS kind, g.position
         FROM commitment_guidance g JOIN commitment c ON c.id = g.commitment_id WHERE c.framework_id = ANY($1)
         UNION ALL
         SELECT 'action', a.commitment_id, a.source, a.text, a.kind, a.position
         FROM practical_action a JOIN commitment c ON c.id = a.commitment_id WHERE c.framework_id = ANY($1)
         ORDER BY position`,
        [ids],
      ) as Promise<Array<{ type: string; commitment_id: number; source: string; text: string; kind: string }>>,
    ]);
    const byCommitment = new Map<number, CommitmentDto>();
    const byFramework = new Map<number, CommitmentDto[]>(ids.map((id) => [id, []]));
    for (const row of commitments) {
      const commitment: CommitmentDto = {
        code: row.code,
        label: row.label,
        text: row.text,
        textKind: row.text_kind as CommitmentDto['textKind'],
        category: row.category,
        sourceDocument: row.source_document,
        sourceParagraph: row.source_paragraph,
        guidance: [],
        practicalActions: [],
      };
      byCommitment.set(row.id, commitment);
      byFramework.get(row.framework_id)!.push(commitment);
    }
    for (const detail of details) {
      const commitment = byCommitment.get(detail.commitment_id)!;
      if (detail.type === 'guidance') commitment.guidance.push({ source: detail.source, text: detail.text });
      else commitment.practicalActions.push({ text: detail.text, kind: detail.kind as 'national', source: detail.source });
    }
    return frameworks.map((f) => ({
      code: f.code,
      version: f.version,
      title: f.title,
      shortTitle: f.short_title,
      source: f.source,
      applicabilityGroup: f.applicability_group,
      includesAddedEntities: f.includes_added_entities,
      latest: f.latest,
      commitmentCount: byFramework.get(f.id)!.length,
      categories: categories
        .filter((c) => c.framework_id === f.id)
        .map((c) => ({ code: c.code, label: c.label, description: c.description })),
      commitments: byFramework.get(f.id)!,
    }));
  }
}

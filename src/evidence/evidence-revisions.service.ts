import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { EvidenceRevisionDto } from './dto/evidence-revision.dto';
import { EvidenceService } from './evidence.service';

/**
 * The revisions of an evidence item. The database stores them (migration 1763890000000): an edit of an item
 * that a submitted or published assessment cites keeps the judged content, and publishing pins a revision.
 */
@Injectable()
export class EvidenceRevisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evidence: EvidenceService,
  ) {}

  async list(id: string, user: AuthUser | undefined): Promise<EvidenceRevisionDto[]> {
    await this.evidence.get(id, user); // 404 for what the caller may not see
    const rows: Array<{
      revision: number; title: string; kind: string; publisher: string | null; published_on: string | null; url: string | null;
      sha256: string | null; current: boolean; created_at: Date; published_in: Array<{ cycleYear: number; version: number }>;
    }> = await this.dataSource.query(
      `SELECT r.revision, r.title, r.kind, r.publisher, to_char(r.published_on, 'YYYY-MM-DD') AS published_on, r.url, f.sha256,
              r.revision = (SELECT max(x.revision) FROM evidence_revision x WHERE x.evidence_id = r.evidence_id)
                AND (r.title, r.kind, r.publisher, r.published_on, r.url, r.file_id) IS NOT DISTINCT FROM (e.title, e.kind, e.publisher, e.published_on, e.url, e.file_id) AS current,
              r.created_at,
              coalesce((SELECT json_agg(json_build_object('cycleYear', pe.cycle_year, 'version', pe.version) ORDER BY pe.cycle_year, pe.version)
                        FROM publication_evidence pe WHERE pe.evidence_id = r.evidence_id AND pe.revision = r.revision), '[]') AS published_in
       FROM evidence_revision r JOIN evidence e ON e.id = r.evidence_id LEFT JOIN evidence_file f ON f.id = r.file_id
       WHERE r.evidence_id = $1 ORDER BY r.revision`,
      [id],
    );
    return rows.map((r) => ({
      revision: r.revision,
      title: r.title,
      kind: r.kind,
      publisher: r.publisher,
      publishedOn: r.published_on,
      url: r.url,
      fileSha256: r.sha256,
      current: r.current,
      createdAt: r.created_at,
      publishedIn: r.published_in,
    }));
  }
}

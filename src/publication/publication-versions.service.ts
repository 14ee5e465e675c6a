import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { JobQueue } from '../jobs/job-queue.service';
import { artifactSet } from './artifact-set';
import { CreateErratumDto, PublicationDto } from './dto/publication.dto';
import { ARTIFACTS_QUEUE, PublicationService } from './publication.service';

/** The publication versions of a cycle (with the progress of their artifacts) and errata. */
@Injectable()
export class PublicationVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publication: PublicationService,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  /** Public for a published cycle; 404 otherwise, as for any unpublished cycle. */
  async list(year: number): Promise<PublicationDto[]> {
    const rows: Array<{
      version: number; published_at: Date; note: string | null; methodology_version: string; catalogue_version: string | null;
      artifact_job_id: string | null; stored: number; frameworks: string[];
    }> = await this.dataSource.query(
      `SELECT p.version, p.published_at, p.note, p.methodology_version, p.catalogue_version, p.artifact_job_id,
              (SELECT count(*) FROM publication_artifact a WHERE a.cycle_year = p.cycle_year AND a.version = p.version)::int AS stored,
              (SELECT array_agg(f.code ORDER BY f.code) FROM cycle_framework cf JOIN framework f ON f.id = cf.framework_id
               WHERE cf.cycle_year = p.cycle_year) AS frameworks
       FROM publication p WHERE p.cycle_year = $1 ORDER BY p.version`,
      [year],
    );
    if (rows.length === 0) throw ApiError.notFound('Cycle', year);
    return Promise.all(
      rows.map(async (row) => ({
        cycleYear: year,
        version: row.version,
        publishedAt: row.published_at,
        note: row.note,
        methodologyVersion: row.methodology_version,
        catalogueVersion: row.catalogue_version,
        artifactsStored: row.stored,
        artifactsExpected: artifactSet(row.frameworks ?? []).length,
        artifactJob: row.artifact_job_id ? await this.jobs.state(ARTIFACTS_QUEUE, row.artifact_job_id) : null,
      })),
    );
  }

  /** An explicit, audited correction of a published cycle: a new version; earlier versions stay as they are. */
  async addErratum(year: number, input: CreateErratumDto, actor: AuthUser): Promise<PublicationDto> {
    const version = await this.dataSource.transaction(async (manager) => {
      // One erratum at a time per cycle (the row lock), so versions follow each other.
      const cycles: Array<{ status: string }> = await manager.query('SELECT status FROM cycle WHERE year = $1 FOR UPDATE', [year]);
      if (cycles.length === 0) throw ApiError.notFound('Cycle', year);
      if (cycles[0].status !== 'published') throw ApiError.conflict('NOT_PUBLISHED', `Cycle ${year} is not published; correct it directly`);
      if (input.evidenceIds?.length) {
        const known: Array<{ evidence_id: string }> = await manager.query(
          'SELECT DISTINCT evidence_id FROM publication_evidence WHERE cycle_year = $1 AND evidence_id = ANY($2::uuid[])',
          [year, input.evidenceIds],
        );
        const unknown = input.evidenceIds.filter((id) => !known.some((k) => k.evidence_id === id));
        if (unknown.length > 0) throw ApiError.invalidField('evidenceIds', `not evidence of cycle ${year}: ${unknown.join(', ')}`);
      }
      const next = await this.publication.addVersion(manager, year, input.note.trim(), input.evidenceIds ?? null, actor.id);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'cycle.erratum',
        entityType: 'cycle',
        entityId: String(year),
        after: { version: next, note: input.note.trim(), evidenceIds: input.evidenceIds ?? 'all' },
      });
      return next;
    });
    return (await this.list(year)).find((p) => p.version === version)!;
  }
}

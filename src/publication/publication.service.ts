import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ScoringService } from '../scoring/scoring.service';
import { JobQueue } from '../jobs/job-queue.service';
import {
  FREEZE_CATALOGUE_FILES_SQL,
  FREEZE_GROUPS_SQL,
  FREEZE_MEMBERS_SQL,
  FREEZE_STATES_SQL,
  LATEST_CATALOGUE_VERSION_SQL,
  PIN_EVIDENCE_SQL,
  REPIN_EVIDENCE_SQL,
} from './publication-freeze.sql';

/** The queue whose job renders and stores a publication version's artifacts (PublicationArtifactsWorker). */
export const ARTIFACTS_QUEUE = 'publication-artifacts';

export interface ArtifactsJob {
  year: number;
  version: number;
}

/**
 * Publishing, as one step inside the caller's transaction: everything a published output depends on is
 * frozen here (scores, state names, group memberships, catalogue files, evidence as judged, methodology
 * and catalogue versions), and the job that stores the artifacts is queued in the same transaction.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly scoring: ScoringService,
    private readonly jobs: JobQueue,
  ) {}

  /** Version 1 of a cycle about to be published; call before its status becomes 'published'. */
  async freeze(manager: EntityManager, year: number, actorId: string | null): Promise<void> {
    await this.scoring.snapshotCycle(manager, year);
    const jobId = await this.queueArtifacts(manager, year, 1);
    await manager.query(
      `INSERT INTO publication (cycle_year, version, methodology_version, catalogue_version, published_by, artifact_job_id)
       SELECT year, 1, methodology_version, ${LATEST_CATALOGUE_VERSION_SQL}, $2, $3 FROM cycle WHERE year = $1`,
      [year, actorId, jobId],
    );
    for (const sql of [FREEZE_STATES_SQL, FREEZE_GROUPS_SQL, FREEZE_MEMBERS_SQL, FREEZE_CATALOGUE_FILES_SQL]) await manager.query(sql, [year]);
    await manager.query(PIN_EVIDENCE_SQL, [year, 1]);
  }

  /** A new version of a published cycle with a public note; the evidence listed (or all) takes its current revision. */
  async addVersion(manager: EntityManager, year: number, note: string, evidenceIds: string[] | null, actorId: string): Promise<number> {
    const [{ next }]: Array<{ next: number }> = await manager.query(
      'SELECT max(version) + 1 AS next FROM publication WHERE cycle_year = $1',
      [year],
    );
    const jobId = await this.queueArtifacts(manager, year, next);
    await manager.query(
      `INSERT INTO publication (cycle_year, version, methodology_version, catalogue_version, note, published_by, artifact_job_id)
       SELECT cycle_year, $2, methodology_version, catalogue_version, $3, $4, $5 FROM publication WHERE cycle_year = $1 AND version = 1`,
      [year, next, note, actorId, jobId],
    );
    await manager.query(REPIN_EVIDENCE_SQL, [year, next, evidenceIds]);
    return next;
  }

  /** Queued in the publishing transaction: the job exists exactly when the publication commits. */
  private queueArtifacts(manager: EntityManager, year: number, version: number): Promise<string> {
    const job: ArtifactsJob = { year, version };
    return this.jobs.send(manager, ARTIFACTS_QUEUE, job, { singletonKey: `${year}/${version}` });
  }
}

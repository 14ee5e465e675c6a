import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { CycleStatus } from '../cycles/entities/cycle.entity';
import { cycleNotFound, evidenceVisibilityParams, mayKnowUnpublishedCycles } from '../visibility/visibility-policy';
import { historyForReader } from '../visibility/audit-redaction';
import { access } from './assessment-access';
import { ASSESSMENT_COLUMNS, AssessmentRow, assessmentJoins, toAssessmentDto } from './assessment-rows';
import { resolveTarget } from './assessment-target';
import { AssessmentDto, CommitmentStatusDto, HistoryEntryDto } from './dto/assessment.dto';
import { StatedPositionDto } from './dto/assessment-write.dto';
import { StatementSource } from './entities/assessment.entity';

/** Reads assessments and records stated positions (by the state's officials, or by reviewers from public statements). */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every commitment the state is assessed on in the cycle, with its assessment or "not_started". */
  async listForState(year: number, iso3: string, framework: string | undefined, user: AuthUser | undefined): Promise<CommitmentStatusDto[]> {
    const [context]: Array<{ cycle_status: CycleStatus | null; state: string | null }> = await this.dataSource.query(
      'SELECT (SELECT status FROM cycle WHERE year = $1) AS cycle_status, (SELECT iso3 FROM state WHERE iso3 = $2) AS state',
      [year, iso3],
    );
    if (!context.cycle_status || (context.cycle_status !== 'published' && !mayKnowUnpublishedCycles(user))) throw cycleNotFound(year);
    if (!context.state) throw ApiError.notFound('State', iso3);
    access.assertCanRead(user, context.cycle_status, iso3, cycleNotFound(year));
    const rows: Array<{ framework: string; framework_version: string; code: string; label: string; category: string; assessment: AssessmentRow | null }> =
      await this.dataSource.query(
        `SELECT fw.code AS framework, fw.version AS framework_version, cm.code, cm.label, cat.code AS category,
                (SELECT to_jsonb(x) FROM (SELECT ${ASSESSMENT_COLUMNS} FROM assessment a ${assessmentJoins(4)}
                                          WHERE a.cycle_year = $1 AND a.state_iso3 = $2 AND a.commitment_id = cm.id) x) AS assessment
         FROM cycle_framework cf
         JOIN framework fw ON fw.id = cf.framework_id
         JOIN commitment cm ON cm.framework_id = fw.id
         JOIN framework_category cat ON cat.id = cm.category_id
         WHERE cf.cycle_year = $1 AND framework_applies_to(fw.id, $2) AND ($3::text IS NULL OR fw.code = $3)
         ORDER BY fw.code, cm.position`,
        [year, iso3, framework ?? null, ...evidenceVisibilityParams(user)],
      );
    return rows.map((row) => ({
      framework: row.framework,
      frameworkVersion: row.framework_version,
      commitment: row.code,
      commitmentKey: `${row.framework}:${row.code}`,
      commitmentLabel: row.label,
      category: row.category,
      status: row.assessment?.status ?? 'not_started',
      assessment: row.assessment ? toAssessmentDto(row.assessment) : null,
    }));
  }

  async getByKey(year: number, iso3: string, key: string, user: AuthUser | undefined): Promise<AssessmentDto> {
    const target = await resolveTarget(this.dataSource.manager, year, iso3.toUpperCase(), key, user);
    access.assertCanRead(user, target.cycleStatus, target.stateIso3, cycleNotFound(year));
    const rows: AssessmentRow[] = await this.dataSource.query(
      `SELECT ${ASSESSMENT_COLUMNS} FROM assessment a ${assessmentJoins(4)}
       WHERE a.cycle_year = $1 AND a.state_iso3 = $2 AND a.commitment_id = $3`,
      [year, target.stateIso3, target.commitmentId, ...evidenceVisibilityParams(user)],
    );
    if (rows.length === 0) throw ApiError.notFound(`Assessment of ${target.stateIso3} in ${year} for`, key);
    return toAssessmentDto(rows[0]);
  }

  async getById(id: string, user: AuthUser | undefined, manager: EntityManager = this.dataSource.manager): Promise<AssessmentDto> {
    const rows: Array<AssessmentRow & { cycle_status: CycleStatus }> = await manager.query(
      `SELECT ${ASSESSMENT_COLUMNS}, cy.status AS cycle_status FROM assessment a ${assessmentJoins(2)}
       JOIN cycle cy ON cy.year = a.cycle_year WHERE a.id = $1`,
      [id, ...evidenceVisibilityParams(user)],
    );
    if (rows.length === 0) throw ApiError.notFound('Assessment', id);
    access.assertCanRead(user, rows[0].cycle_status, rows[0].state_iso3, ApiError.notFound('Assessment', id));
    return toAssessmentDto(rows[0]);
  }

  /**
   * Creates or updates the stated position. A state official's own submission replaces a position a reviewer
   * recorded from public statements (the earlier value stays in the history); a reviewer never overwrites a
   * self-assessment.
   */
  async recordPosition(year: number, iso3: string, key: string, input: StatedPositionDto, user: AuthUser): Promise<AssessmentDto> {
    return this.dataSource.transaction(async (manager) => {
      const target = await resolveTarget(manager, year, iso3.toUpperCase(), key, user);
      access.assertCanRecordPosition(user, target.stateIso3);
      access.assertCycleWritable(target.cycleStatus);
      const existing = await lockAssessment(manager, target.cycleYear, target.stateIso3, target.commitmentId);
      if (existing) checkVersion(existing, input.version);
      const byOfficial = user.role === 'state_official';
      checkWhoMayWrite(existing, byOfficial, target.cycleStatus);
      const next = mergePosition(existing, input, byOfficial);
      // An official taking over a reviewer-recorded position starts the workflow afresh.
      const status = !existing || (byOfficial && existing.stated_by === 'reviewer') ? 'draft' : existing.status;
      const params = [
        next.statedLevel,
        next.notApplicable,
        next.notApplicableJustification,
        next.narrative,
        next.source,
        next.sourceReference,
        next.statedBy,
        status,
        user.id,
      ];
      let id: string;
      if (existing) {
        id = existing.id;
        await manager.query(
          `UPDATE assessment SET stated_level = $2, not_applicable = $3, not_applicable_justification = $4, narrative = $5,
             source = $6, source_reference = $7, stated_by = $8, status = $9, updated_by = $10,
             reviewed_level = CASE WHEN $3 THEN NULL ELSE reviewed_level END,
             review_rationale = CASE WHEN $3 THEN NULL ELSE review_rationale END,
             carried_over = false, updated_at = now(), version = version + 1
           WHERE id = $1`,
          [id, ...params],
        );
      } else {
        [{ id }] = await manager.query(
          `INSERT INTO assessment (cycle_year, state_iso3, commitment_id, stated_level, not_applicable, not_applicable_justification,
                                   narrative, source, source_reference, stated_by, status, updated_by, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id`,
          [target.cycleYear, target.stateIso3, target.commitmentId, ...params],
        );
      }
      const after = await this.getById(id, user, manager);
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: existing ? 'assessment.position_updated' : 'assessment.created',
        entityType: 'assessment',
        entityId: id,
        stateIso3: target.stateIso3,
        before: existing ? positionView(existing) : null,
        after: { ...positionView(toRowLike(after)), cycleYear: after.cycleYear, commitmentKey: after.commitmentKey },
      });
      return after;
    });
  }

  /**
   * Every recorded change to the assessment, its evidence links and its comments, oldest first, as the reader
   * may see it (src/visibility/audit-redaction.ts: the public sees workflow steps and level changes only).
   */
  async history(id: string, user: AuthUser | undefined): Promise<HistoryEntryDto[]> {
    const assessment = await this.getById(id, user);
    const rows: Array<{ id: string; occurred_at: Date; action: string; entity_type: string; entity_id: string | null; actor_user_id: string | null; actor_name: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null }> =
      await this.dataSource.query(
        `SELECT e.id, e.occurred_at, e.action, e.entity_type, e.entity_id, e.actor_user_id, u.name AS actor_name, e.before, e.after
         FROM audit_entry e LEFT JOIN app_user u ON u.id = e.actor_user_id
         WHERE (e.entity_type = 'assessment' AND e.entity_id = $1)
            OR (e.entity_type IN ('evidence_link', 'assessment_comment') AND coalesce(e.after ->> 'assessmentId', e.before ->> 'assessmentId') = $1)
         ORDER BY e.id`,
        [id],
      );
    const entries = rows.map((row) => ({
      id: String(row.id),
      occurredAt: row.occurred_at,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      actorUserId: row.actor_user_id,
      actorName: row.actor_name,
      before: row.before,
      after: row.after,
    }));
    const readable = await historyForReader(this.dataSource.manager, entries, user, assessment.stateIso3);
    return readable.map(({ entityType: _t, entityId: _i, ...entry }) => entry);
  }
}

export interface LockedAssessment {
  id: string;
  state_iso3: string;
  cycle_year: number;
  stated_level: number | null;
  not_applicable: boolean;
  not_applicable_justification: string | null;
  narrative: string | null;
  source: StatementSource | null;
  source_reference: string | null;
  stated_by: 'state_official' | 'reviewer' | null;
  reviewed_level: number | null;
  review_rationale: string | null;
  status: AssessmentDto['status'];
  version: number;
}

const LOCK_COLUMNS = `id, state_iso3, cycle_year, stated_level, not_applicable, not_applicable_justification, narrative, source,
  source_reference, stated_by, reviewed_level, review_rationale, status, version`;

async function lockAssessment(manager: EntityManager, year: number, iso3: string, commitmentId: number): Promise<LockedAssessment | undefined> {
  const rows: LockedAssessment[] = await manager.query(
    `SELECT ${LOCK_COLUMNS} FROM assessment WHERE cycle_year = $1 AND state_iso3 = $2 AND commitment_id = $3 FOR UPDATE`,
    [year, iso3, commitmentId],
  );
  return rows[0];
}

export async function lockAssessmentById(manager: EntityManager, id: string): Promise<LockedAssessment & { cycle_status: CycleStatus }> {
  const rows: Array<LockedAssessment & { cycle_status: CycleStatus }> = await manager.query(
    `SELECT a.${LOCK_COLUMNS.split(',').map((c) => c.trim()).join(', a.')}, cy.status AS cycle_status
     FROM assessment a JOIN cycle cy ON cy.year = a.cycle_year WHERE a.id = $1 FOR UPDATE OF a`,
    [id],
  );
  if (rows.length === 0) throw ApiError.notFound('Assessment', id);
  return rows[0];
}

/** Optimistic locking: the caller must have read the current version. */
export function checkVersion(existing: { version: number; id: string }, version: number | undefined): void {
  if (version === undefined) {
    throw ApiError.conflict('ALREADY_EXISTS', 'The assessment exists: send the version you read to change it', {
      assessmentId: existing.id,
      currentVersion: existing.version,
    });
  }
  if (version !== existing.version) {
    throw ApiError.conflict('VERSION_CONFLICT', 'The assessment was changed by someone else; reload it and try again', {
      assessmentId: existing.id,
      currentVersion: existing.version,
    });
  }
}

function checkWhoMayWrite(existing: LockedAssessment | undefined, byOfficial: boolean, cycleStatus: CycleStatus): void {
  if (byOfficial) {
    const answeringChanges = existing?.status === 'changes_requested';
    if (cycleStatus !== 'open' && !answeringChanges) {
      throw ApiError.conflict('CYCLE_IN_REVIEW', 'The cycle is in review: self-assessments are closed except where changes were requested');
    }
    const ownAndLocked = existing?.stated_by === 'state_official' && !['draft', 'changes_requested'].includes(existing.status);
    if (ownAndLocked) {
      throw ApiError.conflict('ASSESSMENT_LOCKED', `The assessment is ${existing!.status}; it can change again if the reviewer requests changes`);
    }
    return;
  }
  if (existing?.stated_by === 'state_official') {
    throw ApiError.conflict('STATE_HAS_SELF_ASSESSED', 'The state has self-assessed; a reviewer cannot replace its stated position');
  }
}

function mergePosition(existing: LockedAssessment | undefined, input: StatedPositionDto, byOfficial: boolean) {
  // An official taking over a reviewer-recorded position starts from a blank page, not the reviewer's text.
  const base = byOfficial && existing?.stated_by === 'reviewer' ? undefined : existing;
  const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
  const notApplicable = pick(input.notApplicable, base?.not_applicable ?? false);
  if (notApplicable && input.statedLevel !== undefined && input.statedLevel !== null) {
    throw ApiError.invalidField('statedLevel', 'a commitment marked not applicable has no stated level');
  }
  const statedLevel = notApplicable ? null : pick(input.statedLevel, base?.stated_level ?? null);
  const justification = notApplicable ? pick(input.notApplicableJustification, base?.not_applicable_justification ?? null) : null;
  if (notApplicable && !justification) {
    throw ApiError.invalidField('notApplicableJustification', 'explain why the commitment does not apply');
  }
  const source: StatementSource | null = byOfficial
    ? (input.source ?? base?.source ?? 'self_assessment')
    : (input.source ?? base?.source ?? null);
  if (!byOfficial && source === 'self_assessment') {
    throw ApiError.invalidField('source', 'a reviewer records a position from a public source, not a self-assessment');
  }
  if (!byOfficial && !source && (statedLevel !== null || notApplicable)) {
    throw ApiError.invalidField('source', 'name the public source of the position you record');
  }
  return {
    statedLevel,
    notApplicable,
    notApplicableJustification: justification,
    narrative: pick(input.narrative, base?.narrative ?? null),
    source,
    sourceReference: pick(input.sourceReference, base?.source_reference ?? null),
    statedBy: byOfficial ? 'state_official' : 'reviewer',
  };
}

function positionView(row: Pick<LockedAssessment, 'stated_level' | 'not_applicable' | 'not_applicable_justification' | 'narrative' | 'source' | 'source_reference' | 'stated_by' | 'status' | 'reviewed_level'>) {
  return {
    statedLevel: row.stated_level,
    notApplicable: row.not_applicable,
    notApplicableJustification: row.not_applicable_justification,
    narrative: row.narrative,
    source: row.source,
    sourceReference: row.source_reference,
    statedBy: row.stated_by,
    status: row.status,
    reviewedLevel: row.reviewed_level,
  };
}

function toRowLike(dto: AssessmentDto) {
  return {
    stated_level: dto.statedLevel,
    not_applicable: dto.notApplicable,
    not_applicable_justification: dto.notApplicableJustification,
    narrative: dto.narrative,
    source: dto.source as StatementSource | null,
    source_reference: dto.sourceReference,
    stated_by: dto.statedBy as LockedAssessment['stated_by'],
    status: dto.status,
    reviewed_level: dto.reviewedLevel,
  };
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { access } from '../assessments/assessment-access';
import { AssessmentsService, lockAssessmentById } from '../assessments/assessments.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser, isStaff } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { CreateEvidenceLinkDto, EvidenceLinkDto, JudgeEvidenceLinkDto } from './dto/evidence-link.dto';
import { evidenceVisibilityParams, evidenceVisibleSql } from '../visibility/visibility-policy';
import { EVIDENCE_COLUMNS, EvidenceRow, toEvidenceDto } from './evidence.service';

interface LinkRow {
  id: string;
  assessment_id: string;
  stance: EvidenceLinkDto['stance'];
  judgement: EvidenceLinkDto['judgement'];
  rejection_reason: string | null;
  note: string | null;
  judged_by: string | null;
  judged_at: Date | null;
  created_by: string;
  created_at: Date;
  version: number;
  evidence: EvidenceRow;
}

/** Evidence attached to assessments: stance by whoever attaches it, judgement by reviewers only. */
@Injectable()
export class EvidenceLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditService,
  ) {}

  async list(assessmentId: string, user: AuthUser | undefined, manager: EntityManager = this.dataSource.manager): Promise<EvidenceLinkDto[]> {
    await this.assessments.getById(assessmentId, user, manager);
    const rows: LinkRow[] = await manager.query(
      `SELECT l.id, l.assessment_id, l.stance, l.judgement, l.rejection_reason, l.note, l.judged_by, l.judged_at, l.created_by,
              l.created_at, l.version, (SELECT to_jsonb(x) FROM (SELECT ${EVIDENCE_COLUMNS}) x) AS evidence
       FROM evidence_link l JOIN evidence ev ON ev.id = l.evidence_id
       WHERE l.assessment_id = $1 AND ${evidenceVisibleSql('ev', 2)}
       ORDER BY l.created_at, l.id`,
      [assessmentId, ...evidenceVisibilityParams(user)],
    );
    return rows.map(toLinkDto);
  }

  async add(assessmentId: string, input: CreateEvidenceLinkDto, user: AuthUser): Promise<EvidenceLinkDto> {
    return this.dataSource.transaction(async (manager) => {
      const assessment = await lockAssessmentById(manager, assessmentId);
      access.assertCanRead(user, assessment.cycle_status, assessment.state_iso3, ApiError.notFound('Assessment', assessmentId));
      if (!isStaff(user) && !(user.role === 'state_official' && user.stateIsos.includes(assessment.state_iso3))) {
        throw ApiError.forbidden('Reviewers, admins and the state’s own officials attach evidence');
      }
      access.assertCycleWritable(assessment.cycle_status);
      const evidence = await manager.query(`SELECT 1 FROM evidence ev WHERE ev.id = $1 AND ${evidenceVisibleSql('ev', 2)}`, [
        input.evidenceId,
        ...evidenceVisibilityParams(user),
      ]);
      if (evidence.length === 0) throw ApiError.invalidField('evidenceId', `no evidence ${input.evidenceId}`);
      const duplicate = await manager.query('SELECT id FROM evidence_link WHERE assessment_id = $1 AND evidence_id = $2', [
        assessmentId,
        input.evidenceId,
      ]);
      if (duplicate.length > 0) {
        throw ApiError.conflict('ALREADY_LINKED', 'This evidence is already attached to the assessment', { linkId: duplicate[0].id });
      }
      const [{ id }]: Array<{ id: string }> = await manager.query(
        `INSERT INTO evidence_link (assessment_id, evidence_id, stance, note, created_by, version) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`,
        [assessmentId, input.evidenceId, input.stance, input.note ?? null, user.id],
      );
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'evidence_link.created',
        entityType: 'evidence_link',
        entityId: id,
        stateIso3: assessment.state_iso3,
        after: { assessmentId, evidenceId: input.evidenceId, stance: input.stance, judgement: 'pending' },
      });
      return this.findLink(manager, assessmentId, id, user);
    });
  }

  async judge(assessmentId: string, linkId: string, input: JudgeEvidenceLinkDto, user: AuthUser): Promise<EvidenceLinkDto> {
    access.assertReviewer(user, 'judge evidence');
    if (input.judgement === 'rejected' && !input.rejectionReason) {
      throw ApiError.invalidField('rejectionReason', 'say why the evidence is rejected');
    }
    return this.dataSource.transaction(async (manager) => {
      const assessment = await lockAssessmentById(manager, assessmentId);
      access.assertCycleWritable(assessment.cycle_status);
      const before = await this.lockLink(manager, assessmentId, linkId);
      if (before.version !== input.version) {
        throw ApiError.conflict('VERSION_CONFLICT', 'The evidence link was changed by someone else; reload and try again', {
          currentVersion: before.version,
        });
      }
      const pending = input.judgement === 'pending';
      await manager.query(
        `UPDATE evidence_link SET judgement = $2, rejection_reason = $3, stance = coalesce($4, stance),
           judged_by = $5, judged_at = $6, updated_at = now(), version = version + 1
         WHERE id = $1`,
        [linkId, input.judgement, input.judgement === 'rejected' ? input.rejectionReason : null, input.stance ?? null,
         pending ? null : user.id, pending ? null : new Date()],
      );
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'evidence_link.judged',
        entityType: 'evidence_link',
        entityId: linkId,
        stateIso3: assessment.state_iso3,
        before: { assessmentId, evidenceId: before.evidence_id, judgement: before.judgement, stance: before.stance, rejectionReason: before.rejection_reason },
        after: {
          assessmentId,
          evidenceId: before.evidence_id,
          judgement: input.judgement,
          stance: input.stance ?? before.stance,
          rejectionReason: input.judgement === 'rejected' ? input.rejectionReason : null,
        },
      });
      return this.findLink(manager, assessmentId, linkId, user);
    });
  }

  async remove(assessmentId: string, linkId: string, user: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const assessment = await lockAssessmentById(manager, assessmentId);
      access.assertCanRead(user, assessment.cycle_status, assessment.state_iso3, ApiError.notFound('Assessment', assessmentId));
      const link = await this.lockLink(manager, assessmentId, linkId);
      const ownPending = link.created_by === user.id && link.judgement === 'pending';
      if (!isStaff(user) && !ownPending) {
        throw ApiError.forbidden('Only reviewers and admins remove judged evidence; you may remove your own pending links');
      }
      access.assertCycleWritable(assessment.cycle_status);
      await manager.query('DELETE FROM evidence_link WHERE id = $1', [linkId]);
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'evidence_link.removed',
        entityType: 'evidence_link',
        entityId: linkId,
        stateIso3: assessment.state_iso3,
        before: { assessmentId, evidenceId: link.evidence_id, stance: link.stance, judgement: link.judgement },
      });
    });
  }

  private async lockLink(manager: EntityManager, assessmentId: string, linkId: string) {
    const rows: Array<{ evidence_id: string; stance: string; judgement: string; rejection_reason: string | null; created_by: string; version: number }> =
      await manager.query(
        'SELECT evidence_id, stance, judgement, rejection_reason, created_by, version FROM evidence_link WHERE id = $1 AND assessment_id = $2 FOR UPDATE',
        [linkId, assessmentId],
      );
    if (rows.length === 0) throw ApiError.notFound('Evidence link', linkId);
    return rows[0];
  }

  private async findLink(manager: EntityManager, assessmentId: string, linkId: string, user: AuthUser): Promise<EvidenceLinkDto> {
    const links = await this.list(assessmentId, user, manager);
    const link = links.find((l) => l.id === linkId);
    if (!link) throw ApiError.notFound('Evidence link', linkId);
    return link;
  }
}

function toLinkDto(row: LinkRow): EvidenceLinkDto {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    stance: row.stance,
    judgement: row.judgement,
    rejectionReason: row.rejection_reason,
    note: row.note,
    judgedBy: row.judged_by,
    judgedAt: row.judged_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    version: row.version,
    evidence: toEvidenceDto(row.evidence),
  };
}

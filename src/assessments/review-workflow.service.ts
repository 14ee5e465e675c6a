import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { access } from './assessment-access';
import { AssessmentsService, checkVersion, LockedAssessment, lockAssessmentById } from './assessments.service';
import { AssessmentDto } from './dto/assessment.dto';
import { ReviewDto, TransitionAction, TransitionDto } from './dto/assessment-write.dto';
import { AssessmentStatus } from './entities/assessment.entity';

interface TransitionRule {
  from: AssessmentStatus[];
  to: AssessmentStatus;
  by: 'official' | 'reviewer';
}

/**
 * The review workflow: draft -> submitted -> in_review -> accepted / changes_requested, and back.
 * A reviewer may start reviewing a draft that holds no self-assessment (a position recorded from public statements).
 */
const RULES: Record<TransitionAction, TransitionRule> = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', by: 'official' },
  start_review: { from: ['submitted', 'draft'], to: 'in_review', by: 'reviewer' },
  accept: { from: ['in_review'], to: 'accepted', by: 'reviewer' },
  request_changes: { from: ['submitted', 'in_review'], to: 'changes_requested', by: 'reviewer' },
  reopen: { from: ['accepted', 'changes_requested'], to: 'in_review', by: 'reviewer' },
};

@Injectable()
export class ReviewWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditService,
  ) {}

  /** Sets the reviewer's level and rationale; only reviewers may. Reviewing moves the assessment into review. */
  async review(id: string, input: ReviewDto, user: AuthUser): Promise<AssessmentDto> {
    access.assertReviewer(user, 'set reviewed levels');
    return this.dataSource.transaction(async (manager) => {
      const current = await lockAssessmentById(manager, id);
      access.assertCycleWritable(current.cycle_status);
      checkVersion(current, input.version);
      if (current.not_applicable) {
        throw ApiError.conflict('NOT_APPLICABLE', 'The commitment is marked not applicable; there is no level to review');
      }
      const status: AssessmentStatus = ['draft', 'submitted', 'accepted'].includes(current.status) ? 'in_review' : current.status;
      await manager.query(
        `UPDATE assessment SET reviewed_level = $2, review_rationale = $3, reviewed_by = $4, reviewed_at = now(), status = $5,
           updated_by = $4, carried_over = false, updated_at = now(), version = version + 1
         WHERE id = $1`,
        [id, input.reviewedLevel, input.rationale, user.id, status],
      );
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'assessment.reviewed',
        entityType: 'assessment',
        entityId: id,
        stateIso3: current.state_iso3,
        before: { reviewedLevel: current.reviewed_level, reviewRationale: current.review_rationale, status: current.status },
        after: { reviewedLevel: input.reviewedLevel, reviewRationale: input.rationale, status },
      });
      return this.assessments.getById(id, user, manager);
    });
  }

  async transition(id: string, input: TransitionDto, user: AuthUser): Promise<AssessmentDto> {
    const rule = RULES[input.action];
    return this.dataSource.transaction(async (manager) => {
      const current = await lockAssessmentById(manager, id);
      this.checkActor(rule, input.action, current, user);
      access.assertCycleWritable(current.cycle_status);
      checkVersion(current, input.version);
      this.checkAllowed(rule, input, current);
      await manager.query(
        `UPDATE assessment SET status = $2, updated_by = $3, updated_at = now(), version = version + 1 WHERE id = $1`,
        [id, rule.to, user.id],
      );
      if (input.comment) await this.addComment(manager, id, current.state_iso3, user, input.comment);
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: `assessment.${input.action}`,
        entityType: 'assessment',
        entityId: id,
        stateIso3: current.state_iso3,
        before: { status: current.status },
        after: { status: rule.to, comment: input.comment ?? null },
      });
      return this.assessments.getById(id, user, manager);
    });
  }

  private checkActor(rule: TransitionRule, action: TransitionAction, current: LockedAssessment, user: AuthUser): void {
    if (rule.by === 'reviewer') {
      access.assertReviewer(user, `may ${action.replace('_', ' ')}`);
      return;
    }
    if (user.role !== 'state_official' || !user.stateIsos.includes(current.state_iso3)) {
      throw ApiError.forbidden(`Only an official of ${current.state_iso3} submits its self-assessment`, 'NOT_YOUR_STATE');
    }
  }

  private checkAllowed(rule: TransitionRule, input: TransitionDto, current: LockedAssessment & { cycle_status: string }): void {
    if (!rule.from.includes(current.status)) {
      throw ApiError.conflict('INVALID_TRANSITION', `Cannot ${input.action} an assessment that is ${current.status}`, {
        currentStatus: current.status,
      });
    }
    if (input.action === 'start_review' && current.status === 'draft' && current.stated_by === 'state_official') {
      throw ApiError.conflict('NOT_SUBMITTED', 'The state has not submitted this self-assessment yet');
    }
    if (input.action === 'submit') {
      if (current.stated_level === null && !current.not_applicable) {
        throw ApiError.badRequest('NOTHING_TO_SUBMIT', 'Give a stated level or mark the commitment not applicable before submitting');
      }
      if (current.cycle_status !== 'open' && current.status !== 'changes_requested') {
        throw ApiError.conflict('CYCLE_IN_REVIEW', 'The cycle is in review: self-assessments are closed except where changes were requested');
      }
    }
    if (input.action === 'accept' && current.reviewed_level === null && !current.not_applicable) {
      throw ApiError.conflict('NOT_REVIEWED', 'Set a reviewed level and rationale before accepting');
    }
    if (input.action === 'request_changes' && !input.comment) {
      throw ApiError.invalidField('comment', 'say what the state should change');
    }
  }

  private async addComment(manager: EntityManager, assessmentId: string, stateIso3: string, user: AuthUser, body: string): Promise<void> {
    const [{ id }]: Array<{ id: string }> = await manager.query(
      'INSERT INTO assessment_comment (assessment_id, author_id, body) VALUES ($1, $2, $3) RETURNING id',
      [assessmentId, user.id, body],
    );
    await this.audit.record(manager, {
      actorUserId: user.id,
      action: 'comment.added',
      entityType: 'assessment_comment',
      entityId: id,
      stateIso3,
      after: { assessmentId, body },
    });
  }
}

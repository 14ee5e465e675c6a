import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { mayReadComments } from '../visibility/visibility-policy';
import { ApiError } from '../common/errors/api-error';
import { access } from './assessment-access';
import { CommentDto } from './dto/comment.dto';

/** The reviewer-official thread on an assessment: never public, visible to staff and the state's officials. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(assessmentId: string, user: AuthUser): Promise<CommentDto[]> {
    await this.assertParticipant(assessmentId, user);
    const rows: Array<{ id: string; author_id: string; author_name: string; author_role: string; body: string; created_at: Date }> =
      await this.dataSource.query(
        `SELECT c.id, c.author_id, u.name AS author_name, u.role AS author_role, c.body, c.created_at
         FROM assessment_comment c JOIN app_user u ON u.id = c.author_id
         WHERE c.assessment_id = $1 ORDER BY c.created_at, c.id`,
        [assessmentId],
      );
    return rows.map((row) => ({
      id: row.id,
      authorId: row.author_id,
      authorName: row.author_name,
      authorRole: row.author_role,
      body: row.body,
      createdAt: row.created_at,
    }));
  }

  async add(assessmentId: string, body: string, user: AuthUser): Promise<CommentDto> {
    const { stateIso3, cycleStatus } = await this.assertParticipant(assessmentId, user);
    access.assertCycleWritable(cycleStatus);
    return this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ id: string; created_at: Date }> = await manager.query(
        'INSERT INTO assessment_comment (assessment_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, created_at',
        [assessmentId, user.id, body],
      );
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'comment.added',
        entityType: 'assessment_comment',
        entityId: row.id,
        stateIso3,
        after: { assessmentId, body },
      });
      return { id: row.id, authorId: user.id, authorName: user.name, authorRole: user.role, body, createdAt: row.created_at };
    });
  }

  private async assertParticipant(assessmentId: string, user: AuthUser): Promise<{ stateIso3: string; cycleStatus: 'open' | 'in_review' | 'published' }> {
    const rows: Array<{ state_iso3: string; status: 'open' | 'in_review' | 'published' }> = await this.dataSource.query(
      'SELECT a.state_iso3, cy.status FROM assessment a JOIN cycle cy ON cy.year = a.cycle_year WHERE a.id = $1',
      [assessmentId],
    );
    if (rows.length === 0) throw ApiError.notFound('Assessment', assessmentId);
    if (!mayReadComments(user, rows[0].state_iso3)) {
      throw ApiError.forbidden('Comments are between reviewers and the officials of the state concerned');
    }
    return { stateIso3: rows[0].state_iso3, cycleStatus: rows[0].status };
  }
}

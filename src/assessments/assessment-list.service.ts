import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { cycleNotFound, evidenceVisibilityParams, mayKnowUnpublishedCycles } from '../visibility/visibility-policy';
import { ASSESSMENT_COLUMNS, AssessmentRow, assessmentJoins, toAssessmentDto } from './assessment-rows';
import { AssessmentListQueryDto } from './dto/assessment-query.dto';
import { AssessmentPageDto } from './dto/assessment.dto';

const ORDER_BY: Record<string, string> = {
  state: 'a.state_iso3, f.code, c.position',
  commitment: 'f.code, c.position, a.state_iso3',
  status: 'a.status, a.state_iso3, f.code, c.position',
  updated: 'a.updated_at, a.id',
  '-updated': 'a.updated_at DESC, a.id',
  statedLevel: 'a.stated_level NULLS FIRST, a.state_iso3, f.code, c.position',
  reviewedLevel: 'a.reviewed_level NULLS FIRST, a.state_iso3, f.code, c.position',
};

/**
 * Workflow lists and the reviewer queue. Who may see what is part of the WHERE clause itself:
 * published cycles for everyone, unpublished ones for staff, and for officials only their own states.
 */
@Injectable()
export class AssessmentListService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: AssessmentListQueryDto, user: AuthUser | undefined): Promise<AssessmentPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [cycle]: Array<{ status: string } | undefined> = await this.dataSource.query('SELECT status FROM cycle WHERE year = $1', [query.cycle]);
    const officialStates = user?.role === 'state_official' ? user.stateIsos : null;
    if (!cycle || (cycle.status !== 'published' && !mayKnowUnpublishedCycles(user))) throw cycleNotFound(query.cycle);
    if (query.group) {
      const group = await this.dataSource.query('SELECT 1 FROM state_group WHERE code = $1', [query.group]);
      if (group.length === 0) throw ApiError.notFound('Group', query.group);
    }
    const params = [
      query.cycle,
      query.framework ?? null,
      query.group ?? null,
      query.state ?? null,
      query.status ?? null,
      query.level ?? null,
      query.hasEvidence ?? null,
      query.hasContradictions ?? null,
      cycle.status === 'published' || isStaff(user),
      officialStates,
      ...evidenceVisibilityParams(user),
    ];
    const where = `
      WHERE a.cycle_year = $1
        AND ($2::text IS NULL OR f.code = $2)
        AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM group_membership m WHERE m.group_code = $3 AND m.state_iso3 = a.state_iso3))
        AND ($4::text IS NULL OR a.state_iso3 = $4)
        AND ($5::text IS NULL OR a.status = $5)
        AND ($6::int IS NULL OR a.stated_level = $6)
        AND ($7::boolean IS NULL OR (coalesce(e.total, 0) > 0) = $7)
        AND ($8::boolean IS NULL OR (coalesce(e.accepted_contradicting, 0) > 0) = $8)
        AND ($9 OR a.state_iso3 = ANY($10::text[]))`;
    const [rows, [{ total }]]: [AssessmentRow[], Array<{ total: string }>] = await Promise.all([
      this.dataSource.query(
        `SELECT ${ASSESSMENT_COLUMNS} FROM assessment a ${assessmentJoins(11)} ${where}
         ORDER BY ${ORDER_BY[query.sort ?? 'state']} LIMIT $14 OFFSET $15`,
        [...params, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(`SELECT count(*) AS total FROM assessment a ${assessmentJoins(11)} ${where}`, params),
    ]);
    return { items: rows.map(toAssessmentDto), total: Number(total), page, pageSize };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { PublicationService } from '../publication/publication.service';
import { CopyForwardService } from './copy-forward.service';
import { CreateCycleDto, CycleCreatedDto, CycleDto, CycleStatusChangeDto } from './dto/cycle.dto';
import { cycleNotFound, mayKnowUnpublishedCycles } from '../visibility/visibility-policy';
import { CycleStatus } from './entities/cycle.entity';

interface CycleRow {
  year: number;
  title: string;
  status: CycleStatus;
  copied_from_year: number | null;
  synthetic: boolean;
  methodology_version: string;
  created_at: Date;
  updated_at: Date;
  review_started_at: Date | null;
  published_at: Date | null;
  version: number;
  frameworks: Array<{ code: string; version: string; title: string }>;
}

const CYCLE_SELECT = `
  SELECT c.year, c.title, c.status, c.copied_from_year, c.synthetic, c.methodology_version, c.created_at, c.updated_at, c.review_started_at,
         c.published_at, c.version,
         coalesce((SELECT json_agg(json_build_object('code', f.code, 'version', f.version, 'title', f.title) ORDER BY f.code)
                   FROM cycle_framework cf JOIN framework f ON f.id = cf.framework_id WHERE cf.cycle_year = c.year), '[]') AS frameworks
  FROM cycle c`;

// Allowed status changes; publishing is final (the database refuses any change to a published cycle).
const TRANSITIONS: Record<CycleStatus, CycleStatus[]> = {
  open: ['in_review'],
  in_review: ['open', 'published'],
  published: [],
};

@Injectable()
export class CyclesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly copyForward: CopyForwardService,
    private readonly publication: PublicationService,
  ) {}

  /** Anonymous callers and viewers see published cycles only; everyone else sees all of them. */
  async list(user: AuthUser | undefined): Promise<CycleDto[]> {
    const rows: CycleRow[] = await this.dataSource.query(
      `${CYCLE_SELECT} WHERE $1 OR c.status = 'published' ORDER BY c.year DESC`,
      [mayKnowUnpublishedCycles(user)],
    );
    return rows.map(toCycleDto);
  }

  async get(year: number, user: AuthUser | undefined, manager: EntityManager = this.dataSource.manager): Promise<CycleDto> {
    const rows: CycleRow[] = await manager.query(`${CYCLE_SELECT} WHERE c.year = $1`, [year]);
    if (rows.length === 0 || (rows[0].status !== 'published' && !mayKnowUnpublishedCycles(user))) {
      throw cycleNotFound(year);
    }
    return toCycleDto(rows[0]);
  }

  async create(input: CreateCycleDto, actor: AuthUser, options: { synthetic?: boolean } = {}): Promise<CycleCreatedDto> {
    return this.dataSource.transaction(async (manager) => {
      const exists = await manager.query('SELECT 1 FROM cycle WHERE year = $1', [input.year]);
      if (exists.length > 0) throw ApiError.conflict('CYCLE_EXISTS', `A cycle for ${input.year} already exists`);
      if (input.copyFromYear !== undefined) {
        if (input.copyFromYear >= input.year) throw ApiError.invalidField('copyFromYear', 'copyFromYear must be an earlier year');
        const source = await manager.query('SELECT 1 FROM cycle WHERE year = $1', [input.copyFromYear]);
        if (source.length === 0) throw ApiError.notFound('Cycle', input.copyFromYear);
      }
      const frameworks = await this.latestFrameworks(manager, input.frameworks);
      await manager.query(
        `INSERT INTO cycle (year, title, status, copied_from_year, synthetic, created_by, version) VALUES ($1, $2, 'open', $3, $4, $5, 1)`,
        [input.year, input.title ?? `Reporting cycle ${input.year}`, input.copyFromYear ?? null, options.synthetic ?? false, actor.id],
      );
      await manager.query(
        'INSERT INTO cycle_framework (cycle_year, framework_id) SELECT $1, unnest($2::int[])',
        [input.year, frameworks],
      );
      const carried = input.copyFromYear !== undefined
        ? await this.copyForward.copy(manager, input.copyFromYear, input.year, actor)
        : { assessments: 0, evidenceLinks: 0 };
      const cycle = await this.get(input.year, actor, manager);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'cycle.created',
        entityType: 'cycle',
        entityId: String(input.year),
        after: { ...cycle, carried },
      });
      return { ...cycle, carriedAssessments: carried.assessments, carriedEvidenceLinks: carried.evidenceLinks };
    });
  }

  async changeStatus(year: number, input: CycleStatusChangeDto, actor: AuthUser): Promise<CycleDto> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ status: CycleStatus; version: number }> = await manager.query(
        'SELECT status, version FROM cycle WHERE year = $1 FOR UPDATE',
        [year],
      );
      if (rows.length === 0) throw ApiError.notFound('Cycle', year);
      const current = rows[0];
      if (current.version !== input.version) {
        throw ApiError.conflict('VERSION_CONFLICT', 'The cycle was changed by someone else; reload and try again', {
          currentVersion: current.version,
          currentStatus: current.status,
        });
      }
      if (current.status === 'published') {
        throw ApiError.conflict('CYCLE_FROZEN', 'The cycle is published; its data can no longer change');
      }
      if (!TRANSITIONS[current.status].includes(input.status)) {
        throw ApiError.conflict(
          'INVALID_TRANSITION',
          `A cycle that is ${current.status} can move to: ${TRANSITIONS[current.status].join(', ') || 'nothing'}`,
        );
      }
      // Publishing freezes everything a published output depends on, in this transaction.
      if (input.status === 'published') await this.publication.freeze(manager, year, actor.id);
      await manager.query(
        `UPDATE cycle SET status = $2, version = version + 1, updated_at = now(),
           review_started_at = CASE WHEN $2 = 'in_review' THEN coalesce(review_started_at, now()) ELSE review_started_at END,
           published_at = CASE WHEN $2 = 'published' THEN now() ELSE NULL END
         WHERE year = $1`,
        [year, input.status],
      );
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: input.status === 'published' ? 'cycle.published' : 'cycle.status_changed',
        entityType: 'cycle',
        entityId: String(year),
        before: { status: current.status },
        after: { status: input.status },
      });
      return this.get(year, actor, manager);
    });
  }

  /** The newest loaded version of each requested framework code (all codes by default). */
  private async latestFrameworks(manager: EntityManager, codes?: string[]): Promise<number[]> {
    const rows: Array<{ id: number; code: string }> = await manager.query(
      `SELECT DISTINCT ON (code) id, code FROM framework
       WHERE $1::text[] IS NULL OR code = ANY($1)
       ORDER BY code, string_to_array(version, '.')::int[] DESC`,
      [codes ?? null],
    );
    const unknown = (codes ?? []).filter((code) => !rows.some((row) => row.code === code));
    if (unknown.length > 0) throw ApiError.invalidField('frameworks', `unknown framework(s): ${unknown.join(', ')}`);
    if (rows.length === 0) throw ApiError.invalidField('frameworks', 'the catalogue has no framework to assess');
    return rows.map((row) => row.id);
  }
}

function toCycleDto(row: CycleRow): CycleDto {
  return {
    year: row.year,
    title: row.title,
    status: row.status,
    copiedFromYear: row.copied_from_year,
    synthetic: row.synthetic,
    methodologyVersion: row.methodology_version,
    frameworks: row.frameworks,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reviewStartedAt: row.review_started_at,
    publishedAt: row.published_at,
    version: row.version,
  };
}

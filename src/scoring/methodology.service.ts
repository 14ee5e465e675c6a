import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError, FieldError } from '../common/errors/api-error';
import { DEFAULT_METHODOLOGY_VERSION } from './entities/methodology.entity';
import { CreateMethodologyDto, CycleMethodologyDto, MethodologyDto, WeightInputDto } from './dto/methodology.dto';

interface MethodologyRow {
  version: string;
  title: string;
  description: string | null;
  level_labels: string[];
  level_scores: string[];
  evidence_threshold: number;
  tier_advanced_min: string;
  tier_established_min: string;
  tier_developing_min: string;
  tier_initial_min: string;
  created_at: Date;
  weights: Array<{ framework: string; commitment: string; weight: number }>;
  cycles: number[];
}

const METHODOLOGY_SELECT = `
  SELECT m.version, m.title, m.description, m.level_labels, m.level_scores, m.evidence_threshold,
         m.tier_advanced_min, m.tier_established_min, m.tier_developing_min, m.tier_initial_min, m.created_at,
         coalesce((SELECT json_agg(json_build_object('framework', w.framework_code, 'commitment', w.commitment_code, 'weight', w.weight)
                                   ORDER BY w.framework_code, w.commitment_code)
                   FROM methodology_weight w WHERE w.methodology_version = m.version), '[]'::json) AS weights,
         coalesce((SELECT array_agg(c.year ORDER BY c.year) FROM cycle c WHERE c.methodology_version = m.version), '{}') AS cycles
  FROM methodology m`;

/** Methodology versions: read by anyone, created by admins, never changed (database trigger). */
@Injectable()
export class MethodologyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<MethodologyDto[]> {
    const rows: MethodologyRow[] = await this.dataSource.query(`${METHODOLOGY_SELECT} ORDER BY m.created_at, m.version`);
    return rows.map(toDto);
  }

  async get(version: string): Promise<MethodologyDto> {
    const rows: MethodologyRow[] = await this.dataSource.query(`${METHODOLOGY_SELECT} WHERE m.version = $1`, [version]);
    if (rows.length === 0) throw ApiError.notFound('Methodology', version);
    return toDto(rows[0]);
  }

  async create(input: CreateMethodologyDto, actor: AuthUser): Promise<MethodologyDto> {
    const basedOnVersion = input.basedOn ?? DEFAULT_METHODOLOGY_VERSION;
    const [basis]: MethodologyRow[] = await this.dataSource.query(`${METHODOLOGY_SELECT} WHERE m.version = $1`, [basedOnVersion]);
    if (!basis) throw ApiError.invalidField('basedOn', `methodology ${basedOnVersion} does not exist`);
    const base = toDto(basis);
    const levels = input.levels ? [...input.levels].sort((a, b) => a.level - b.level) : base.levels;
    const tiers = input.tierThresholds ?? base.tierThresholds;
    const weights = input.weights ?? base.weights;
    const errors = [...checkLevels(input), ...checkTiers(input), ...(await this.checkWeights(input.weights ?? []))];
    if (errors.length > 0) throw ApiError.badRequest('VALIDATION_FAILED', 'Request validation failed', errors);

    await this.dataSource.transaction(async (manager) => {
      const clash = await manager.query('SELECT 1 FROM methodology WHERE version = $1', [input.version]);
      if (clash.length > 0) throw ApiError.conflict('METHODOLOGY_EXISTS', `Methodology ${input.version} already exists; versions never change`);
      await manager.query(
        `INSERT INTO methodology (version, title, description, level_labels, level_scores, evidence_threshold,
                                  tier_advanced_min, tier_established_min, tier_developing_min, tier_initial_min, created_by)
         VALUES ($1, $2, $3, $4, $5::numeric[], $6, $7, $8, $9, $10, $11)`,
        [
          input.version,
          input.title,
          input.description ?? null,
          levels.map((l) => l.label),
          levels.map((l) => String(l.score)),
          input.evidenceThreshold ?? base.evidenceThreshold,
          tiers.advanced,
          tiers.established,
          tiers.developing,
          tiers.initial,
          actor.id,
        ],
      );
      if (weights.length > 0) {
        await manager.query(
          `INSERT INTO methodology_weight (methodology_version, framework_code, commitment_code, weight)
           SELECT $1, w.framework, w.commitment, w.weight
           FROM unnest($2::text[], $3::text[], $4::numeric[]) AS w(framework, commitment, weight)`,
          [input.version, weights.map((w) => w.framework), weights.map((w) => w.commitment), weights.map((w) => String(w.weight))],
        );
      }
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'methodology.created',
        entityType: 'methodology',
        entityId: input.version,
        after: { ...input, basedOn: basedOnVersion },
      });
    });
    return this.get(input.version);
  }

  /** Points an unpublished cycle at another methodology version; a published cycle refuses (409 CYCLE_FROZEN). */
  async setForCycle(year: number, version: string, actor: AuthUser): Promise<CycleMethodologyDto> {
    return this.dataSource.transaction(async (manager) => {
      const [cycle]: Array<{ methodology_version: string }> = await manager.query(
        'SELECT methodology_version FROM cycle WHERE year = $1 FOR UPDATE',
        [year],
      );
      if (!cycle) throw ApiError.notFound('Cycle', year);
      const known = await manager.query('SELECT 1 FROM methodology WHERE version = $1', [version]);
      if (known.length === 0) throw ApiError.invalidField('version', `methodology ${version} does not exist`);
      // The cycle's frozen-once-published trigger raises CN409 for a published cycle.
      await manager.query(
        `UPDATE cycle SET methodology_version = $2, version = version + 1, updated_at = now() WHERE year = $1`,
        [year, version],
      );
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'cycle.methodology_changed',
        entityType: 'cycle',
        entityId: String(year),
        before: { methodologyVersion: cycle.methodology_version },
        after: { methodologyVersion: version },
      });
      return { year, methodologyVersion: version };
    });
  }

  /** Each weight must name a commitment that exists in some version of the framework, once. */
  private async checkWeights(weights: WeightInputDto[]): Promise<FieldError[]> {
    if (weights.length === 0) return [];
    const known: Array<{ framework: string; commitment: string }> = await this.dataSource.query(
      `SELECT DISTINCT f.code AS framework, c.code AS commitment
       FROM framework f JOIN commitment c ON c.framework_id = f.id
       WHERE f.code = ANY($1::text[])`,
      [[...new Set(weights.map((w) => w.framework))]],
    );
    const exists = new Set(known.map((k) => `${k.framework} ${k.commitment}`));
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    weights.forEach((w, i) => {
      const key = `${w.framework} ${w.commitment}`;
      if (!exists.has(key)) errors.push({ field: `weights.${i}.commitment`, messages: [`${w.framework} has no commitment ${w.commitment}`] });
      else if (seen.has(key)) errors.push({ field: `weights.${i}`, messages: [`${key} is weighted twice`] });
      seen.add(key);
    });
    return errors;
  }
}

function checkLevels(input: CreateMethodologyDto): FieldError[] {
  if (!input.levels) return [];
  const levels = [...input.levels].sort((a, b) => a.level - b.level);
  if (levels.some((l, i) => l.level !== i)) return [{ field: 'levels', messages: ['levels must list each level 0 to 4 once'] }];
  if (levels.some((l, i) => i > 0 && l.score <= levels[i - 1].score)) {
    return [{ field: 'levels', messages: ['scores must rise strictly from level 0 to level 4'] }];
  }
  return [];
}

function checkTiers(input: CreateMethodologyDto): FieldError[] {
  const t = input.tierThresholds;
  if (!t) return [];
  if (t.advanced > t.established && t.established > t.developing && t.developing > t.initial && t.initial > 0) return [];
  return [{ field: 'tierThresholds', messages: ['thresholds must descend strictly: advanced > established > developing > initial > 0'] }];
}

function toDto(row: MethodologyRow): MethodologyDto {
  return {
    version: row.version,
    title: row.title,
    description: row.description,
    levels: row.level_labels.map((label, level) => ({ level, label, score: Number(row.level_scores[level]) })),
    evidenceThreshold: row.evidence_threshold,
    tierThresholds: {
      advanced: Number(row.tier_advanced_min),
      established: Number(row.tier_established_min),
      developing: Number(row.tier_developing_min),
      initial: Number(row.tier_initial_min),
    },
    weights: row.weights.map((w) => ({ framework: w.framework, commitment: w.commitment, weight: Number(w.weight) })),
    cycles: row.cycles,
    createdAt: row.created_at,
  };
}

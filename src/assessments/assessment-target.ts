import { EntityManager } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { AuthUser } from '../auth/auth-user';
import { CycleStatus } from '../cycles/entities/cycle.entity';
import { cycleNotFound, mayKnowUnpublishedCycles } from '../visibility/visibility-policy';

export interface AssessmentTarget {
  cycleYear: number;
  cycleStatus: CycleStatus;
  stateIso3: string;
  commitmentId: number;
}

/** Splits a commitment key such as GGE:13(f) into framework and commitment codes. */
export function parseCommitmentKey(key: string): { framework: string; code: string } {
  const match = /^([A-Za-z][A-Za-z0-9-]{1,19}):(.{1,32})$/.exec(key);
  if (!match) throw ApiError.invalidField('commitment', 'commitment must be framework:code, e.g. GGE:13(f) or OSCE:8');
  return { framework: match[1].toUpperCase(), code: match[2] };
}

/** Resolves cycle, state and commitment in one query, with a 404 that names what is missing (and may be known). */
export async function resolveTarget(
  manager: EntityManager,
  year: number,
  iso3: string,
  key: string,
  user: AuthUser | undefined,
): Promise<AssessmentTarget> {
  const { framework, code } = parseCommitmentKey(key);
  const [row]: Array<{ cycle_status: CycleStatus | null; state: string | null; commitment_id: number | null; applies: boolean | null }> =
    await manager.query(
      `SELECT (SELECT status FROM cycle WHERE year = $1) AS cycle_status,
              (SELECT iso3 FROM state WHERE iso3 = $2) AS state,
              c.id AS commitment_id,
              framework_applies_to(c.framework_id, $2) AS applies
       FROM (SELECT 1) one
       LEFT JOIN (commitment c JOIN framework f ON f.id = c.framework_id JOIN cycle_framework cf ON cf.framework_id = f.id)
         ON cf.cycle_year = $1 AND f.code = $3 AND c.code = $4`,
      [year, iso3, framework, code],
    );
  // Before naming a missing state or commitment: an unpublished cycle answers outsiders as a missing one.
  if (!row.cycle_status || (row.cycle_status !== 'published' && !mayKnowUnpublishedCycles(user))) throw cycleNotFound(year);
  if (!row.state) throw ApiError.notFound('State', iso3);
  if (!row.commitment_id) throw ApiError.notFound(`Commitment in cycle ${year}`, key);
  if (!row.applies) {
    throw ApiError.notFound(`Commitment for ${iso3}`, `${key} (the framework does not apply to this state)`);
  }
  return { cycleYear: year, cycleStatus: row.cycle_status, stateIso3: row.state, commitmentId: row.commitment_id };
}

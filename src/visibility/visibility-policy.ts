import { AuthUser, canSeeUnpublished, isStaff } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { CycleStatus } from '../cycles/entities/cycle.entity';

/**
 * Who sees what, in one place. README "Who sees what" shows the same rules as a table.
 *
 * - Cycles, assessments, scorecards, reports, exports: a published cycle is public; an unpublished one is for
 *   reviewers and admins, and for the officials of each state about that state. Whoever may not see an
 *   unpublished cycle gets the answer a cycle that does not exist gets.
 * - Evidence items (and their files and links): see `evidenceVisibleSql`.
 * - Comments (and request-changes text): reviewers, admins and the state's officials, never the public.
 * - Audit entries and assessment history: see src/visibility/audit-redaction.ts, which applies these rules
 *   to what the entries say.
 */

/** The principal as the rules see it. */
export interface Viewer {
  staff: boolean;
  userId: string | null;
  /** States a state official acts for; empty for everyone else. */
  officialStates: string[];
}

export function viewerOf(user: AuthUser | undefined): Viewer {
  return {
    staff: isStaff(user),
    userId: user?.id ?? null,
    officialStates: user?.role === 'state_official' ? user.stateIsos : [],
  };
}

/**
 * May the user read a state's data in a cycle of this status? Whoever may not know of unpublished cycles gets
 * `hiddenAs`: the very error the record would give if it did not exist.
 */
export function assertMayReadCycleState(user: AuthUser | undefined, cycleStatus: CycleStatus, stateIso3: string, hiddenAs: ApiError): void {
  if (cycleStatus === 'published' || canSeeUnpublished(user, stateIso3)) return;
  if (!mayKnowUnpublishedCycles(user)) throw hiddenAs;
  throw ApiError.forbidden(`You do not act for ${stateIso3}; its unpublished assessments are not yours to see`);
}

/** Staff and state officials may know an unpublished cycle exists (officials see their own states in it). */
export function mayKnowUnpublishedCycles(user: AuthUser | undefined): boolean {
  return isStaff(user) || user?.role === 'state_official';
}

/** The one answer for "no such cycle" and "a cycle you may not see". */
export function cycleNotFound(year: number | string): ApiError {
  return ApiError.notFound('Cycle', year);
}

/** Comment threads: reviewers, admins and the officials of the assessment's state. */
export function mayReadComments(user: AuthUser | undefined, stateIso3: string): boolean {
  return isStaff(user) || (user?.role === 'state_official' && user.stateIsos.includes(stateIso3));
}

/**
 * SQL condition: may the viewer see evidence item `alias`? Takes three parameters from `firstParam` on
 * (see `evidenceVisibilityParams`).
 * - Reviewers, admins and whoever added the item see it always.
 * - `shared` and `public` items are seen by the officials of the state the item is about (or, for items about
 *   no one state, of the states whose assessments it is attached to).
 * - A `public` item is seen by everyone once a published cycle has accepted it; until then it is as `shared`.
 * - A `private` item is never seen by officials or the public.
 */
export function evidenceVisibleSql(alias: string, firstParam: number): string {
  const staff = `$${firstParam}::boolean`;
  const user = `$${firstParam + 1}::uuid`;
  const states = `$${firstParam + 2}::text[]`;
  return `(${staff} OR ${alias}.created_by = ${user}
    OR (${alias}.visibility <> 'private' AND cardinality(${states}) > 0 AND (${alias}.state_iso3 = ANY(${states})
        OR (${alias}.state_iso3 IS NULL AND EXISTS (
              SELECT 1 FROM evidence_link vis_l JOIN assessment vis_a ON vis_a.id = vis_l.assessment_id
              WHERE vis_l.evidence_id = ${alias}.id AND vis_a.state_iso3 = ANY(${states})))))
    OR (${alias}.visibility = 'public' AND ${evidencePublishedSql(alias)}))`;
}

/** SQL condition: evidence item `alias` is public (marked public and accepted in a published cycle). */
export function evidencePublishedSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM evidence_link pub_l JOIN assessment pub_a ON pub_a.id = pub_l.assessment_id
                  JOIN cycle pub_c ON pub_c.year = pub_a.cycle_year
                  WHERE pub_l.evidence_id = ${alias}.id AND pub_l.judgement = 'accepted' AND pub_c.status = 'published')`;
}

export function evidenceVisibilityParams(user: AuthUser | undefined): [boolean, string | null, string[]] {
  const viewer = viewerOf(user);
  return [viewer.staff, viewer.userId, viewer.officialStates];
}

/**
 * SQL condition for counting the links of an assessment in the caller's view: in a published cycle every
 * judged link counts (the scores rest on them); before publication only evidence the caller may see.
 */
export function linkCountedSql(linkEvidenceAlias: string, cycleStatusSql: string, firstParam: number): string {
  return `(${cycleStatusSql} = 'published' OR ${evidenceVisibleSql(linkEvidenceAlias, firstParam)})`;
}

import { EntityManager } from 'typeorm';
import { AuthUser, isStaff } from '../auth/auth-user';
import { evidenceVisibilityParams, evidenceVisibleSql, mayReadComments } from './visibility-policy';

/** What an audit or history entry says, as stored. */
export interface RecordedEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  actorUserId: string | null;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** True when the entry concerns evidence the reader may not see: what it was is left out. */
  redacted?: boolean;
}

/** The fields of an assessment that its public history shows: workflow steps and level changes. */
const PUBLIC_ASSESSMENT_FIELDS = ['status', 'statedLevel', 'reviewedLevel', 'notApplicable', 'cycleYear', 'commitmentKey'];
const PUBLIC_LINK_FIELDS = ['stance', 'judgement'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Audit trail entries as the reader may see them. Staff see everything. A state's officials see their
 * states' entries, but an entry about evidence they may not see says only that such evidence was added,
 * attached or judged: no id, title, URL or file.
 */
export async function redactAuditEntries<T extends RecordedEntry>(manager: EntityManager, entries: T[], user: AuthUser | undefined): Promise<T[]> {
  if (isStaff(user)) return entries;
  const visible = await visibleEvidenceIds(manager, entries, user);
  return entries.map((entry) => redactEvidence(entry, visible));
}

/**
 * An assessment's history as the reader may see it. The state's officials and staff: the audit entries, with
 * hidden evidence redacted as in the audit trail. Everyone else (a published assessment): workflow steps and
 * level changes, and the judged evidence they may see; no comments, request-changes text, narratives,
 * rationale drafts, or names of who did what.
 */
export async function historyForReader<T extends RecordedEntry>(
  manager: EntityManager,
  entries: T[],
  user: AuthUser | undefined,
  stateIso3: string,
): Promise<T[]> {
  if (mayReadComments(user, stateIso3)) return redactAuditEntries(manager, entries, user);
  const visible = await visibleEvidenceIds(manager, entries, user);
  return entries.flatMap((entry) => {
    if (entry.entityType === 'assessment_comment') return [];
    const anonymous = { ...entry, actorUserId: null, actorName: null };
    if (entry.entityType === 'evidence_link') {
      const evidenceId = idIn(entry.after) ?? idIn(entry.before);
      if (!evidenceId || !visible.has(evidenceId)) return [];
      return [{ ...anonymous, before: pick(entry.before, [...PUBLIC_LINK_FIELDS, 'evidenceId']), after: pick(entry.after, [...PUBLIC_LINK_FIELDS, 'evidenceId']) }];
    }
    return [{ ...anonymous, before: pick(entry.before, PUBLIC_ASSESSMENT_FIELDS), after: pick(entry.after, PUBLIC_ASSESSMENT_FIELDS) }];
  });
}

function redactEvidence<T extends RecordedEntry>(entry: T, visible: Set<string>): T {
  if (entry.entityType === 'evidence' && entry.entityId && !visible.has(entry.entityId)) {
    return { ...entry, entityId: null, before: null, after: null, redacted: true };
  }
  if (entry.entityType === 'evidence_link') {
    // Entries that do not name their evidence (judgements recorded before they did) count as hidden.
    const evidenceId = idIn(entry.after) ?? idIn(entry.before);
    if (evidenceId && visible.has(evidenceId)) return entry;
    const facts = ['assessmentId', ...PUBLIC_LINK_FIELDS];
    return { ...entry, before: pick(entry.before, facts), after: pick(entry.after, facts), redacted: true };
  }
  const before = redactSide(entry.before, visible);
  const after = redactSide(entry.after, visible);
  if (before === entry.before && after === entry.after) return entry;
  return { ...entry, before, after, redacted: true };
}

/** Removes references to hidden evidence from one side of an entry (a link entry, or an import's links). */
function redactSide(side: Record<string, unknown> | null, visible: Set<string>): Record<string, unknown> | null {
  if (!side) return side;
  let result = side;
  const evidenceId = idIn(side);
  // A judgement's reason or a note could tell what the evidence was: only the workflow facts stay.
  if (evidenceId && !visible.has(evidenceId)) result = { ...pick(side, ['assessmentId', ...PUBLIC_LINK_FIELDS]), evidenceId: null };
  if (Array.isArray(side.links)) {
    const links = side.links as Array<Record<string, unknown>>;
    if (links.some((link) => !visible.has(String(link.evidenceId)))) {
      result = { ...result, links: links.map((link) => (visible.has(String(link.evidenceId)) ? link : { ...pick(link, PUBLIC_LINK_FIELDS), redacted: true })) };
    }
  }
  return result;
}

/** The evidence ids the entries mention that the reader may see, in one query. */
async function visibleEvidenceIds(manager: EntityManager, entries: RecordedEntry[], user: AuthUser | undefined): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (entry.entityType === 'evidence' && entry.entityId) ids.add(entry.entityId);
    for (const side of [entry.before, entry.after]) {
      const id = idIn(side);
      if (id) ids.add(id);
      if (Array.isArray(side?.links)) for (const link of side.links as Array<Record<string, unknown>>) ids.add(String(link.evidenceId));
    }
  }
  const candidates = [...ids].filter((id) => UUID.test(id));
  if (candidates.length === 0) return new Set();
  const rows: Array<{ id: string }> = await manager.query(
    `SELECT ev.id FROM evidence ev WHERE ev.id = ANY($1::uuid[]) AND ${evidenceVisibleSql('ev', 2)}`,
    [candidates, ...evidenceVisibilityParams(user)],
  );
  return new Set(rows.map((row) => row.id));
}

function idIn(side: Record<string, unknown> | null): string | null {
  return typeof side?.evidenceId === 'string' ? side.evidenceId : null;
}

function pick(side: Record<string, unknown> | null, fields: string[]): Record<string, unknown> | null {
  if (!side) return null;
  const kept = Object.fromEntries(fields.filter((field) => field in side).map((field) => [field, side[field]]));
  return Object.keys(kept).length > 0 ? kept : null;
}

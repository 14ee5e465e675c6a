import { EntityManager } from 'typeorm';
import { AssessmentRow } from '../assessments/assessment-rows';
import { AuthUser } from '../auth/auth-user';
import { currentRequest } from '../common/http/request-context';
import { AssessmentInput, EvidenceInput, LinkInput, RowError, ValidatedImport } from './validate-rows';

export interface ImportCounts {
  assessmentsCreated: number;
  assessmentsUpdated: number;
  assessmentsUnchanged: number;
  evidenceCreated: number;
  linksCreated: number;
  linksUpdated: number;
  linksUnchanged: number;
}

/** What the importer reads of a stored assessment: the columns a file can set, and those they decide. */
type StoredAssessment = Pick<
  AssessmentRow,
  | 'id'
  | 'stated_level'
  | 'not_applicable'
  | 'not_applicable_justification'
  | 'narrative'
  | 'source'
  | 'source_reference'
  | 'stated_by'
  | 'reviewed_level'
  | 'review_rationale'
  | 'status'
> & { key: string };

type Final = Omit<StoredAssessment, 'id' | 'key'> & { id?: string; key: string; input: AssessmentInput; reviewChanged: boolean };

/** An evidence link the import created or changed, for the audit entry of its assessment. */
interface TouchedLink {
  assessmentId: string;
  evidenceId: string;
  change: 'created' | 'updated';
}

/**
 * Writes a validated file with a fixed number of set-based statements (never one per row). Values equal to
 * what is stored are left alone, so importing the same file again changes nothing: no new versions, no
 * audit entries. Blank cells keep what is stored.
 */
export async function writeImport(manager: EntityManager, data: ValidatedImport, user: AuthUser): Promise<{ counts: ImportCounts; errors: RowError[] }> {
  const stored = await loadStored(manager, [...data.assessments.values()]);
  const errors: RowError[] = [];
  const finals = [...data.assessments.values()].map((input) => merge(input, stored.get(input.key), errors));
  if (errors.length > 0) return { counts: emptyCounts(), errors };

  const created = finals.filter((f) => !f.id);
  const changed = finals.filter((f) => f.id && differs(f, stored.get(f.key)!));
  const ids = new Map<string, string>(finals.filter((f) => f.id).map((f) => [f.key, f.id!]));
  for (const row of await insertAssessments(manager, created, user)) ids.set(row.key, row.id);
  await updateAssessments(manager, changed, user);

  const evidence = await upsertEvidence(manager, [...data.evidence.values()], user);
  const links = await writeLinks(manager, data.links, ids, evidence.ids, user);
  await auditAssessments(manager, {
    finals: finals.map((f) => ({ ...f, id: ids.get(f.key)! })),
    written: new Set([...created, ...changed].map((f) => f.key)),
    stored,
    links: links.touched,
    linkInputs: data.links,
    evidence,
    user,
  });
  return {
    counts: {
      assessmentsCreated: created.length,
      assessmentsUpdated: changed.length,
      assessmentsUnchanged: finals.length - created.length - changed.length,
      evidenceCreated: evidence.created.size,
      linksCreated: links.created,
      linksUpdated: links.updated,
      linksUnchanged: data.links.length - links.created - links.updated,
    },
    errors,
  };
}

async function loadStored(manager: EntityManager, inputs: AssessmentInput[]): Promise<Map<string, StoredAssessment>> {
  const rows: StoredAssessment[] = await manager.query(
    `SELECT a.id, a.cycle_year || '|' || a.state_iso3 || '|' || a.commitment_id AS key, a.stated_level, a.not_applicable,
            a.not_applicable_justification, a.narrative, a.source, a.source_reference, a.stated_by, a.reviewed_level,
            a.review_rationale, a.status
     FROM assessment a JOIN unnest($1::int[], $2::text[], $3::int[]) AS k(year, iso3, commitment_id)
       ON a.cycle_year = k.year AND a.state_iso3 = k.iso3 AND a.commitment_id = k.commitment_id
     FOR UPDATE OF a`,
    [inputs.map((i) => i.cycleYear), inputs.map((i) => i.stateIso3), inputs.map((i) => i.commitmentId)],
  );
  return new Map(rows.map((row) => [row.key, row]));
}

function merge(input: AssessmentInput, stored: StoredAssessment | undefined, errors: RowError[]): Final {
  const setsPosition = [input.statedLevel, input.notApplicable, input.notApplicableJustification, input.narrative, input.source, input.sourceReference]
    .some((v) => v !== undefined);
  if (setsPosition && stored?.stated_by === 'state_official') {
    errors.push({ row: input.firstRow, column: 'stated_level', message: 'the state has self-assessed this commitment; an import cannot replace its position' });
  }
  const keep = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
  const notApplicable = keep(input.notApplicable, stored?.not_applicable ?? false);
  const reviewedLevel = notApplicable ? null : keep(input.reviewedLevel, stored?.reviewed_level ?? null);
  const final: Final = {
    id: stored?.id,
    key: input.key,
    input,
    stated_level: notApplicable ? null : keep(input.statedLevel, stored?.stated_level ?? null),
    not_applicable: notApplicable,
    not_applicable_justification: notApplicable ? keep(input.notApplicableJustification, stored?.not_applicable_justification ?? null) : null,
    narrative: keep(input.narrative, stored?.narrative ?? null),
    source: keep(input.source, stored?.source ?? null),
    source_reference: keep(input.sourceReference, stored?.source_reference ?? null),
    stated_by: setsPosition ? 'reviewer' : (stored?.stated_by ?? null),
    reviewed_level: reviewedLevel,
    review_rationale: reviewedLevel === null ? null : keep(input.reviewRationale, stored?.review_rationale ?? null),
    status: stored?.status ?? 'draft',
    reviewChanged: reviewedLevel !== (stored?.reviewed_level ?? null) || (input.reviewRationale !== undefined && input.reviewRationale !== stored?.review_rationale),
  };
  if (final.stated_level !== null && !final.source) {
    errors.push({ row: input.firstRow, column: 'source', message: 'required with a stated level' });
  }
  if (final.reviewChanged && final.reviewed_level !== null && ['draft', 'submitted', 'accepted'].includes(final.status)) final.status = 'in_review';
  return final;
}

const COMPARED = ['stated_level', 'not_applicable', 'not_applicable_justification', 'narrative', 'source', 'source_reference', 'stated_by', 'reviewed_level', 'review_rationale', 'status'] as const;

function differs(final: Final, stored: StoredAssessment): boolean {
  return COMPARED.some((field) => final[field] !== stored[field]);
}

function columns(rows: Final[]) {
  return [
    rows.map((r) => r.stated_level),
    rows.map((r) => r.not_applicable),
    rows.map((r) => r.not_applicable_justification),
    rows.map((r) => r.narrative),
    rows.map((r) => r.source),
    rows.map((r) => r.source_reference),
    rows.map((r) => r.stated_by),
    rows.map((r) => r.reviewed_level),
    rows.map((r) => r.review_rationale),
    rows.map((r) => r.status),
    rows.map((r) => r.reviewChanged),
  ];
}

async function insertAssessments(manager: EntityManager, rows: Final[], user: AuthUser): Promise<Array<{ id: string; key: string }>> {
  if (rows.length === 0) return [];
  return manager.query(
    `INSERT INTO assessment (cycle_year, state_iso3, commitment_id, stated_level, not_applicable, not_applicable_justification, narrative,
                             source, source_reference, stated_by, reviewed_level, review_rationale, status, reviewed_by, reviewed_at,
                             updated_by, version)
     SELECT y, s, c, sl, na, naj, nar, src, ref, sb, rl, rr, st, CASE WHEN rc AND rl IS NOT NULL THEN $15::uuid END,
            CASE WHEN rc AND rl IS NOT NULL THEN now() END, $15::uuid, 1
     FROM unnest($1::int[], $2::text[], $3::int[], $4::smallint[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::smallint[], $12::text[], $13::text[], $14::boolean[])
       AS x(y, s, c, sl, na, naj, nar, src, ref, sb, rl, rr, st, rc)
     RETURNING id, cycle_year || '|' || state_iso3 || '|' || commitment_id AS key`,
    [rows.map((r) => r.input.cycleYear), rows.map((r) => r.input.stateIso3), rows.map((r) => r.input.commitmentId), ...columns(rows), user.id],
  );
}

async function updateAssessments(manager: EntityManager, rows: Final[], user: AuthUser): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `UPDATE assessment a SET stated_level = x.sl, not_applicable = x.na, not_applicable_justification = x.naj, narrative = x.nar,
       source = x.src, source_reference = x.ref, stated_by = x.sb, reviewed_level = x.rl, review_rationale = x.rr, status = x.st,
       reviewed_by = CASE WHEN x.rc THEN $13::uuid ELSE a.reviewed_by END,
       reviewed_at = CASE WHEN x.rc THEN now() ELSE a.reviewed_at END,
       carried_over = false, updated_by = $13::uuid, updated_at = now(), version = a.version + 1
     FROM unnest($1::uuid[], $2::smallint[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                 $9::smallint[], $10::text[], $11::text[], $12::boolean[])
       AS x(id, sl, na, naj, nar, src, ref, sb, rl, rr, st, rc)
     WHERE a.id = x.id`,
    [rows.map((r) => r.id), ...columns(rows), user.id],
  );
}

/**
 * One audit entry per assessment the file changed, created, or whose evidence links it created or re-judged:
 * the assessment's values before and after, the file row, and those links (with the evidence item, marked
 * when the import created it). One entry per assessment rather than per link and evidence item keeps an
 * assessment's history readable and a full cycle's import to ~2,800 hash-chained entries instead of ~29,000.
 */
async function auditAssessments(
  manager: EntityManager,
  audit: {
    finals: Array<Final & { id: string }>;
    written: Set<string>;
    stored: Map<string, StoredAssessment>;
    links: TouchedLink[];
    linkInputs: LinkInput[];
    evidence: { ids: Map<string, string>; created: Set<string> };
    user: AuthUser;
  },
): Promise<void> {
  const urls = new Map([...audit.evidence.ids].map(([url, id]) => [id, url]));
  const inputs = new Map(audit.linkInputs.map((l) => [`${l.assessmentKey}|${l.url}`, l]));
  const linksByAssessment = new Map<string, TouchedLink[]>();
  for (const link of audit.links) {
    const list = linksByAssessment.get(link.assessmentId);
    if (list) list.push(link);
    else linksByAssessment.set(link.assessmentId, [link]);
  }
  const entries = audit.finals.filter((f) => audit.written.has(f.key) || linksByAssessment.has(f.id));
  if (entries.length === 0) return;
  const view = (r: Omit<StoredAssessment, 'id' | 'key'>) => ({
    statedLevel: r.stated_level,
    notApplicable: r.not_applicable,
    source: r.source,
    statedBy: r.stated_by,
    reviewedLevel: r.reviewed_level,
    status: r.status,
  });
  const linksOf = (final: Final & { id: string }) =>
    (linksByAssessment.get(final.id) ?? []).map((link) => {
      const url = urls.get(link.evidenceId)!;
      const input = inputs.get(`${final.key}|${url}`)!;
      return {
        evidenceId: link.evidenceId,
        url,
        evidenceCreated: audit.evidence.created.has(url),
        stance: input.stance,
        judgement: input.judgement,
        change: link.change,
      };
    });
  await manager.query(
    `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, state_iso3, before, after, request_id)
     SELECT $1, 'assessment.imported', 'assessment', x.id, x.iso3, x.before, x.after, $5
     FROM unnest($2::text[], $3::text[], $4::jsonb[], $6::jsonb[]) AS x(id, iso3, before, after)`,
    [
      audit.user.id,
      entries.map((r) => r.id),
      entries.map((r) => r.input.stateIso3),
      entries.map((r) => (audit.stored.get(r.key) ? JSON.stringify(view(audit.stored.get(r.key)!)) : null)),
      currentRequest()?.requestId ?? null,
      entries.map((r) => {
        const links = linksOf(r);
        return JSON.stringify({ ...view(r), row: r.input.firstRow, ...(links.length > 0 ? { links } : {}) });
      }),
    ],
  );
}

/** Evidence items by URL: existing ones are reused (the same URL is one item), the others created. */
async function upsertEvidence(manager: EntityManager, items: EvidenceInput[], user: AuthUser): Promise<{ ids: Map<string, string>; created: Set<string> }> {
  const urls = items.map((i) => i.url);
  const existing: Array<{ id: string; url: string }> = await manager.query(
    `SELECT DISTINCT ON (url) id, url FROM evidence WHERE url = ANY($1::text[]) ORDER BY url, created_at`,
    [urls],
  );
  const ids = new Map(existing.map((e) => [e.url, e.id]));
  const fresh = items.filter((i) => !ids.has(i.url));
  if (fresh.length > 0) {
    const inserted: Array<{ id: string; url: string }> = await manager.query(
      `INSERT INTO evidence (title, kind, publisher, published_on, language, visibility, url, created_by, version)
       SELECT t, k, p, d, l, vis, u, $8, 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[])
         AS x(t, k, p, d, l, vis, u)
       RETURNING id, url`,
      [
        fresh.map((i) => i.title),
        fresh.map((i) => i.kind),
        fresh.map((i) => i.publisher ?? null),
        fresh.map((i) => i.publishedOn ?? null),
        fresh.map((i) => i.language ?? null),
        fresh.map((i) => (i.isPublic ? 'public' : 'private')),
        fresh.map((i) => i.url),
        user.id,
      ],
    );
    for (const row of inserted) ids.set(row.url, row.id);
  }
  return { ids, created: new Set(fresh.map((i) => i.url)) };
}

async function writeLinks(
  manager: EntityManager,
  links: LinkInput[],
  assessmentIds: Map<string, string>,
  evidenceIds: Map<string, string>,
  user: AuthUser,
): Promise<{ created: number; updated: number; touched: TouchedLink[] }> {
  if (links.length === 0) return { created: 0, updated: 0, touched: [] };
  const rows = links.map((l) => ({ ...l, assessmentId: assessmentIds.get(l.assessmentKey)!, evidenceId: evidenceIds.get(l.url)! }));
  const params = [
    rows.map((r) => r.assessmentId),
    rows.map((r) => r.evidenceId),
    rows.map((r) => r.stance),
    rows.map((r) => r.judgement),
    rows.map((r) => r.rejectionReason ?? null),
    user.id,
  ];
  // New links, then changed ones; unchanged links are not touched. ON CONFLICT probes the unique index per row
  // where NOT EXISTS became an anti-join over every link ever stored (an import slowed down as the data grew).
  const created: Array<{ assessment_id: string; evidence_id: string }> = await manager.query(
    `INSERT INTO evidence_link (assessment_id, evidence_id, stance, judgement, rejection_reason, judged_by, judged_at, created_by, version)
     SELECT a, e, s, j, r, CASE WHEN j <> 'pending' THEN $6::uuid END, CASE WHEN j <> 'pending' THEN now() END, $6::uuid, 1
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(a, e, s, j, r)
     ON CONFLICT (assessment_id, evidence_id) DO NOTHING
     RETURNING assessment_id, evidence_id`,
    params,
  );
  // Only links that were there before can have changed: a first import skips the update (and its scan) entirely.
  const isNew = new Set(created.map((c) => `${c.assessment_id}|${c.evidence_id}`));
  const before = rows.filter((r) => !isNew.has(`${r.assessmentId}|${r.evidenceId}`));
  const updated: Array<{ assessment_id: string; evidence_id: string }> = before.length === 0 ? [] : await manager.query(
    `UPDATE evidence_link l SET stance = x.s, judgement = x.j, rejection_reason = x.r,
       judged_by = CASE WHEN x.j = 'pending' THEN NULL ELSE $6::uuid END, judged_at = CASE WHEN x.j = 'pending' THEN NULL ELSE now() END,
       updated_at = now(), version = l.version + 1
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(a, e, s, j, r)
     WHERE l.assessment_id = x.a AND l.evidence_id = x.e
       AND (l.stance, l.judgement, l.rejection_reason) IS DISTINCT FROM (x.s, x.j, x.r)
     RETURNING l.assessment_id, l.evidence_id`,
    [
      before.map((r) => r.assessmentId),
      before.map((r) => r.evidenceId),
      before.map((r) => r.stance),
      before.map((r) => r.judgement),
      before.map((r) => r.rejectionReason ?? null),
      user.id,
    ],
  ).then((result: [Array<{ assessment_id: string; evidence_id: string }>, number]) => result[0]);
  const touched = (change: TouchedLink['change']) => (r: { assessment_id: string; evidence_id: string }): TouchedLink => ({
    assessmentId: r.assessment_id,
    evidenceId: r.evidence_id,
    change,
  });
  return { created: created.length, updated: updated.length, touched: [...created.map(touched('created')), ...updated.map(touched('updated'))] };
}

function emptyCounts(): ImportCounts {
  return { assessmentsCreated: 0, assessmentsUpdated: 0, assessmentsUnchanged: 0, evidenceCreated: 0, linksCreated: 0, linksUpdated: 0, linksUnchanged: 0 };
}

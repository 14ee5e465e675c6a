import { STATEMENT_SOURCES } from '../assessments/entities/assessment.entity';
import { EVIDENCE_KINDS } from '../evidence/entities/evidence.entity';
import { JUDGEMENTS, STANCES } from '../evidence/entities/evidence-link.entity';
import { ImportColumn, RawRow } from './import-columns';

export interface RowError {
  row: number;
  column: ImportColumn | 'row';
  message: string;
}

/** What the catalogue and cycles say, loaded once for the whole file. */
export interface ImportLookups {
  cycles: Map<number, string>;
  states: Set<string>;
  /** `${year}|${framework}|${code}` -> commitment id, for the cycles' framework versions. */
  commitments: Map<string, { id: number; frameworkId: number }>;
  /** `${frameworkId}|${iso3}` for every state a framework applies to. */
  applicable: Set<string>;
}

export interface AssessmentInput {
  key: string;
  firstRow: number;
  cycleYear: number;
  stateIso3: string;
  commitmentId: number;
  /** undefined: the file says nothing (keep what is stored). */
  statedLevel?: number;
  notApplicable?: boolean;
  notApplicableJustification?: string;
  narrative?: string;
  source?: string;
  sourceReference?: string;
  reviewedLevel?: number;
  reviewRationale?: string;
}

export interface EvidenceInput {
  url: string;
  firstRow: number;
  title: string;
  kind: string;
  publisher?: string;
  publishedOn?: string;
  language?: string;
  isPublic: boolean;
}

export interface LinkInput {
  row: number;
  assessmentKey: string;
  url: string;
  stance: string;
  judgement: string;
  rejectionReason?: string;
}

export interface ValidatedImport {
  assessments: Map<string, AssessmentInput>;
  evidence: Map<string, EvidenceInput>;
  links: LinkInput[];
  errors: RowError[];
}

const IMPORT_SOURCES = STATEMENT_SOURCES.filter((s) => s !== 'self_assessment');
const ASSESSMENT_FIELDS = [
  'statedLevel',
  'notApplicable',
  'notApplicableJustification',
  'narrative',
  'source',
  'sourceReference',
  'reviewedLevel',
  'reviewRationale',
] as const;

/** Checks every row and every cell, collecting all errors; nothing is written here. */
export function validateRows(rows: Array<{ line: number; values: RawRow }>, lookups: ImportLookups): ValidatedImport {
  const result: ValidatedImport = { assessments: new Map(), evidence: new Map(), links: [], errors: [] };
  const linkKeys = new Map<string, number>();
  for (const { line, values } of rows) {
    const errors: RowError[] = [];
    const fail = (column: ImportColumn | 'row', message: string) => errors.push({ row: line, column, message });
    const target = resolveTarget(values, lookups, fail);
    const assessment = target && readAssessment(values, target, line, fail);
    const evidence = readEvidence(values, line, fail);
    result.errors.push(...errors);
    if (errors.length > 0 || !assessment) continue;
    mergeAssessment(result, assessment, line);
    if (!evidence) continue;
    const known = result.evidence.get(evidence.item.url);
    if (!known) result.evidence.set(evidence.item.url, evidence.item);
    else if (!sameEvidence(known, evidence.item)) {
      result.errors.push({ row: line, column: 'evidence_url', message: `the same URL is described differently on row ${known.firstRow}` });
      continue;
    }
    const linkKey = `${assessment.key}|${evidence.item.url}`;
    if (linkKeys.has(linkKey)) {
      result.errors.push({ row: line, column: 'evidence_url', message: `this evidence is already attached on row ${linkKeys.get(linkKey)}` });
      continue;
    }
    linkKeys.set(linkKey, line);
    result.links.push({ ...evidence.link, row: line, assessmentKey: assessment.key, url: evidence.item.url });
  }
  return result;
}

type Fail = (column: ImportColumn | 'row', message: string) => void;

function resolveTarget(values: RawRow, lookups: ImportLookups, fail: Fail) {
  const year = Number(values.cycle_year);
  const iso3 = (values.state_iso3 ?? '').toUpperCase();
  const framework = (values.framework ?? '').toUpperCase();
  const code = values.commitment ?? '';
  let ok = true;
  if (!/^\d{4}$/.test(values.cycle_year ?? '') || !lookups.cycles.has(year)) {
    fail('cycle_year', values.cycle_year ? `no cycle ${values.cycle_year}` : 'required');
    ok = false;
  } else if (lookups.cycles.get(year) === 'published') {
    fail('cycle_year', `cycle ${year} is published and cannot change`);
    ok = false;
  }
  if (!lookups.states.has(iso3)) {
    fail('state_iso3', iso3 ? `unknown state ${iso3}` : 'required');
    ok = false;
  }
  if (!framework) fail('framework', 'required');
  if (!code) fail('commitment', 'required');
  if (!ok || !framework || !code) return undefined;
  const commitment = lookups.commitments.get(`${year}|${framework}|${code}`);
  if (!commitment) {
    fail('commitment', `${framework} ${code} is not assessed in cycle ${year}`);
    return undefined;
  }
  if (!lookups.applicable.has(`${commitment.frameworkId}|${iso3}`)) {
    fail('state_iso3', `${framework} does not apply to ${iso3}`);
    return undefined;
  }
  return { year, iso3, commitmentId: commitment.id };
}

function readAssessment(values: RawRow, target: { year: number; iso3: string; commitmentId: number }, line: number, fail: Fail): AssessmentInput | undefined {
  const input: AssessmentInput = {
    key: `${target.year}|${target.iso3}|${target.commitmentId}`,
    firstRow: line,
    cycleYear: target.year,
    stateIso3: target.iso3,
    commitmentId: target.commitmentId,
    statedLevel: level(values.stated_level, 'stated_level', fail),
    notApplicable: yesNo(values.not_applicable, 'not_applicable', fail),
    notApplicableJustification: values.not_applicable_justification,
    narrative: values.narrative,
    source: values.source?.toLowerCase(),
    sourceReference: values.source_reference,
    reviewedLevel: level(values.reviewed_level, 'reviewed_level', fail),
    reviewRationale: values.review_rationale,
  };
  if (input.source !== undefined && !(IMPORT_SOURCES as readonly string[]).includes(input.source)) {
    fail('source', `must be one of ${IMPORT_SOURCES.join(', ')} (self-assessments are entered by the state itself)`);
  }
  if (input.notApplicable) {
    if (!input.notApplicableJustification) fail('not_applicable_justification', 'required when not_applicable is yes');
    if (input.statedLevel !== undefined) fail('stated_level', 'must be empty when not_applicable is yes');
    if (input.reviewedLevel !== undefined) fail('reviewed_level', 'must be empty when not_applicable is yes');
  }
  if ((input.statedLevel !== undefined || input.notApplicable) && !input.source) fail('source', 'required with a stated level or not_applicable');
  if (input.reviewedLevel !== undefined && !input.reviewRationale) fail('review_rationale', 'required with a reviewed level');
  return input;
}

function readEvidence(values: RawRow, line: number, fail: Fail): { item: EvidenceInput; link: Omit<LinkInput, 'row' | 'assessmentKey' | 'url'> } | undefined {
  const columns = Object.keys(values).filter((name) => name.startsWith('evidence_'));
  if (columns.length === 0) return undefined;
  const url = values.evidence_url;
  if (!url) {
    fail('evidence_url', 'required when any evidence column is filled');
    return undefined;
  }
  if (!isHttpUrl(url)) fail('evidence_url', 'must be an http(s) URL');
  if (!values.evidence_title) fail('evidence_title', 'required with an evidence URL');
  const kind = values.evidence_kind?.toLowerCase() ?? 'other';
  if (!(EVIDENCE_KINDS as readonly string[]).includes(kind)) fail('evidence_kind', `must be one of ${EVIDENCE_KINDS.join(', ')}`);
  const publishedOn = values.evidence_published_on;
  if (publishedOn !== undefined && !isIsoDate(publishedOn)) fail('evidence_published_on', 'must be a date YYYY-MM-DD');
  const language = values.evidence_language;
  if (language !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) fail('evidence_language', 'must be a language tag such as en');
  const isPublic = yesNo(values.evidence_public, 'evidence_public', fail) ?? true;
  const stance = values.evidence_stance?.toLowerCase() ?? 'supports';
  if (!(STANCES as readonly string[]).includes(stance)) fail('evidence_stance', `must be one of ${STANCES.join(', ')}`);
  const judgement = values.evidence_judgement?.toLowerCase() ?? 'pending';
  if (!(JUDGEMENTS as readonly string[]).includes(judgement)) fail('evidence_judgement', `must be one of ${JUDGEMENTS.join(', ')}`);
  if (judgement === 'rejected' && !values.evidence_rejection_reason) fail('evidence_rejection_reason', 'required when the judgement is rejected');
  return {
    item: { url, firstRow: line, title: values.evidence_title ?? '', kind, publisher: values.evidence_publisher, publishedOn, language, isPublic },
    link: { stance, judgement, rejectionReason: judgement === 'rejected' ? values.evidence_rejection_reason : undefined },
  };
}

/** Rows repeating an assessment may leave its columns blank, but must not contradict the first row. */
function mergeAssessment(result: ValidatedImport, input: AssessmentInput, line: number): void {
  const existing = result.assessments.get(input.key);
  if (!existing) {
    result.assessments.set(input.key, input);
    return;
  }
  for (const field of ASSESSMENT_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (existing[field] === undefined) (existing as unknown as Record<string, unknown>)[field] = value;
    else if (existing[field] !== value) {
      result.errors.push({ row: line, column: 'row', message: `the assessment is given differently on row ${existing.firstRow} (${field})` });
    }
  }
}

function level(value: string | undefined, column: ImportColumn, fail: Fail): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-4]$/.test(value)) {
    fail(column, 'must be a whole number from 0 to 4, or empty');
    return undefined;
  }
  return Number(value);
}

function yesNo(value: string | undefined, column: ImportColumn, fail: Fail): boolean | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(lower)) return true;
  if (['no', 'n', 'false', '0'].includes(lower)) return false;
  fail(column, 'must be yes or no');
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** A real calendar date written YYYY-MM-DD (no 2026-02-30). Built from its parts: parsing strings was a hot spot. */
function isIsoDate(value: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function sameEvidence(a: EvidenceInput, b: EvidenceInput): boolean {
  return a.title === b.title && a.kind === b.kind && a.publisher === b.publisher && a.publishedOn === b.publishedOn &&
    a.language === b.language && a.isPublic === b.isPublic;
}

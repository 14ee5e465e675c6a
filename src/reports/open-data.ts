import { ReportSink } from './output/report-sink';
import { formulaSafe } from './formula-safe';
import { FrameworkSection, ReportModel, StatePage } from './report-model';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/**
 * Column names of the open-data files (CSV, JSON, and the report's XLSX sheets). They are part of the
 * public interface: add columns at the end, never rename or reorder. Documented in README "Open data".
 */
export const COLUMNS = {
  scorecards: [
    'cycle_year', 'methodology_version', 'framework', 'framework_version', 'state_iso3', 'state_name', 'applicable_count',
    'stated_count', 'stated_index', 'verified_index', 'credibility_gap', 'completeness', 'evidence_coverage', 'contradictions',
    'tier', 'rank', 'rank_group', 'ranked_count', 'percentile', 'trend', 'previous_cycle_year', 'data_source',
    // Added later, so at the end: false means the state reported nothing (its indices, tier and rank are empty, not 0).
    'has_data',
  ],
  assessments: [
    'cycle_year', 'methodology_version', 'state_iso3', 'framework', 'framework_version', 'commitment', 'category', 'stated_level',
    'not_applicable', 'not_applicable_justification', 'source', 'source_reference', 'stated_by', 'reviewed_level',
    'counted_level', 'evidence_rule_applied', 'weight', 'status', 'narrative', 'review_rationale',
    // Added later: names beside the codes.
    'state_name', 'commitment_label',
  ],
  evidence: [
    'cycle_year', 'methodology_version', 'state_iso3', 'framework', 'commitment', 'title', 'kind', 'publisher', 'published_on',
    'url', 'file_sha256', 'stance', 'judgement',
    // Added later: names beside the codes.
    'state_name', 'commitment_label',
  ],
  // Category sub-indices, one row per scorecard and category (a long table: frameworks have different categories).
  categories: [
    'cycle_year', 'methodology_version', 'framework', 'framework_version', 'state_iso3', 'state_name', 'category', 'category_label',
    'applicable_count', 'stated_index', 'verified_index', 'has_data',
  ],
} as const;

export type Dataset = keyof typeof COLUMNS;
export const DATASETS = Object.keys(COLUMNS) as Dataset[];

/** Extra per-assessment facts that the scorecard contributions do not carry. */
export interface AssessmentExtra {
  stateIso3: string;
  framework: string;
  commitment: string;
  notApplicableJustification: string | null;
  source: string | null;
  sourceReference: string | null;
  statedBy: string | null;
  status: string;
  narrative: string | null;
  reviewRationale: string | null;
}

/** The three datasets of a report, row by row, with the methodology version in every row (XLSX, JSON). */
export async function datasetsOf(model: ReportModel, extras: AssessmentExtra[]): Promise<Record<Dataset, Row[]>> {
  const extraByKey = extrasByKey(extras);
  const scorecards: Row[] = [];
  const assessments: Row[] = [];
  const evidence: Row[] = [];
  const categories: Row[] = [];
  for (const section of model.frameworks) scorecards.push(...scorecardRows(model, section));
  for (const section of model.frameworks) categories.push(...categoryRows(model, section));
  for (const section of model.frameworks) {
    for await (const page of section.pages()) {
      assessments.push(...assessmentRows(model, section, page, extraByKey));
      evidence.push(...evidenceRows(model, section, page));
    }
  }
  return { scorecards, assessments, evidence, categories };
}

/** One dataset's rows in file order, produced a state page at a time (CSV). */
export async function* datasetRows(model: ReportModel, dataset: Dataset, extras: AssessmentExtra[]): AsyncGenerator<Row[]> {
  if (dataset === 'scorecards' || dataset === 'categories') {
    for (const section of model.frameworks) yield dataset === 'scorecards' ? scorecardRows(model, section) : categoryRows(model, section);
    return;
  }
  const extraByKey = extrasByKey(extras);
  for (const section of model.frameworks) {
    for await (const page of section.pages()) {
      yield dataset === 'assessments' ? assessmentRows(model, section, page, extraByKey) : evidenceRows(model, section, page);
    }
  }
}

type ExtrasByKey = Map<string, AssessmentExtra>;

function extrasByKey(extras: AssessmentExtra[]): ExtrasByKey {
  return new Map(extras.map((e) => [`${e.stateIso3}|${e.framework}|${e.commitment}`, e]));
}

function scorecardRows(model: ReportModel, section: FrameworkSection): Row[] {
  const fw = section.framework;
  return section.scorecards.map((s) => ({
    cycle_year: model.cycle.year,
    methodology_version: model.methodology.version,
    framework: fw.code,
    framework_version: fw.version,
    state_iso3: s.stateIso3,
    state_name: s.stateName,
    applicable_count: s.applicableCount,
    stated_count: s.statedCount,
    stated_index: s.statedIndex,
    verified_index: s.verifiedIndex,
    credibility_gap: s.credibilityGap,
    completeness: s.completeness,
    evidence_coverage: s.evidenceCoverage,
    contradictions: s.contradictions,
    tier: s.tier,
    rank: s.rank,
    rank_group: s.rankGroup,
    ranked_count: s.rankedCount,
    percentile: s.percentile,
    trend: s.trend,
    previous_cycle_year: s.previousCycleYear,
    data_source: s.source,
    has_data: s.hasData,
  }));
}

function categoryRows(model: ReportModel, section: FrameworkSection): Row[] {
  const fw = section.framework;
  return section.scorecards.flatMap((s) =>
    s.categories.map((c) => ({
      cycle_year: model.cycle.year,
      methodology_version: model.methodology.version,
      framework: fw.code,
      framework_version: fw.version,
      state_iso3: s.stateIso3,
      state_name: s.stateName,
      category: c.code,
      category_label: c.label,
      applicable_count: c.applicableCount,
      stated_index: c.statedIndex,
      verified_index: c.verifiedIndex,
      has_data: s.hasData,
    })),
  );
}

function assessmentRows(model: ReportModel, section: FrameworkSection, page: StatePage, extraByKey: ExtrasByKey): Row[] {
  const fw = section.framework;
  const rows: Row[] = [];
  for (const c of page.contributions) {
    if (!c.assessmentId) continue;
    const extra = extraByKey.get(`${page.scorecard.stateIso3}|${fw.code}|${c.commitment}`);
    rows.push({
      cycle_year: model.cycle.year,
      methodology_version: model.methodology.version,
      state_iso3: page.scorecard.stateIso3,
      framework: fw.code,
      framework_version: fw.version,
      commitment: c.commitment,
      category: c.category,
      stated_level: c.statedLevel,
      not_applicable: c.notApplicable,
      not_applicable_justification: extra?.notApplicableJustification ?? null,
      source: extra?.source ?? null,
      source_reference: extra?.sourceReference ?? null,
      stated_by: extra?.statedBy ?? null,
      reviewed_level: c.reviewedLevel,
      counted_level: c.countedLevel,
      evidence_rule_applied: c.evidenceRuleApplied,
      weight: c.weight,
      status: extra?.status ?? null,
      narrative: extra?.narrative ?? null,
      review_rationale: extra?.reviewRationale ?? null,
      state_name: page.scorecard.stateName,
      commitment_label: c.label,
    });
  }
  return rows;
}

function evidenceRows(model: ReportModel, section: FrameworkSection, page: StatePage): Row[] {
  return page.citations.map((citation) => ({
    cycle_year: model.cycle.year,
    methodology_version: model.methodology.version,
    state_iso3: page.scorecard.stateIso3,
    framework: section.framework.code,
    commitment: citation.commitment,
    title: citation.title,
    kind: citation.kind,
    publisher: citation.publisher,
    published_on: citation.publishedOn,
    url: citation.url,
    file_sha256: citation.sha256,
    stance: citation.stance,
    judgement: 'accepted',
    state_name: page.scorecard.stateName,
    commitment_label: section.framework.commitments.find((c) => c.code === citation.commitment)?.label ?? null,
  }));
}

/** RFC 4180 CSV with a header row; numbers at full precision. Written a state page at a time. */
export async function writeCsv(dataset: Dataset, rows: AsyncIterable<Row[]>, sink: ReportSink): Promise<void> {
  const columns = COLUMNS[dataset];
  const cell = (value: Cell) => {
    if (value === null) return '';
    const text = String(formulaSafe(value));
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  sink.write(`${columns.join(',')}\r\n`);
  for await (const batch of rows) {
    sink.write(batch.map((row) => `${columns.map((c) => cell(row[c] ?? null)).join(',')}\r\n`).join(''));
    await sink.drain();
  }
}

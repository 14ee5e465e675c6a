import { TIER_ORDER } from '../../../charts/charts';
import { ScorecardDto } from '../../../scoring/dto/scorecard.dto';
import { dateInWords, fixed, FrameworkSection, profiledRows, ReportModel, reportTitle, signed, StatePage, TIER_LABEL } from '../../report-model';
import { tiersOf } from '../report-charts';
import { methodologyParagraphs, provenanceParagraphs } from '../report-words';

/** How many states the executive summary lists per table. */
const TOP = 5;

/** A chart file handed to the engine beside the data. */
export interface ChartFile {
  path: string;
  svg: string;
}

/**
 * The report as the Typst template reads it (/data.json): every number already formatted as the other formats
 * show it (one decimal), so the PDF cannot differ from the HTML or the API by rounding. Charts are collected
 * as files. State pages are taken from the model's loaders one at a time.
 */
export async function reportData(model: ReportModel, charts: ChartFile[]): Promise<unknown> {
  const date = model.dataAsOf;
  const frameworks = [];
  for (const section of model.frameworks) frameworks.push(await frameworkData(model, section, charts));
  return {
    meta: {
      title: 'Implementation of cyber norms and confidence-building measures',
      subtitle: reportTitle(model).replace(/^Implementation of cyber norms and CBMs: /, ''),
      keywords: ['cyber norms', 'UN GGE', 'OSCE CBMs', `cycle ${model.cycle.year}`],
      publisher: model.publisher,
      cycleTitle: `${model.cycle.title} (${model.cycle.year})`,
      publishedOn: model.cycle.status === 'published' ? dateInWords(date) : `not published (data as of ${dateInWords(date)})`,
      methodologyVersion: `${model.methodology.title} (version ${model.methodology.version})`,
      scope: scopeWords(model),
      synthetic: model.cycle.synthetic,
      draft: model.cycle.status !== 'published',
      date: { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
      footer: `${model.publisher} · ${model.cycle.title}${model.cycle.synthetic ? ' · SYNTHETIC DATA' : ''}${model.cycle.status !== 'published' ? ' · DRAFT' : ''}`,
      textAuthor: null,
      oneState: Boolean(model.scope.state),
    },
    foreword: model.text.foreword,
    keyFindings: (model.text.keyFindings ?? '').split('\n').map((line) => line.trim()).filter(Boolean),
    methodology: {
      paragraphs: methodologyParagraphs(model.methodology),
      levels: model.methodology.levels.map((l) => ({ level: l.level, label: l.label, score: fixed(l.score) })),
      tiers: TIER_ORDER.map((tier) => [tier, tierMinimum(model, tier)]),
      weights: model.methodology.weights.length
        ? model.methodology.weights.map((w) => `${w.framework} ${w.commitment}: ${w.weight}`).join('; ')
        : 'Every commitment weighs 1.',
    },
    provenance: {
      paragraphs: provenanceParagraphs(model),
      files: model.provenance.catalogueFiles,
    },
    frameworks,
  };
}

async function frameworkData(model: ReportModel, section: FrameworkSection, charts: ChartFile[]) {
  const fw = section.framework;
  const withData = section.scorecards.filter((s) => s.hasData);
  const tierSvg = tiersOf(section);
  let tierChart: string | null = null;
  if (tierSvg) {
    tierChart = `/charts/tiers-${fw.code}.svg`;
    charts.push({ path: tierChart, svg: tierSvg });
  }
  const previousYear = withData.find((s) => s.previousCycleYear !== null)?.previousCycleYear ?? null;
  const profiles = [];
  const profiled = new Set(profiledRows(section).map((row) => row.scorecard.stateIso3));
  for await (const page of section.pages()) {
    if (profiled.has(page.scorecard.stateIso3)) profiles.push(profileData(section, page));
  }
  return {
    code: fw.code,
    title: fw.title,
    shortTitle: fw.shortTitle,
    version: fw.version,
    source: fw.source,
    coverage: `${withData.length} of ${section.scorecards.length} states${model.scope.group ? ` in ${model.scope.group}` : ''} have data for the ${fw.shortTitle}.`,
    tiers: [
      ...TIER_ORDER.map((tier) => [tier, String(withData.filter((s) => s.tier === tier).length)]),
      ['No data', String(section.scorecards.length - withData.length)],
    ],
    gaps: [...withData]
      .filter((s) => (s.credibilityGap ?? 0) > 0)
      .sort((a, b) => (b.credibilityGap ?? 0) - (a.credibilityGap ?? 0))
      .slice(0, TOP)
      .map((s) => [s.stateName, fixed(s.statedIndex), fixed(s.verifiedIndex), fixed(s.credibilityGap)]),
    contradicted: section.contradictedCommitments.slice(0, TOP).map((c) => [c.code, c.label, String(c.contradictions), String(c.states)]),
    changes: [...withData]
      .filter((s) => s.trend !== null && s.trend !== 0)
      .sort((a, b) => Math.abs(b.trend!) - Math.abs(a.trend!))
      .slice(0, TOP)
      .map((s) => [s.stateName, fixed(s.verifiedIndex! - s.trend!), fixed(s.verifiedIndex), signed(s.trend)]),
    previousLabel: previousYear ? `Verified ${previousYear}` : 'Before',
    changesNote: previousYear ? `No state's verified index changed since ${previousYear}.` : 'There is no previous cycle to compare with.',
    tierChart,
    statistics: section.statistics.map((s) => [
      s.group,
      `${s.statesWithData}/${s.stateCount}`,
      fixed(s.verifiedIndex.mean),
      fixed(s.verifiedIndex.median),
      fixed(s.verifiedIndex.min),
      fixed(s.verifiedIndex.max),
    ]),
    heatmap: {
      commitments: fw.commitments.map((c) => c.code),
      rows: profiledRows(section).map((row) => ({
        name: row.scorecard.stateName,
        cells: row.levels.map((cell) => (cell === null ? 'none' : cell)),
      })),
    },
    ranking: withData.map((s) => [
      String(s.rank ?? '–'),
      `${s.stateName} (${s.stateIso3})`,
      fixed(s.verifiedIndex),
      fixed(s.statedIndex),
      fixed(s.credibilityGap),
      fixed(s.completeness),
      fixed(s.evidenceCoverage),
      String(s.contradictions),
      TIER_LABEL(s.tier),
    ]),
    noData: section.scorecards.filter((s) => !s.hasData).map((s) => s.stateName).sort((a, b) => a.localeCompare(b, 'en')),
    commitments: fw.commitments.map((c) => ({
      code: c.code,
      label: c.label,
      text: c.text,
      kind: c.textKind === 'verbatim' ? 'verbatim (official text)' : 'substance (summary, not official text)',
    })),
    profiles,
  };
}

function profileData(section: FrameworkSection, page: StatePage) {
  const s = page.scorecard;
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    heading: `${s.stateName}: ${section.framework.shortTitle}`,
    facts: profileFacts(s),
    subIndices: s.categories.map((c) => ({ label: c.label, stated: round(c.statedIndex), verified: round(c.verifiedIndex) })),
    trend: page.history.map((h) => ({ year: h.cycleYear, stated: h.hasData ? round(h.statedIndex) : null, verified: h.hasData ? round(h.verifiedIndex) : null })),
    trendNote: trendNote(s),
    rows: page.contributions.map((c) => {
      const counts = page.evidenceCounts[c.commitment] ?? { supporting: 0, contradicting: 0, pending: 0, rejected: 0 };
      const level = (v: number | null) => (c.notApplicable ? 'n/a' : v === null ? '–' : String(v));
      return [c.commitment, c.label, level(c.statedLevel), level(c.reviewedLevel), level(c.countedLevel), String(counts.supporting), String(counts.contradicting), String(counts.pending), String(counts.rejected)];
    }),
    citations: page.citations.map((c) => ({
      ref: `[${c.commitment}${c.stance === 'contradicts' ? ', contradicts' : ''}]`,
      title: c.title,
      url: c.url && /^https?:\/\//i.test(c.url) ? c.url : null,
      meta: [c.publisher, c.publishedOn, c.kind.replace(/_/g, ' '), c.sha256 ? `SHA-256 ${c.sha256.slice(0, 16)}…` : null].filter(Boolean).join(', '),
    })),
  };
}

/** The scorecard as label/value pairs, the same on the PDF profile and the HTML one. */
export function profileFacts(s: ScorecardDto): Array<[string, string]> {
  return [
    ['Verified index', fixed(s.verifiedIndex)],
    ['Stated index', fixed(s.statedIndex)],
    ['Credibility gap', fixed(s.credibilityGap)],
    ['Tier', TIER_LABEL(s.tier)],
    ['Completeness', `${fixed(s.completeness)} %`],
    ['Evidence coverage', `${fixed(s.evidenceCoverage)} %`],
    ['Contradictions', String(s.contradictions)],
    ['Rank', s.rank === null ? '–' : `${s.rank} of ${s.rankedCount ?? '–'} (${s.rankGroup})`],
  ];
}

export function trendNote(s: ScorecardDto): string {
  if (s.previousCycleYear === null) return 'Trend: there is no previous cycle.';
  if (s.trend === null) return `Trend: no data in ${s.previousCycleYear} to compare with.`;
  return `Trend: ${signed(s.trend)} points of verified index since ${s.previousCycleYear}.`;
}

function tierMinimum(model: ReportModel, tier: string): string {
  const t = model.methodology.tierThresholds;
  const min: Record<string, number> = { Advanced: t.advanced, Established: t.established, Developing: t.developing, Initial: t.initial, Minimal: 0 };
  return fixed(min[tier]);
}

function scopeWords(model: ReportModel): string {
  const frameworks = model.frameworks.map((f) => f.framework.shortTitle).join(', ');
  if (model.scope.state) return `one state (${model.scope.state}); ${frameworks}`;
  if (model.scope.group) return `group ${model.scope.group}; ${frameworks}`;
  return `all states in scope; ${frameworks}`;
}

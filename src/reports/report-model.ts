import { FrameworkDto } from '../catalogue/dto/framework.dto';
import { CycleDto } from '../cycles/dto/cycle.dto';
import { MethodologyDto } from '../scoring/dto/methodology.dto';
import { ContributionDto, GroupStatisticsDto, ScorecardDto } from '../scoring/dto/scorecard.dto';

export interface ReportScope {
  year: number;
  /** Limit to the members of this group. */
  group?: string;
  /** Limit to one framework code. */
  framework?: string;
  /** A one-state report (a government's own use). */
  state?: string;
  /** A published cycle's publication version (default: the latest). */
  version?: number;
}

/** The publication version a published cycle's report shows, with the errata notes up to it. */
export interface PublicationInfo {
  version: number;
  publishedAt: Date;
  /** When the cycle was first published: later publications of other cycles never enter its history. */
  firstPublishedAt: Date;
  errata: Array<{ version: number; note: string; publishedAt: string }>;
}

export interface EvidenceCitation {
  assessmentId: string;
  commitment: string;
  title: string;
  kind: string;
  publisher: string | null;
  publishedOn: string | null;
  url: string | null;
  sha256: string | null;
  stance: 'supports' | 'contradicts';
}

export interface EvidenceCounts {
  /** Accepted supporting links (what the evidence rule looks for). */
  supporting: number;
  /** Accepted contradicting links. */
  contradicting: number;
  /** Public links not judged yet. */
  pending: number;
  /** Public links a reviewer rejected. */
  rejected: number;
}

export interface StatePage {
  scorecard: ScorecardDto;
  contributions: ContributionDto[];
  /** The state's scorecards in this and earlier cycles, oldest first. */
  history: ScorecardDto[];
  /** Accepted evidence, cited on the state's page. */
  citations: EvidenceCitation[];
  /** Evidence links per commitment code, by judgement: never one total, which made rejected links look like support. */
  evidenceCounts: Record<string, EvidenceCounts>;
}

/** A heatmap cell: counted level 0-4, null for no information, 'na' for not applicable. */
export type HeatmapCell = number | null | 'na';

/** A state with a page in the report, known before the pages are loaded: what the overview shows of it. */
export interface StateRow {
  scorecard: ScorecardDto;
  /** Counted level per commitment of the framework, in catalogue order (the heatmap row). */
  levels: HeatmapCell[];
}

export interface FrameworkSection {
  framework: FrameworkDto;
  scorecards: ScorecardDto[];
  /** Statistics per group shown in the overview (UN regional groups, or the framework's own group). */
  statistics: GroupStatisticsDto[];
  /** The states with a page, in page order (by name). */
  stateRows: StateRow[];
  /** Accepted contradicting evidence per commitment over the section's states, most contradicted first (only those with any). */
  contradictedCommitments: Array<{ code: string; label: string; contradictions: number; states: number }>;
  /**
   * The state pages in the order of stateRows. Loaded when iterated, one section at a time, so a renderer
   * that writes each page as it comes never holds every page's history and citations at once.
   */
  pages(): AsyncIterable<StatePage>;
}

export interface ReportModel {
  scope: ReportScope;
  cycle: CycleDto;
  methodology: MethodologyDto;
  frameworks: FrameworkSection[];
  /** Fixed for a published cycle (its publication version's time), so the same report comes out byte for byte. */
  dataAsOf: Date;
  /** Null before publication. */
  publication: PublicationInfo | null;
  provenance: { catalogueFiles: Array<{ path: string; sha256: string }>; generator: string };
  /** The publishing organisation (REPORT_PUBLISHER), named on the cover and in the PDF metadata. */
  publisher: string;
  /** What the report author wrote for the cycle; null where nothing was written. */
  text: ReportText;
}

export interface ReportText {
  foreword: string | null;
  /** One finding per line. */
  keyFindings: string | null;
}

export function reportTitle(model: ReportModel): string {
  const parts = [`Implementation of cyber norms and CBMs: ${model.cycle.title}`];
  if (model.scope.state) parts.push(model.frameworks[0]?.stateRows[0]?.scorecard.stateName ?? model.scope.state);
  else if (model.scope.group) parts.push(`group ${model.scope.group}`);
  return parts.join(', ');
}

/** Human labels of the metrics, shared by every format. */
export const TIER_LABEL = (tier: string | null) => tier ?? 'No data';

export function fixed(value: number | null, digits = 1): string {
  return value === null ? '–' : value.toFixed(digits);
}

/** A signed change, e.g. +3.2 or −1.0. */
export function signed(value: number | null): string {
  if (value === null) return '–';
  const text = Math.abs(value).toFixed(1);
  return value > 0 ? `+${text}` : value < 0 && text !== '0.0' ? `−${text}` : text;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date in words, in UTC so that it does not move with the server's time zone: 15 January 2099. */
export function dateInWords(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** States with a profile: those with data (no data is not zero: they are listed in an annex instead). */
export function profiledRows(section: Omit<FrameworkSection, 'pages'>): StateRow[] {
  return section.stateRows.filter((row) => row.scorecard.hasData);
}

/** The provenance lines about a published version and its errata, printed by every report format. */
export function publicationLines(model: ReportModel): string[] {
  if (!model.publication) return [];
  return [
    `Publication version ${model.publication.version}.`,
    ...model.publication.errata.map((e) => `Erratum (version ${e.version}, ${e.publishedAt}): ${e.note}`),
  ];
}

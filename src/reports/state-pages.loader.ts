import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { ScoringService } from '../scoring/scoring.service';
import { ContributionDto, ScorecardDto } from '../scoring/dto/scorecard.dto';
import { evidenceVisibilityParams, linkCountedSql } from '../visibility/visibility-policy';
import { EvidenceCitation, PublicationInfo, StatePage, StateRow } from './report-model';

type LinkedCitation = EvidenceCitation & { stateIso3: string; judgement: string };

/** What a framework section's pages are built from, besides the rows the overview already needed. */
export interface SectionPagesInput {
  year: number;
  framework: string;
  stateRows: StateRow[];
  /** The page states' contributions, loaded with the overview (its heatmap needs them). */
  contributions: Map<string, ContributionDto[]>;
  user: AuthUser | undefined;
  /** For a published cycle: its history stops at what was published by then, its evidence is as judged. */
  publication: PublicationInfo | null;
}

/**
 * Builds a section's state pages when a renderer asks for them. History and citations, the bulk of a
 * report's data, are fetched only then (one statement each per section whatever the number of states,
 * limited to the page states) and each state's rows are handed over once and dropped, so only one
 * section's rows are ever held, and fewer as its pages are written.
 */
@Injectable()
export class StatePagesLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
  ) {}

  async *pages(input: SectionPagesInput): AsyncGenerator<StatePage> {
    const states = input.stateRows.map((row) => row.scorecard.stateIso3);
    const [history, citations, unaccepted] = await Promise.all([
      this.historyByState(input.framework, states, input.year, input.user, input.publication),
      input.publication ? this.publishedCitations(input.year, input.publication.version, input.framework, states) : this.citationsByState(input.year, input.framework, states),
      this.unacceptedCounts(input.year, input.framework, states, input.user),
    ]);
    for (const { scorecard } of input.stateRows) {
      const iso3 = scorecard.stateIso3;
      const cited = takeOut(citations, iso3);
      yield pageOf(scorecard, input.contributions.get(iso3) ?? [], takeOut(history, iso3), cited, takeOut(unaccepted, iso3));
    }
  }

  /** The page states' scorecards in this and earlier cycles, oldest first. */
  private async historyByState(
    framework: string,
    states: string[],
    year: number,
    user: AuthUser | undefined,
    publication: PublicationInfo | null,
  ): Promise<Map<string, ScorecardDto[]>> {
    const wanted = new Set(states);
    const shown = publication ? await this.cyclesPublishedBy(publication.firstPublishedAt) : null;
    const byState = new Map<string, ScorecardDto[]>();
    // Only the cycles up to the report's: a later open cycle would be scored live for nothing (seconds on a
    // large world). A one-state report asks for that state's history only.
    const years: Array<{ year: number }> = await this.dataSource.query('SELECT year FROM cycle WHERE year <= $1 ORDER BY year', [year]);
    const history = await this.scoring.historyForFramework(framework, user, states.length === 1 ? states[0] : null, years.map((y) => y.year));
    for (const scorecard of history) {
      if (!wanted.has(scorecard.stateIso3) || scorecard.cycleYear > year) continue;
      if (shown && !shown.has(scorecard.cycleYear)) continue;
      pushTo(byState, scorecard.stateIso3, scorecard);
    }
    for (const list of byState.values()) list.sort((a, b) => a.cycleYear - b.cycleYear);
    return byState;
  }

  /** Cycles already published when a cycle was first published: the only ones its trend charts show. */
  private async cyclesPublishedBy(time: Date): Promise<Set<number>> {
    const rows: Array<{ cycle_year: number }> = await this.dataSource.query(
      'SELECT cycle_year FROM publication WHERE version = 1 AND published_at <= $1',
      [time],
    );
    return new Set(rows.map((row) => row.cycle_year));
  }

  /** A published version's evidence links with each item's content as judged (the revision it pinned). */
  private async publishedCitations(year: number, version: number, framework: string, states: string[]): Promise<Map<string, LinkedCitation[]>> {
    return this.citationsFrom(
      `SELECT a.id AS assessment_id, a.state_iso3, c.code AS commitment, ev.title, ev.kind, ev.publisher,
              to_char(ev.published_on, 'YYYY-MM-DD') AS published_on, ev.url, ef.sha256, l.stance, l.judgement
       FROM evidence_link l
       JOIN assessment a ON a.id = l.assessment_id
       JOIN commitment c ON c.id = a.commitment_id
       JOIN framework f ON f.id = c.framework_id
       JOIN publication_evidence pe ON pe.cycle_year = a.cycle_year AND pe.version = $4 AND pe.evidence_id = l.evidence_id
       JOIN evidence_revision ev ON ev.evidence_id = pe.evidence_id AND ev.revision = pe.revision
       LEFT JOIN evidence_file ef ON ef.id = ev.file_id
       WHERE a.cycle_year = $1 AND f.code = $2 AND a.state_iso3 = ANY($3::text[])
         AND ev.visibility = 'public' AND l.judgement = 'accepted'
       ORDER BY a.state_iso3, c.position, ev.title, l.id`,
      [year, framework, states, version],
    );
  }

  /**
   * Pending and rejected links per state and commitment, counted only (no titles), as the assessments API
   * counts them for the caller (src/visibility: every link of a published cycle, else only visible evidence).
   */
  private async unacceptedCounts(year: number, framework: string, states: string[], user: AuthUser | undefined): Promise<Map<string, UnacceptedCount[]>> {
    const rows: Array<{ state_iso3: string; commitment: string; pending: number; rejected: number }> = await this.dataSource.query(
      `SELECT a.state_iso3, c.code AS commitment,
              (count(*) FILTER (WHERE l.judgement = 'pending'))::int AS pending,
              (count(*) FILTER (WHERE l.judgement = 'rejected'))::int AS rejected
       FROM evidence_link l
       JOIN assessment a ON a.id = l.assessment_id
       JOIN cycle cy ON cy.year = a.cycle_year
       JOIN commitment c ON c.id = a.commitment_id
       JOIN framework f ON f.id = c.framework_id
       JOIN evidence ev ON ev.id = l.evidence_id
       WHERE a.cycle_year = $1 AND f.code = $2 AND a.state_iso3 = ANY($3::text[]) AND l.judgement <> 'accepted'
         AND ${linkCountedSql('ev', 'cy.status', 4)}
       GROUP BY a.state_iso3, c.code`,
      [year, framework, states, ...evidenceVisibilityParams(user)],
    );
    const byState = new Map<string, UnacceptedCount[]>();
    for (const row of rows) pushTo(byState, row.state_iso3, { commitment: row.commitment, pending: Number(row.pending), rejected: Number(row.rejected) });
    return byState;
  }

  /**
   * The page states' citations in the cycle and framework: evidence marked public and accepted, the evidence a
   * published cycle makes public (src/visibility/visibility-policy.ts). A report is for publication.
   */
  private async citationsByState(year: number, framework: string, states: string[]): Promise<Map<string, LinkedCitation[]>> {
    return this.citationsFrom(
      `SELECT a.id AS assessment_id, a.state_iso3, c.code AS commitment, ev.title, ev.kind, ev.publisher,
              to_char(ev.published_on, 'YYYY-MM-DD') AS published_on, ev.url, ef.sha256, l.stance, l.judgement
       FROM evidence_link l
       JOIN assessment a ON a.id = l.assessment_id
       JOIN commitment c ON c.id = a.commitment_id
       JOIN framework f ON f.id = c.framework_id
       JOIN evidence ev ON ev.id = l.evidence_id
       LEFT JOIN evidence_file ef ON ef.id = ev.file_id
       WHERE a.cycle_year = $1 AND f.code = $2 AND a.state_iso3 = ANY($3::text[])
         AND ev.visibility = 'public' AND l.judgement = 'accepted'
       ORDER BY a.state_iso3, c.position, ev.title, l.id`,
      [year, framework, states],
    );
  }

  private async citationsFrom(sql: string, params: unknown[]): Promise<Map<string, LinkedCitation[]>> {
    const rows: Array<Record<string, string | null>> = await this.dataSource.query(sql, params);
    const byState = new Map<string, LinkedCitation[]>();
    for (const row of rows) {
      pushTo(byState, row.state_iso3!, {
        assessmentId: row.assessment_id!,
        stateIso3: row.state_iso3!,
        commitment: row.commitment!,
        title: row.title!,
        kind: row.kind!,
        publisher: row.publisher,
        publishedOn: row.published_on,
        url: row.url,
        sha256: row.sha256,
        stance: row.stance as 'supports' | 'contradicts',
        judgement: row.judgement!,
      });
    }
    return byState;
  }
}

interface UnacceptedCount {
  commitment: string;
  pending: number;
  rejected: number;
}

function pageOf(scorecard: ScorecardDto, contributions: ContributionDto[], history: ScorecardDto[], cited: LinkedCitation[], unaccepted: UnacceptedCount[]): StatePage {
  return {
    scorecard,
    contributions,
    history,
    citations: cited.filter((c) => c.judgement === 'accepted').map(({ stateIso3: _s, judgement: _j, ...citation }) => citation),
    evidenceCounts: Object.fromEntries(
      contributions.map((c) => [
        c.commitment,
        {
          // Accepted counts are the scoring's own (every accepted link), so they agree with the explanation beside them.
          supporting: c.supportingEvidence,
          contradicting: c.contradictingEvidence,
          pending: unaccepted.find((x) => x.commitment === c.commitment)?.pending ?? 0,
          rejected: unaccepted.find((x) => x.commitment === c.commitment)?.rejected ?? 0,
        },
      ]),
    ),
  };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A state's rows, removed from the map so they are freed once its page is written. */
function takeOut<T>(map: Map<string, T[]>, key: string): T[] {
  const list = map.get(key) ?? [];
  map.delete(key);
  return list;
}

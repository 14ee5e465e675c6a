import { CycleDto } from '../../cycles/dto/cycle.dto';
import { ContributionDto, ScorecardDetailDto } from '../../scoring/dto/scorecard.dto';
import { ScoringService } from '../../scoring/scoring.service';
import { StatesService } from '../../states/states.service';
import { commitmentAnchor, profileHref } from './heatmap-table';

interface Column {
  name: string;
  iso3?: string;
  href?: string;
  hasData: boolean;
}

const INDICES: Array<{ key: 'verifiedIndex' | 'statedIndex' | 'credibilityGap' | 'completeness' | 'evidenceCoverage'; label: string }> = [
  { key: 'verifiedIndex', label: 'Verified index' },
  { key: 'statedIndex', label: 'Stated index' },
  { key: 'credibilityGap', label: 'Credibility gap' },
  { key: 'completeness', label: 'Completeness (%)' },
  { key: 'evidenceCoverage', label: 'Evidence coverage (%)' },
];

/**
 * The comparison table: one column per state, and one for the group's mean when a group is chosen (over its
 * states with data, as the group statistics). A state with no data shows "No data", never 0.
 */
export async function comparison(scoring: ScoringService, states: StatesService, cycle: CycleDto, framework: string, picked: string[], group: string | undefined) {
  const cards: ScorecardDetailDto[] = await Promise.all(picked.map((iso3) => scoring.get(cycle.year, iso3, framework, undefined, undefined)));
  const columns: Column[] = cards.map((c) => ({ name: c.stateName, iso3: c.stateIso3, href: profileHref(cycle.year, c.stateIso3), hasData: c.hasData }));
  let groupStats: Awaited<ReturnType<ScoringService['statistics']>> | undefined;
  let groupLevels: Map<string, number | null> | undefined;
  if (group) {
    const [statistics, detail, contributions] = await Promise.all([
      scoring.statistics(cycle.year, group, framework, undefined),
      states.getGroup(group),
      scoring.contributionsForCycle(cycle.year, framework, undefined),
    ]);
    groupStats = statistics;
    groupLevels = meanCountedLevels(detail.members.map((m) => contributions.get(m.iso3)).filter((c): c is ContributionDto[] => !!c));
    columns.push({ name: `${detail.name} (mean of ${statistics.statesWithData} with data)`, hasData: statistics.statesWithData > 0 });
  }
  const indexRows = INDICES.map(({ key, label }) => ({
    label,
    cells: [...cards.map((c) => (c.hasData ? c[key] : null)), ...(groupStats ? [groupStats[key].mean] : [])],
  }));
  const tiers = [...cards.map((c) => ({ tier: c.hasData ? c.tier : null, hasData: c.hasData, rank: c.rank, of: c.rankedCount }))];
  const commitmentRows = cards[0]?.contributions.map((row) => ({
    code: row.commitment,
    label: row.label,
    cells: [
      ...cards.map((c) => {
        const own = c.contributions.find((x) => x.commitment === row.commitment);
        return { href: `${profileHref(cycle.year, c.stateIso3)}#${commitmentAnchor(framework, row.commitment)}`, ...levels(own) };
      }),
      ...(groupLevels ? [{ href: undefined, text: mean(groupLevels.get(row.commitment)), stated: '' }] : []),
    ],
  }));
  return { cycle, framework, group, columns, indexRows, tiers, withGroup: !!groupStats, commitmentRows: commitmentRows ?? [] };
}

function levels(row: ContributionDto | undefined): { text: string; stated: string } {
  if (!row || row.noInformation) return { text: 'No information', stated: '' };
  if (row.notApplicable) return { text: 'Not applicable', stated: '' };
  const counted = row.reviewedLevel === null ? 'not reviewed' : String(row.countedLevel);
  return { text: `counted ${counted}`, stated: `stated ${row.statedLevel ?? '–'}` };
}

function mean(value: number | null | undefined): string {
  return value === null || value === undefined ? 'No data' : `mean counted ${value.toFixed(1)}`;
}

/** Mean counted level per commitment over the states that assessed it (not applicable and no information left out). */
function meanCountedLevels(perState: ContributionDto[][]): Map<string, number | null> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const rows of perState) {
    for (const row of rows) {
      const entry = sums.get(row.commitment) ?? { total: 0, n: 0 };
      if (!row.notApplicable && !row.noInformation) {
        entry.total += row.countedLevel ?? 0;
        entry.n += 1;
      }
      sums.set(row.commitment, entry);
    }
  }
  return new Map([...sums].map(([code, { total, n }]) => [code, n > 0 ? total / n : null]));
}

import { ContributionDto, ScorecardDto } from '../../scoring/dto/scorecard.dto';
import { StateDto } from '../../states/dto/state.dto';
import { MapState, worldMapSvg } from '../map/world-map';
import { heatmapTable, profileHref } from './heatmap-table';

export interface OverviewViews {
  map: string;
  mapRows: MapState[];
  missing: MapState[];
  heatmap: string;
}

/** The overview's map and heatmap of one cycle, framework and group. */
export function overviewViews(
  year: number,
  framework: string,
  levels: 'verified' | 'stated',
  scorecards: ScorecardDto[],
  contributions: Map<string, ContributionDto[]>,
  commitments: Array<{ code: string; label: string }>,
  states: StateDto[],
): OverviewViews {
  const numeric = new Map(states.map((s) => [s.iso3, s.numericCode]));
  const mapRows: MapState[] = [...scorecards]
    .sort((a, b) => a.stateName.localeCompare(b.stateName, 'en'))
    .map((s) => ({
      iso3: s.stateIso3,
      numericCode: numeric.get(s.stateIso3) ?? null,
      name: s.stateName,
      href: profileHref(year, s.stateIso3),
      tier: s.hasData ? s.tier : null,
      hasData: s.hasData,
      verifiedIndex: s.hasData ? s.verifiedIndex : null,
    }));
  const { svg, missing } = worldMapSvg(mapRows, `${framework} verified index by state, ${year}`);
  return { map: svg, mapRows, missing, heatmap: heatmapTable(year, framework, scorecards, contributions, commitments, levels) };
}

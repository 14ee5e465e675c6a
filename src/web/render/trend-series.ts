import { CycleDto } from '../../cycles/dto/cycle.dto';
import { ScorecardDto } from '../../scoring/dto/scorecard.dto';

export interface TrendPoint {
  cycleYear: number;
  statedIndex: number | null;
  verifiedIndex: number | null;
  hasData: boolean;
}

/**
 * The cycles a state's trend may draw on: published ones (the cycle itself too, when staff look at it before
 * publication) up to this one, and of the same kind: a synthetic demonstration cycle is never mixed with real ones.
 */
export function comparableCycles(cycle: CycleDto, cycles: CycleDto[]): number[] {
  return cycles
    .filter((c) => c.year <= cycle.year && c.synthetic === cycle.synthetic && (c.status === 'published' || c.year === cycle.year))
    .map((c) => c.year)
    .sort((a, b) => a - b);
}

/**
 * One point per year from the first comparable cycle to the last: a year without a cycle, or in which the state
 * had no data, has null values, which the chart draws as a gap and never as 0.
 */
export function trendSeries(history: ScorecardDto[], years: number[]): TrendPoint[] {
  if (years.length === 0) return [];
  const byYear = new Map(history.map((h) => [h.cycleYear, h]));
  const points: TrendPoint[] = [];
  // Over a long span (e.g. a demonstration year far ahead) only the cycles' own years, each a point.
  const span = years[years.length - 1] - years[0];
  const axis = span > 20 ? years : Array.from({ length: span + 1 }, (_, i) => years[0] + i);
  for (const year of axis) {
    const card = years.includes(year) ? byYear.get(year) : undefined;
    const hasData = !!card?.hasData;
    points.push({ cycleYear: year, statedIndex: hasData ? card!.statedIndex : null, verifiedIndex: hasData ? card!.verifiedIndex : null, hasData });
  }
  return points;
}

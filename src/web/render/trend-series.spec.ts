import { CycleDto } from '../../cycles/dto/cycle.dto';
import { ScorecardDto } from '../../scoring/dto/scorecard.dto';
import { comparableCycles, trendSeries } from './trend-series';

const cycle = (year: number, status: CycleDto['status'], synthetic = false) => ({ year, status, synthetic }) as CycleDto;
const card = (cycleYear: number, verifiedIndex: number | null, hasData = true) => ({ cycleYear, verifiedIndex, statedIndex: verifiedIndex, hasData }) as ScorecardDto;

describe('trend of a state', () => {
  const cycles = [cycle(2024, 'published'), cycle(2026, 'published'), cycle(2027, 'open'), cycle(2099, 'published', true)];

  it('draws on published cycles of the same kind only, up to the one shown', () => {
    expect(comparableCycles(cycles[1], cycles)).toEqual([2024, 2026]);
    expect(comparableCycles(cycles[3], cycles)).toEqual([2099]);
    // Staff looking at the open cycle see it at the end of its own trend.
    expect(comparableCycles(cycles[2], cycles)).toEqual([2024, 2026, 2027]);
  });

  it('leaves a gap, never a zero, for a year without a cycle or without data', () => {
    const series = trendSeries([card(2024, 40), card(2026, 0, false), card(2099, 90)], [2023, 2024, 2026]);
    expect(series.map((p) => [p.cycleYear, p.verifiedIndex])).toEqual([
      [2023, null],
      [2024, 40],
      [2025, null],
      [2026, null],
    ]);
  });
});

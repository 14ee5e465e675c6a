import { subIndicesSvg, TIER_ORDER, tierDistributionSvg, trendSvg } from '../../charts/charts';
import { GroupStatisticsDto, ScorecardDto } from '../../scoring/dto/scorecard.dto';

// The pages' charts: the reports' chart code (src/charts), embedded as images with a text alternative.

export interface ChartImage {
  src: string;
  alt: string;
}

function image(svg: string, alt: string): ChartImage {
  return { src: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`, alt };
}

export function tiersImage(statistics: GroupStatisticsDto): ChartImage {
  const counts = TIER_ORDER.map((tier) => statistics.tiers.find((t) => t.tier === tier)?.count ?? 0);
  return image(
    tierDistributionSvg({ groups: [statistics.group], counts: [counts] }, `tiers-${statistics.framework}`),
    `Tiers in ${statistics.group}: ${TIER_ORDER.map((tier, i) => `${tier} ${counts[i]}`).join(', ')}.`,
  );
}

export function trendImage(history: Array<Pick<ScorecardDto, 'cycleYear' | 'statedIndex' | 'verifiedIndex'>>, framework: string, iso3: string): ChartImage {
  const svg = trendSvg(
    { years: history.map((h) => h.cycleYear), stated: history.map((h) => h.statedIndex), verified: history.map((h) => h.verifiedIndex) },
    `trend-${framework}-${iso3}`,
  );
  const points = history.map((h) => `${h.cycleYear}: stated ${fmt(h.statedIndex)}, verified ${fmt(h.verifiedIndex)}`).join('; ');
  return image(svg, `Trend of the ${framework} indices across published cycles (a gap is a year without data). ${points}.`);
}

export function subIndicesImage(scorecard: ScorecardDto): ChartImage {
  const categories = scorecard.categories;
  const svg = subIndicesSvg(
    {
      categories: categories.map((c) => c.label),
      stated: categories.map((c) => c.statedIndex ?? 0),
      verified: categories.map((c) => c.verifiedIndex ?? 0),
    },
    `sub-${scorecard.framework}-${scorecard.stateIso3}`,
  );
  const parts = categories.map((c) => `${c.label}: stated ${fmt(c.statedIndex)}, verified ${fmt(c.verifiedIndex)}`).join('; ');
  return image(svg, `Sub-indices by category. ${parts}.`);
}

function fmt(value: number | null): string {
  return value === null ? 'no data' : value.toFixed(1);
}

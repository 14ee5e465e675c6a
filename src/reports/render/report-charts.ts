import { levelHeatmapSvg, TIER_ORDER, tierDistributionSvg, trendSvg, subIndicesSvg } from '../../charts/charts';
import { FrameworkSection, StatePage, StateRow } from '../report-model';

/** The charts of a report, drawn by the shared chart code (also used by the web pages). */
export function heatmapOf(section: FrameworkSection, rows: StateRow[] = section.stateRows): string {
  return levelHeatmapSvg(
    {
      states: rows.map((row) => row.scorecard.stateName),
      commitments: section.framework.commitments.map((c) => c.code),
      cells: rows.map((row) => row.levels),
    },
    `heatmap-${section.framework.code}`,
  );
}

export function tiersOf(section: FrameworkSection): string | null {
  if (section.statistics.length === 0) return null;
  return tierDistributionSvg(
    {
      groups: section.statistics.map((s) => s.group),
      counts: section.statistics.map((s) => TIER_ORDER.map((tier) => s.tiers.find((t) => t.tier === tier)?.count ?? 0)),
    },
    `tiers-${section.framework.code}`,
  );
}

export function trendOf(section: FrameworkSection, page: StatePage): string {
  return trendSvg(
    {
      years: page.history.map((h) => h.cycleYear),
      stated: page.history.map((h) => h.statedIndex),
      verified: page.history.map((h) => h.verifiedIndex),
    },
    `trend-${section.framework.code}-${page.scorecard.stateIso3}`,
  );
}

export function subIndicesOf(section: FrameworkSection, page: StatePage): string {
  const categories = page.scorecard.categories;
  return subIndicesSvg(
    {
      categories: categories.map((c) => c.label),
      stated: categories.map((c) => c.statedIndex ?? 0),
      verified: categories.map((c) => c.verifiedIndex ?? 0),
    },
    `sub-${section.framework.code}-${page.scorecard.stateIso3}`,
  );
}

import type { EChartsOption } from 'echarts';
import { renderChart } from './render-chart';

/** Colours of levels 0-4 (light to dark), and for "no information" / "not applicable". Chosen for contrast on white. */
export const LEVEL_COLOURS = ['#f1eef6', '#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'];
const NO_INFORMATION = '#ffffff';
const NOT_APPLICABLE = '#d9d9d9';
export const TIER_ORDER = ['Advanced', 'Established', 'Developing', 'Initial', 'Minimal'];
// Advanced to Minimal: five steps of viridis, told apart under colour-vision deficiencies (the same as site.css's .tier-*).
const TIER_COLOURS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export interface HeatmapInput {
  /** Row labels, e.g. state names. */
  states: string[];
  /** Column labels, e.g. commitment codes. */
  commitments: string[];
  /** Counted level per cell: 0-4, null for no information, 'na' for not applicable. */
  cells: Array<Array<number | null | 'na'>>;
  title?: string;
}

/** States x commitments, coloured by level. Height grows with the number of states. */
export function levelHeatmapSvg(input: HeatmapInput, idPrefix = 'heatmap'): string {
  const rowHeight = 14;
  const height = Math.max(160, 90 + input.states.length * rowHeight);
  const width = Math.max(420, 180 + input.commitments.length * 28);
  const data = input.cells.flatMap((row, y) => row.map((cell, x) => [x, y, cell === 'na' ? -2 : cell === null ? -1 : cell]));
  const option: EChartsOption = {
    title: input.title ? { text: input.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
    grid: { left: 170, right: 10, top: input.title ? 40 : 20, bottom: 40 },
    xAxis: { type: 'category', data: input.commitments, position: 'top', axisLabel: { fontSize: 9, interval: 0 }, splitArea: { show: false } },
    yAxis: { type: 'category', data: input.states, inverse: true, axisLabel: { fontSize: 9, interval: 0 } },
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 2,
      pieces: [
        { value: -2, color: NOT_APPLICABLE },
        { value: -1, color: NO_INFORMATION },
        ...LEVEL_COLOURS.map((color, level) => ({ value: level, color })),
      ],
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#bbbbbb', borderWidth: 0.5 } }],
  };
  return renderChart(option, { width, height, idPrefix });
}

export interface TrendInput {
  years: number[];
  stated: Array<number | null>;
  verified: Array<number | null>;
  title?: string;
}

/** Stated and verified index of one state across cycles. */
export function trendSvg(input: TrendInput, idPrefix = 'trend'): string {
  const option: EChartsOption = {
    title: input.title ? { text: input.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
    legend: { bottom: 0, data: ['Stated index', 'Verified index'] },
    grid: { left: 45, right: 20, top: input.title ? 40 : 20, bottom: 45 },
    xAxis: { type: 'category', data: input.years.map(String) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { name: 'Stated index', type: 'line', data: input.stated.map(round1), color: '#74a9cf', symbolSize: 6 },
      { name: 'Verified index', type: 'line', data: input.verified.map(round1), color: '#045a8d', symbolSize: 6, lineStyle: { width: 3 } },
    ],
  };
  return renderChart(option, { width: 460, height: 240, idPrefix });
}

export interface TierDistributionInput {
  groups: string[];
  /** counts[group][tier] in TIER_ORDER. */
  counts: number[][];
  title?: string;
}

/** Number of states per tier, one stacked bar per group. */
export function tierDistributionSvg(input: TierDistributionInput, idPrefix = 'tiers'): string {
  const option: EChartsOption = {
    title: input.title ? { text: input.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
    legend: { bottom: 0, data: TIER_ORDER },
    grid: { left: 110, right: 20, top: input.title ? 40 : 20, bottom: 45 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: input.groups, inverse: true },
    series: TIER_ORDER.map((tier, t) => ({
      name: tier,
      type: 'bar' as const,
      stack: 'tiers',
      color: TIER_COLOURS[t],
      data: input.counts.map((row) => row[t] ?? 0),
    })),
  };
  return renderChart(option, { width: 520, height: Math.max(160, 80 + input.groups.length * 26), idPrefix });
}

export interface SubIndicesInput {
  categories: string[];
  stated: number[];
  verified: number[];
}

/** Stated and verified sub-index per category for one state. */
export function subIndicesSvg(input: SubIndicesInput, idPrefix = 'subindices'): string {
  const option: EChartsOption = {
    legend: { bottom: 0, data: ['Stated', 'Verified'] },
    grid: { left: 45, right: 20, top: 20, bottom: 45 },
    xAxis: { type: 'category', data: input.categories },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      { name: 'Stated', type: 'bar', data: input.stated.map(round1), color: '#74a9cf' },
      { name: 'Verified', type: 'bar', data: input.verified.map(round1), color: '#045a8d' },
    ],
  };
  return renderChart(option, { width: 460, height: 220, idPrefix });
}

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

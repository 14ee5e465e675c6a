import * as echarts from 'echarts';

export interface ChartSize {
  width: number;
  height: number;
  /** Makes element ids unique within a page and identical on every render (ECharts numbers them per instance). */
  idPrefix: string;
}

/**
 * Renders an ECharts option to an SVG string on the server (no browser, no canvas). The same options are
 * used by the reports and the web pages, so a chart looks the same everywhere.
 */
export function renderChart(option: echarts.EChartsOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Helvetica, Arial, sans-serif' }, ...option });
    return renumberIds(chart.renderToSVGString().replace(/\bzr\d+-/g, `${size.idPrefix}-`), size.idPrefix);
  } finally {
    chart.dispose();
  }
}

/** ECharts numbers classes and ids with process-wide counters; renumber them in order of appearance. */
function renumberIds(svg: string, prefix: string): string {
  const seen = new Map<string, number>();
  const counters = new Map<string, number>();
  const pattern = new RegExp(`(${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[a-z]+-?)(\\d+)`, 'g');
  return svg.replace(pattern, (_match, kind: string, number: string) => {
    const key = `${kind}${number}`;
    if (!seen.has(key)) {
      const next = counters.get(kind) ?? 0;
      seen.set(key, next);
      counters.set(kind, next + 1);
    }
    return `${kind}${seen.get(key)}`;
  });
}

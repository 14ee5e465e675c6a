import { esc } from './escape';

/**
 * The two small charts of a state profile, as plain SVG written directly: a report draws two per state, and
 * ECharts took about 9 ms each (3.5 s for every state), more than the whole report may take. Same colours as
 * the web charts (src/charts). Used by the HTML and the PDF report alike; the PDF engine draws the text of
 * an SVG with the report's own fonts, hence the font family.
 */
const STATED = '#74a9cf';
const VERIFIED = '#045a8d';
const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';
const WIDTH = 320;
const HEIGHT = 180;
const PLOT = { left: 34, right: 10, top: 10, bottom: 48 };

export interface SubIndexBar {
  label: string;
  stated: number | null;
  verified: number | null;
}

/** Stated and verified sub-index per category: two bars per category; a category without an index gets none. */
export function subIndicesChart(bars: SubIndexBar[], title: string): string {
  const inner = WIDTH - PLOT.left - PLOT.right;
  const slot = inner / Math.max(bars.length, 1);
  const barWidth = Math.min(22, slot / 3);
  const parts = bars.map((bar, i) => {
    const x = PLOT.left + i * slot + slot / 2;
    return [
      bar.stated === null ? '' : rect(x - barWidth, bar.stated, barWidth, STATED),
      bar.verified === null ? '' : rect(x, bar.verified, barWidth, VERIFIED),
      `<text x="${n(x)}" y="${HEIGHT - PLOT.bottom + 13}" text-anchor="middle" font-size="9" ${FONT}>${esc(bar.label)}</text>`,
    ].join('');
  });
  return frame(title, parts.join(''), ['Stated', 'Verified']);
}

export interface TrendPoint {
  year: number;
  stated: number | null;
  verified: number | null;
}

/** Stated and verified index across cycles; a cycle without data is a gap, never a 0. */
export function trendChart(points: TrendPoint[], title: string): string {
  const inner = WIDTH - PLOT.left - PLOT.right;
  const step = inner / Math.max(points.length, 1);
  const xOf = (i: number) => PLOT.left + step * i + step / 2;
  const line = (key: 'stated' | 'verified', colour: string, width: number) =>
    points
      .map((p, i) => (p[key] === null ? '' : `<circle cx="${n(xOf(i))}" cy="${n(yOf(p[key]))}" r="2.5" fill="${colour}"/>`))
      .join('') +
    segments(points.map((p, i) => (p[key] === null ? null : `${n(xOf(i))},${n(yOf(p[key]))}`)))
      .map((pts) => `<polyline points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="${width}"/>`)
      .join('');
  const labelEvery = Math.ceil(points.length / 8);
  const years = points
    .map((p, i) => (i % labelEvery === 0 || i === points.length - 1 ? `<text x="${n(xOf(i))}" y="${HEIGHT - PLOT.bottom + 13}" text-anchor="middle" font-size="9" ${FONT}>${p.year}</text>` : ''))
    .join('');
  return frame(title, line('stated', STATED, 1.5) + line('verified', VERIFIED, 2.5) + years, ['Stated index', 'Verified index']);
}

function frame(title: string, body: string, legend: [string, string]): string {
  const grid = [0, 25, 50, 75, 100]
    .map((v) => `<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${n(yOf(v))}" y2="${n(yOf(v))}" stroke="#dddddd" stroke-width="0.6"/>` +
      `<text x="${PLOT.left - 4}" y="${n(yOf(v) + 3)}" text-anchor="end" font-size="8" ${FONT}>${v}</text>`)
    .join('');
  const y = HEIGHT - 12;
  const key = `<rect x="${PLOT.left}" y="${y - 8}" width="10" height="10" fill="${STATED}"/><text x="${PLOT.left + 14}" y="${y}" font-size="9" ${FONT}>${legend[0]}</text>` +
    `<rect x="${PLOT.left + 110}" y="${y - 8}" width="10" height="10" fill="${VERIFIED}"/><text x="${PLOT.left + 124}" y="${y}" font-size="9" ${FONT}>${legend[1]}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${grid}${body}${key}</svg>`;
}

function rect(x: number, value: number, width: number, colour: string): string {
  const top = yOf(value);
  return `<rect x="${n(x)}" y="${n(top)}" width="${n(width)}" height="${n(yOf(0) - top)}" fill="${colour}"/>`;
}

function yOf(value: number | null): number {
  const v = Math.max(0, Math.min(100, value ?? 0));
  return PLOT.top + ((100 - v) / 100) * (HEIGHT - PLOT.top - PLOT.bottom);
}

/** Runs of consecutive points, split at gaps (a line never bridges a cycle without data). */
function segments(points: Array<string | null>): string[][] {
  const runs: string[][] = [[]];
  for (const p of points) {
    if (p === null) runs.push([]);
    else runs[runs.length - 1].push(p);
  }
  return runs.filter((r) => r.length > 1);
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

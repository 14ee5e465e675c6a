import { levelHeatmapSvg, tierDistributionSvg, trendSvg } from './charts';

describe('server-side charts', () => {
  it('renders SVG that is identical on every render, with the given id prefix', () => {
    const input = { years: [2024, 2025, 2026], stated: [40, 55.55, null], verified: [20, 33.333, 50] };
    const first = trendSvg(input, 'trend-FRA');
    expect(first.startsWith('<svg')).toBe(true);
    expect(first).toContain('Verified index');
    expect(trendSvg(input, 'trend-FRA')).toBe(first);
    expect(first).not.toMatch(/zr\d+-/);
  });

  it('draws one cell per state and commitment in the heatmap', () => {
    const svg = levelHeatmapSvg({ states: ['France', 'Germany'], commitments: ['13(a)', '13(b)'], cells: [[4, null], ['na', 0]] });
    expect(svg).toContain('France');
    expect(svg).toContain('13(b)');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it('stacks tiers per group', () => {
    const svg = tierDistributionSvg({ groups: ['EU', 'OSCE'], counts: [[1, 2, 3, 0, 0], [5, 5, 5, 5, 5]] });
    expect(svg).toContain('Advanced');
    expect(svg).toContain('OSCE');
  });
});

import { syntheticRows } from './synthetic-world';

const targets = ['FRA', 'DEU', 'BRA'].flatMap((iso3) =>
  ['13(a)', '13(b)', '13(c)', '13(f)'].map((commitment) => ({ iso3, framework: 'GGE', commitment, category: 'restraint' })),
);

describe('syntheticRows', () => {
  it('gives the same world for the same seed and year, and another for another seed', () => {
    const options = { year: 2026, seed: 7, linksPerAssessment: 2, label: '[Synthetic]' };
    expect(syntheticRows(targets, options)).toEqual(syntheticRows(targets, options));
    expect(syntheticRows(targets, { ...options, seed: 8 })).not.toEqual(syntheticRows(targets, options));
  });

  it('keeps levels in range and labels every free text', () => {
    const rows = syntheticRows(targets, { year: 2026, seed: 3, linksPerAssessment: 3, label: '[Synthetic]' });
    for (const row of rows) {
      for (const level of [row.stated_level, row.reviewed_level]) if (level !== undefined) expect(['0', '1', '2', '3', '4']).toContain(level);
      for (const text of [row.narrative, row.evidence_title, row.review_rationale, row.not_applicable_justification]) {
        if (text !== undefined) expect(text.startsWith('[Synthetic]')).toBe(true);
      }
    }
  });
});

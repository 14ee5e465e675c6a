import { ImportLookups, validateRows } from './validate-rows';

const lookups: ImportLookups = {
  cycles: new Map([[2026, 'open']]),
  states: new Set(['FRA']),
  commitments: new Map([['2026|GGE|13(a)', { id: 1, frameworkId: 1 }]]),
  applicable: new Set(['1|FRA']),
};

function dateErrors(publishedOn: string) {
  const values = {
    cycle_year: '2026',
    state_iso3: 'FRA',
    framework: 'GGE',
    commitment: '13(a)',
    evidence_url: 'https://example.org/a',
    evidence_title: 'A',
    evidence_published_on: publishedOn,
  };
  return validateRows([{ line: 2, values }], lookups).errors.map((e) => e.column);
}

describe('validateRows: evidence dates', () => {
  it.each(['2024-02-29', '2026-12-31', '2000-01-01'])('accepts the calendar date %s', (date) => {
    expect(dateErrors(date)).toEqual([]);
  });

  it.each(['2023-02-29', '2026-13-01', '2026-04-31', '2026-1-1', '26-01-01', '2026-01-01T00:00', 'yesterday'])('refuses %s', (date) => {
    expect(dateErrors(date)).toEqual(['evidence_published_on']);
  });
});

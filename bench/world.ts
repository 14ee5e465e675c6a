import { IMPORT_COLUMNS, RawRow } from '../src/import/import-columns';

/** The synthetic world every run builds: the same seed always gives the same rows. */
export const WORLD = {
  seed: 2026,
  firstYear: 2015,
  /** BENCH_CYCLES shortens the run while working on the benchmark itself; the published numbers use 12. */
  cycles: Number(process.env.BENCH_CYCLES ?? 12),
  linksPerAssessment: 5,
  /** History is measured when the database holds this many cycles (the newest one open). */
  checkpoints: [1, 3, 6, 12].filter((n) => n <= Number(process.env.BENCH_CYCLES ?? 12)),
  /** Years used by the import measurement, in a copy of the world database. */
  importYears: [2090, 2091, 2092],
};

export const YEARS = Array.from({ length: WORLD.cycles }, (_, i) => WORLD.firstYear + i);
export const OPEN_YEAR = YEARS[YEARS.length - 1];
export const PUBLISHED_YEAR = YEARS[YEARS.length - 2];

/** The state used for one-state routes: a UN, OSCE and EU member, so it has GGE and OSCE scorecards. */
export const ONE_STATE = 'FRA';

/** The 20-state world and report group: the first 20 EU members by ISO code (all in GGE and OSCE). */
export const SMALL_GROUP = 'BENCH20';
export const SMALL_STATE_COUNT = 20;

/** The import file format, with every column in the template's order. */
export function toCsv(rows: RawRow[]): string {
  const names = IMPORT_COLUMNS.map((c) => c.name);
  const lines = [names.join(',')];
  for (const row of rows) lines.push(names.map((name) => csvField(row[name] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

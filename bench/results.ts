import { LoadResult, round1, round2 } from './measure';

export interface ApiVsSql {
  path: string;
  scorecards: number;
  apiMs: number;
  sqlMs: number;
  ratio: number;
  /** The API returned exactly the scorecards and indices the bare SQL computed. */
  sameNumbers: boolean;
  apiRuns: number[];
  sqlRuns: number[];
}

export interface ReportResult {
  format: 'html' | 'pdf';
  scope: string;
  states: number;
  seconds: number;
  runs: number[];
  bytes: number;
  peakRssMb: number;
  peakAboveStartMb: number;
}

export interface Results {
  generatedAt: string;
  machine: { cpus: number; memoryGb: number; node: string };
  settings: Record<string, unknown>;
  generation: {
    cycles: Array<{ year: number; assessments: number; evidenceLinks: number; importMs: number; publishMs: number | null }>;
    totals?: Record<string, number>;
  };
  live: ApiVsSql;
  history: Array<{ cycles: number; allStatesOpenCycle: ApiVsSql; stateHistory: ApiVsSql }>;
  published: ApiVsSql;
  throughput: LoadResult[];
  reports: ReportResult[];
  import: {
    rows: number;
    bytes: number;
    seconds: number;
    rowsPerSecond: number;
    copySeconds: number;
    copyRowsPerSecond: number;
    /** The same rows written set-based into the real tables (constraints, indexes, triggers; no parsing, validation or audit). */
    writeFloorSeconds: number;
    runs: number[];
  };
  /** Publishing one cycle, then its artifact job's work: every stored report and open-data file rendered once. */
  artifacts?: { year: number; publishSeconds: number | null; files: number; seconds: number };
  /** Statements of the first request and of the next one (answers about published cycles are cached). */
  statements: Array<{ route: string; path: string; at20: number[]; at193: number[] }>;
  totalSeconds: number;
}

/** How cost grows with the number of cycles: the exponent k of cost ~ cycles^k between the first and last checkpoint. */
export function growthExponent(points: Array<{ cycles: number; ms: number }>): number {
  const first = points[0];
  const last = points[points.length - 1];
  return round2(Math.log(last.ms / first.ms) / Math.log(last.cycles / first.cycles));
}

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

/** The results as the Markdown table the README shows. */
export function printTable(r: Results): string {
  const health = r.throughput[0];
  const lines: string[] = [];
  const row = (...cells: Array<string | number>) => lines.push(`| ${cells.join(' | ')} |`);
  row('measure', 'result', 'floor / reference', 'ratio', 'target');
  row('---', '---', '---', '---', '---');

  row(
    `1. all-states GGE scorecards, open cycle ${r.live.path.match(/\d{4}/)?.[0]} (${r.live.scorecards} states, live)`,
    `API ${r.live.apiMs} ms`,
    `bare SQL ${r.live.sqlMs} ms`,
    `${r.live.ratio}×`,
    `≤ 1.5×: ${mark(r.live.ratio <= 1.5)}${r.live.sameNumbers ? '' : ' (numbers differ!)'}`,
  );
  row(
    `1. all-states GGE scorecards, published cycle (snapshot, anonymous)`,
    `API ${r.published.apiMs} ms`,
    `bare SQL ${r.published.sqlMs} ms`,
    `${r.published.ratio}×`,
    `≤ 1.5×: ${mark(r.published.ratio <= 1.5)}`,
  );
  for (const key of ['allStatesOpenCycle', 'stateHistory'] as const) {
    const label = key === 'allStatesOpenCycle' ? 'all-states scorecards of the open cycle' : `one state's history (${r.history[0].stateHistory.path})`;
    const apiPoints = r.history.map((h) => ({ cycles: h.cycles, ms: h[key].apiMs }));
    const exponent = growthExponent(apiPoints);
    row(
      `2. ${label}, at ${r.history.map((h) => h.cycles).join(' / ')} cycles`,
      `API ${r.history.map((h) => h[key].apiMs).join(' / ')} ms`,
      `SQL ${r.history.map((h) => h[key].sqlMs).join(' / ')} ms`,
      `${r.history.map((h) => h[key].ratio).join(' / ')}×; growth ~cycles^${exponent}`,
      `≤ linear: ${mark(exponent <= 1.05)}; ≤ 1.5×: ${mark(r.history.every((h) => h[key].ratio <= 1.5))}`,
    );
  }
  for (const load of r.throughput.slice(1)) {
    const ratio = round2(load.requestsPerSecond / health.requestsPerSecond);
    // A page is HTML for people (map, heatmap of every state): its floor is lower, and its size matters.
    const page = !load.path.startsWith('/api/');
    const floor = page ? 0.3 : 0.5;
    const size = page && load.requestsPerSecond > 0 ? `, ${round1(load.bytesPerSecond / load.requestsPerSecond / 1024)} KiB per page` : '';
    row(
      `3. throughput ${load.path}`,
      `${load.requestsPerSecond} req/s, p99 ${load.p99Ms} ms${size}`,
      `/health ${health.requestsPerSecond} req/s, p99 ${health.p99Ms} ms`,
      `${ratio}×`,
      `≥ ${floor}×: ${mark(ratio >= floor)}${load.non2xx + load.errors > 0 ? ` (${load.non2xx} non-2xx, ${load.errors} errors)` : ''}`,
    );
  }
  // Targets of the annual report (issue 15): whole-cycle PDF 3 s, HTML 2 s, one state's PDF 0.5 s.
  const TARGET_SECONDS = { html: 2, pdf: 3 };
  for (const format of ['html', 'pdf'] as const) {
    const [few, all] = r.reports.filter((x) => x.format === format && !x.scope.startsWith('state'));
    if (!few || !all) continue;
    const timeRatio = round2(all.seconds / few.seconds);
    const stateRatio = round2(all.states / few.states);
    const memoryRatio = round2(all.peakRssMb / few.peakRssMb);
    row(
      `4. annual report ${format.toUpperCase()}, ${few.states} vs ${all.states} states`,
      `${few.seconds} s / ${all.seconds} s; peak RSS ${few.peakRssMb} / ${all.peakRssMb} MB (+${few.peakAboveStartMb} / +${all.peakAboveStartMb} MB)`,
      `states ×${stateRatio}; ${Math.round(few.bytes / 1024)} / ${Math.round(all.bytes / 1024)} KiB`,
      `time ×${timeRatio}, memory ×${memoryRatio}`,
      `all states ≤ ${TARGET_SECONDS[format]} s: ${mark(all.seconds <= TARGET_SECONDS[format])}; time ≤ linear: ${mark(timeRatio <= stateRatio)}; memory flat (≤ 1.5×): ${mark(memoryRatio <= 1.5)}`,
    );
  }
  for (const one of r.reports.filter((x) => x.scope.startsWith('state'))) {
    row(
      `4. one state's ${one.format.toUpperCase()} report (${one.scope})`,
      `${one.seconds} s; peak RSS ${one.peakRssMb} MB (+${one.peakAboveStartMb} MB)`,
      `${Math.round(one.bytes / 1024)} KiB`,
      '',
      `≤ 0.5 s: ${mark(one.seconds <= 0.5)}`,
    );
  }
  const importRatio = round2(r.import.rowsPerSecond / r.import.copyRowsPerSecond);
  row(
    `5. CSV import of one cycle (${r.import.rows} rows, ${Math.round(r.import.bytes / 1024)} KiB)`,
    `${r.import.seconds} s = ${r.import.rowsPerSecond} rows/s`,
    `COPY ${r.import.copySeconds} s = ${r.import.copyRowsPerSecond} rows/s`,
    `${importRatio}× of COPY`,
    `≥ 0.2×: ${mark(importRatio >= 0.2)}`,
  );
  row(
    '5. the same rows as bare set-based writes into the real tables (no parsing, validation or audit)',
    `${r.import.writeFloorSeconds} s = ${Math.round(r.import.rows / r.import.writeFloorSeconds)} rows/s`,
    `import ${r.import.seconds} s`,
    `import ×${round2(r.import.seconds / r.import.writeFloorSeconds)} of the bare writes`,
    'for reference',
  );
  if (r.artifacts) {
    row(
      `7. publish to stored artifacts, cycle ${r.artifacts.year} (${r.artifacts.files} files: whole cycle and each framework, every format and dataset)`,
      `${r.artifacts.seconds} s after publishing`,
      `publishing itself ${r.artifacts.publishSeconds ?? '–'} s`,
      '–',
      'for reference',
    );
  }
  for (const s of r.statements) {
    const same = s.at193.join() === s.at20.join();
    row(
      `6. statements per request: ${s.route}`,
      `${s.at193.join(' then ')} at 193 states`,
      `${s.at20.join(' then ')} at 20 states`,
      same ? 'same' : 'differs',
      `same: ${mark(same)}`,
    );
  }
  const totals = r.generation.totals;
  const footer = totals
    ? `\nWorld: ${totals.cycles} cycles (${r.generation.cycles.length - 1} published), ${totals.states} states, ${totals.assessments} assessments, ` +
      `${totals.evidence_links} evidence links, ${totals.audit_entries} audit entries, database ${Math.round(totals.database_bytes / 2 ** 20)} MiB. ` +
      `Generated through ImportService in ${round2(r.generation.cycles.reduce((sum, c) => sum + c.importMs, 0) / 1000)} s, ` +
      `published (snapshots) in ${round2(r.generation.cycles.reduce((sum, c) => sum + (c.publishMs ?? 0), 0) / 1000)} s. ` +
      `Medians of ${String(r.settings.runs)} runs; ${r.machine.cpus} CPUs, Node ${r.machine.node}; whole run ${r.totalSeconds} s.`
    : '';
  return lines.join('\n') + '\n' + footer;
}

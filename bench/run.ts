import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { SCORECARDS_SQL } from '../src/scoring/sql/scorecards.sql';
import { cloneDatabase, createDatabase, dropDatabase, startServer, withClient } from './database';
import { WorkerProcess } from './ipc';
import { copyIn, getJson, httpGet, interleaved, load, LoadResult, median, round1, round2 } from './measure';
import { printTable, Results } from './results';
import { writeFloorMs } from './write-floor';
import { ONE_STATE, OPEN_YEAR, PUBLISHED_YEAR, SMALL_GROUP, SMALL_STATE_COUNT, WORLD, YEARS } from './world';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3);
const CONNECTIONS = 10;
const WORK_DIR = resolve('.data/bench-work');

interface ScorecardJson {
  cycleYear: number;
  framework: string;
  stateIso3: string;
  verifiedIndex: number | null;
  statedIndex: number | null;
  rank: number | null;
}

/** Scorecard parameters, in SCORECARDS_SQL order: years, framework, group, state, staff, own states. */
type ScorecardParams = [number[] | null, string | null, string | null, string | null, boolean, string[]];

async function main(): Promise<void> {
  const started = performance.now();
  const log = (message: string) => process.stdout.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });

  await copyAssets();
  log('starting Postgres');
  const server = await startServer();
  const workers: WorkerProcess[] = [];
  const clients: Client[] = [];
  try {
    const worldUrl = await createDatabase(server.url, 'bench_world');
    const smallUrl = await createDatabase(server.url, 'bench_small');
    const small = await withClient(worldUrl, async (client) => {
      const { rows } = await client.query<{ iso3: string }>(
        `SELECT state_iso3 AS iso3 FROM group_membership WHERE group_code = 'EU' ORDER BY state_iso3 LIMIT $1`,
        [SMALL_STATE_COUNT],
      );
      return rows.map((r) => r.iso3);
    });
    for (const url of [worldUrl, smallUrl]) await createGroup(url, SMALL_GROUP, small);

    const env = (url: string, mode = 'server'): Record<string, string> => ({
      DATABASE_URL: url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      LOAD_CATALOGUE_ON_START: 'false',
      JWT_SECRET: randomBytes(48).toString('base64'),
      BCRYPT_COST: '4',
      UPLOAD_DIR: join(WORK_DIR, 'files'),
      BENCH_WORKER_MODE: mode,
      // The artifact job is measured on its own (section 7), never in the background of other measures.
      PUBLICATION_WORKER: 'false',
    });
    const world = WorkerProcess.start(env(worldUrl));
    const smallWorld = WorkerProcess.start(env(smallUrl));
    workers.push(world, smallWorld);
    const port = (await world.ready).port!;
    const smallPort = (await smallWorld.ready).port!;
    const pg = new Client({ connectionString: worldUrl, application_name: 'cnt-bench' });
    await pg.connect();
    clients.push(pg);
    const reviewer = await world.call<string>('token', { role: 'reviewer' });
    const smallReviewer = await smallWorld.call<string>('token', { role: 'reviewer' });

    // ---- The world, cycle by cycle; history is measured at each checkpoint, with the newest cycle open.
    const generation: Results['generation'] = { cycles: [] };
    const history: Results['history'] = [];
    for (const [index, year] of YEARS.entries()) {
      const seeded = await world.call<{ assessments: number; evidence: number; links: number; ms: number }>('seed', { year });
      await pg.query('ANALYZE');
      log(`cycle ${year}: ${seeded.assessments} assessments, ${seeded.links} links in ${(seeded.ms / 1000).toFixed(1)} s`);
      const cycleCount = index + 1;
      if (WORLD.checkpoints.includes(cycleCount)) {
        const allStates = await apiVsSql(port, pg, `/api/cycles/${year}/scorecards?framework=GGE`, reviewer, [[year], 'GGE', null, null, true, []]);
        const oneState = await apiVsSql(port, pg, `/api/states/${ONE_STATE}/scorecards`, reviewer, [null, null, null, ONE_STATE, true, []]);
        history.push({ cycles: cycleCount, allStatesOpenCycle: allStates, stateHistory: oneState });
        log(`  ${cycleCount} cycle(s): all states ${allStates.apiMs} ms (SQL ${allStates.sqlMs}), ${ONE_STATE} history ${oneState.apiMs} ms (SQL ${oneState.sqlMs})`);
      }
      let publishMs: number | null = null;
      if (year !== OPEN_YEAR) publishMs = (await world.call<{ ms: number }>('publish', { year })).ms;
      generation.cycles.push({ year, assessments: seeded.assessments, evidenceLinks: seeded.links, importMs: Math.round(seeded.ms), publishMs: publishMs && Math.round(publishMs) });
    }
    await pg.query('ANALYZE');
    for (const [index, year] of YEARS.entries()) {
      await smallWorld.call('seed', { year, states: small });
      if (index < YEARS.length - 1) await smallWorld.call('publish', { year });
    }
    log('20-state world ready');
    const audit = await world.call<{ intact: boolean; entries: number }>('verifyAudit');
    if (!audit.intact) throw new Error('The audit chain is broken after the bulk imports');
    const sizes = await worldSizes(pg);
    generation.totals = { ...sizes, audit_chain_verified: audit.entries };

    // ---- 6. Statements per request at 20 and at 193 states.
    log('statements per request');
    const routes: Array<{ name: string; path: string; staff: boolean }> = [
      { name: 'states list', path: '/api/states', staff: false },
      { name: 'cycles list', path: '/api/cycles', staff: false },
      { name: 'assessment list (open cycle, 100 a page)', path: `/api/assessments?cycle=${OPEN_YEAR}&pageSize=100`, staff: true },
      { name: 'evidence list', path: '/api/evidence', staff: true },
      { name: 'scorecards, open cycle (live)', path: `/api/cycles/${OPEN_YEAR}/scorecards?framework=GGE`, staff: true },
      { name: 'scorecards, published cycle', path: `/api/cycles/${PUBLISHED_YEAR}/scorecards?framework=GGE`, staff: false },
      { name: 'one scorecard, published cycle', path: `/api/cycles/${PUBLISHED_YEAR}/states/${ONE_STATE}/scorecard?framework=GGE`, staff: false },
      { name: 'one scorecard, open cycle (live)', path: `/api/cycles/${OPEN_YEAR}/states/${ONE_STATE}/scorecard?framework=GGE`, staff: true },
      { name: 'group statistics, published', path: `/api/cycles/${PUBLISHED_YEAR}/groups/UN/statistics?framework=GGE`, staff: false },
      { name: 'state history', path: `/api/states/${ONE_STATE}/scorecards`, staff: true },
      { name: 'annual report (HTML), published', path: `/api/cycles/${PUBLISHED_YEAR}/report.html`, staff: false },
    ];
    // First request (nothing cached yet) and the next one (what a busy server does).
    const statements: Results['statements'] = [];
    for (const route of routes) {
      const at20 = [];
      const at193 = [];
      for (let i = 0; i < 2; i++) {
        at20.push(await countStatements(smallWorld, smallPort, route.path, route.staff ? smallReviewer : undefined));
        at193.push(await countStatements(world, port, route.path, route.staff ? reviewer : undefined));
      }
      statements.push({ route: route.name, path: route.path, at20, at193 });
    }

    // ---- 1. All states, one open cycle: API against the bare SQL.
    const live = history[history.length - 1].allStatesOpenCycle;

    // ---- 3. Throughput of published scorecards against /health.
    log('load: /health and published scorecards');
    const throughput: LoadResult[] = [];
    // The public overview page (map, heatmap table, statistics) of the published cycle of the whole world, too.
    for (const path of [
      '/health',
      `/api/cycles/${PUBLISHED_YEAR}/scorecards?framework=GGE`,
      `/api/cycles/${PUBLISHED_YEAR}/states/${ONE_STATE}/scorecard?framework=GGE`,
      `/results/${PUBLISHED_YEAR}?framework=GGE`,
    ]) {
      throughput.push(await load(port, path, { connections: CONNECTIONS, seconds: LOAD_SECONDS }));
      log(`  ${path}: ${throughput[throughput.length - 1].requestsPerSecond} req/s`);
    }
    const published = await apiVsSql(port, pg, `/api/cycles/${PUBLISHED_YEAR}/scorecards?framework=GGE`, undefined, [[PUBLISHED_YEAR], 'GGE', null, null, false, []]);

    // ---- 4. Annual reports: 20 states and all states, HTML and PDF, each in a fresh process.
    log('reports');
    await smallWorld.stop();
    const reports: Results['reports'] = [];
    const reportScopes: Array<{ format: 'html' | 'pdf'; group?: string; state?: string }> = [
      { format: 'html', group: SMALL_GROUP },
      { format: 'html' },
      { format: 'pdf', group: SMALL_GROUP },
      { format: 'pdf' },
      { format: 'pdf', state: ONE_STATE },
    ];
    for (const { format, group, state } of reportScopes) {
      {
        const reporter = WorkerProcess.start(env(worldUrl, 'report'), ['--expose-gc']);
        workers.push(reporter);
        await reporter.ready;
        const out = await reporter.call<{ samples: Array<{ ms: number; bytes: number; rssBefore: number; rssPeak: number }>; maxRssKb: number }>('report', {
          year: PUBLISHED_YEAR,
          group,
          state,
          format,
          runs: REPORT_RUNS,
        });
        await reporter.stop();
        const states = state ? 1 : await reportStates(pg, PUBLISHED_YEAR, group);
        reports.push({
          format,
          scope: state ? `state ${state}` : group ? `group ${group}` : 'all states',
          states,
          seconds: round2(median(out.samples.map((s) => s.ms)) / 1000),
          runs: out.samples.map((s) => round2(s.ms / 1000)),
          bytes: out.samples[0].bytes,
          peakRssMb: round1(Math.max(...out.samples.map((s) => s.rssPeak)) / 2 ** 20),
          peakAboveStartMb: round1(Math.max(...out.samples.map((s) => s.rssPeak - s.rssBefore)) / 2 ** 20),
        });
        const r = reports[reports.length - 1];
        log(`  ${format} ${r.scope}: ${r.seconds} s, peak RSS ${r.peakRssMb} MB`);
      }
    }

    // ---- 7. Publish to stored artifacts: the job's work for the published cycle measured above.
    log('artifacts');
    const stored = await world.call<{ ms: number; files: number }>('storeArtifacts', { year: PUBLISHED_YEAR, version: 1 });
    const publishMs = generation.cycles.find((c) => c.year === PUBLISHED_YEAR)?.publishMs ?? null;
    const artifacts = { year: PUBLISHED_YEAR, publishSeconds: publishMs && round2(publishMs / 1000), files: stored.files, seconds: round2(stored.ms / 1000) };
    log(`  ${stored.files} files stored in ${artifacts.seconds} s`);

    // ---- 5. CSV import of one full cycle, in a copy of the world, against COPY of the same rows.
    log('import');
    await world.stop();
    await pg.end();
    clients.length = 0;
    const importUrl = await cloneDatabase(server.url, 'bench_world', 'bench_import');
    const importer = WorkerProcess.start(env(importUrl));
    workers.push(importer);
    await importer.ready;
    const copyClient = new Client({ connectionString: importUrl, application_name: 'cnt-bench' });
    await copyClient.connect();
    clients.push(copyClient);
    const imports: Array<{ ms: number; rows: number; bytes: number; copyMs: number; floorMs: number }> = [];
    for (const year of WORLD.importYears) {
      const file = join(WORK_DIR, `import-${year}.csv`);
      const imported = await importer.call<{ ms: number; rows: number; bytes: number }>('importCsv', { year, file });
      const content = await readFile(file);
      await copyClient.query('DROP TABLE IF EXISTS bench_copy_scratch');
      await copyClient.query(`CREATE TABLE bench_copy_scratch (${importHeader(content).map((c) => `"${c}" text`).join(', ')})`);
      const copyStarted = performance.now();
      await copyIn(copyClient, 'COPY bench_copy_scratch FROM STDIN WITH (FORMAT csv, HEADER true)', content);
      const copyMs = performance.now() - copyStarted;
      const { rows } = await copyClient.query<{ n: string }>('SELECT count(*) AS n FROM bench_copy_scratch');
      if (Number(rows[0].n) !== imported.rows) throw new Error(`COPY loaded ${rows[0].n} rows, the import file has ${imported.rows}`);
      const floorMs = await writeFloorMs(copyClient, year);
      imports.push({ ms: imported.ms, rows: imported.rows, bytes: imported.bytes, copyMs, floorMs });
      log(`  ${year}: ${imported.rows} rows imported in ${(imported.ms / 1000).toFixed(2)} s; COPY ${copyMs.toFixed(0)} ms; bare writes ${floorMs.toFixed(0)} ms`);
    }
    await copyClient.query('DROP TABLE IF EXISTS bench_copy_scratch');
    const importMs = median(imports.map((i) => i.ms));
    const copyMs = median(imports.map((i) => i.copyMs));
    const rows = imports[0].rows;

    const results: Results = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      settings: { runs: RUNS, loadSeconds: LOAD_SECONDS, connections: CONNECTIONS, reportRuns: REPORT_RUNS, world: WORLD },
      generation,
      live,
      history,
      published,
      throughput,
      reports,
      import: {
        rows,
        bytes: imports[0].bytes,
        seconds: round2(importMs / 1000),
        rowsPerSecond: Math.round(rows / (importMs / 1000)),
        copySeconds: round2(copyMs / 1000),
        copyRowsPerSecond: Math.round(rows / (copyMs / 1000)),
        writeFloorSeconds: round2(median(imports.map((i) => i.floorMs)) / 1000),
        runs: imports.map((i) => round2(i.ms / 1000)),
      },
      artifacts,
      statements,
      totalSeconds: 0,
    };
    results.totalSeconds = Math.round((performance.now() - started) / 1000);
    const output = process.env.BENCH_OUTPUT ?? 'bench/results.json';
    await writeFile(output, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write('\n' + printTable(results) + '\n');
    log(`results written to ${output}`);
  } finally {
    for (const client of clients) await client.end().catch(() => undefined);
    for (const worker of workers) await worker.stop().catch(() => undefined);
    if (process.env.BENCH_KEEP !== '1') {
      for (const name of ['bench_import', 'bench_small', 'bench_world']) await dropDatabase(server.url, name).catch(() => undefined);
    }
    await server.stop();
    if (process.env.BENCH_KEEP !== '1') await rm(WORK_DIR, { recursive: true, force: true });
  }
}

/** The same scorecards through the HTTP API and through the bare SQL aggregate on pg: medians and ratio. */
async function apiVsSql(port: number, pg: Client, path: string, token: string | undefined, params: ScorecardParams): Promise<Results['live']> {
  const [api, sql] = await interleaved(
    RUNS,
    () => getJson<ScorecardJson[]>(port, path, token),
    () => pg.query(SCORECARDS_SQL, params),
  );
  const fromSql = new Map(sql.last.rows.map((r: Record<string, unknown>) => [`${r.cycle_year}|${r.framework_code}|${r.state_iso3}`, r]));
  const same =
    api.last.length === sql.last.rows.length &&
    api.last.every((card) => {
      const row = fromSql.get(`${card.cycleYear}|${card.framework}|${card.stateIso3}`);
      return row !== undefined && numberOrNull(row.verified_index) === card.verifiedIndex && numberOrNull(row.stated_index) === card.statedIndex;
    });
  return { path, scorecards: api.last.length, apiMs: round1(api.ms), sqlMs: round1(sql.ms), ratio: round2(api.ms / sql.ms), sameNumbers: same, apiRuns: api.runs, sqlRuns: sql.runs };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

async function countStatements(worker: WorkerProcess, port: number, path: string, token?: string): Promise<number> {
  await worker.call('countStart');
  const response = await httpGet(port, path, token);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`);
  return worker.call<number>('countStop');
}

async function createGroup(url: string, code: string, members: string[]): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`INSERT INTO state_group (code, name, kind) VALUES ($1, 'Benchmark: 20 EU members', 'custom')`, [code]);
    await client.query('INSERT INTO group_membership (group_code, state_iso3) SELECT $1, unnest($2::text[])', [code, members]);
  });
}

async function reportStates(pg: Client, year: number, group: string | undefined): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(
    `SELECT count(DISTINCT ss.state_iso3) AS n FROM scorecard_snapshot ss
     WHERE ss.cycle_year = $1 AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM group_membership m WHERE m.group_code = $2 AND m.state_iso3 = ss.state_iso3))`,
    [year, group ?? null],
  );
  return Number(rows[0].n);
}

async function worldSizes(pg: Client): Promise<Record<string, number>> {
  const { rows } = await pg.query<Record<string, string>>(`
    SELECT (SELECT count(*) FROM cycle) AS cycles,
           (SELECT count(DISTINCT state_iso3) FROM assessment) AS states,
           (SELECT count(*) FROM assessment) AS assessments,
           (SELECT count(*) FROM evidence) AS evidence,
           (SELECT count(*) FROM evidence_link) AS evidence_links,
           (SELECT count(*) FROM audit_entry) AS audit_entries,
           (SELECT count(*) FROM scorecard_snapshot) AS snapshot_scorecards,
           (SELECT pg_database_size(current_database())) AS database_bytes`);
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
}

/** What nest-cli.json's "assets" does for `nest build`: files beside the compiled code that the app reads (views, …). */
async function copyAssets(): Promise<void> {
  await cp('src', join(__dirname, '..', 'src'), { recursive: true, filter: (source) => !source.endsWith('.ts') });
}

function importHeader(content: Buffer): string[] {
  return content.subarray(0, content.indexOf(10)).toString('utf8').split(',');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { createHash } from 'node:crypto';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { get, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DemoService } from '../../src/demo/demo.service';
import { ReportTempFiles } from '../../src/reports/output/report-temp-files';
import { renderHtml } from '../../src/reports/render/html';
import { ReportBuilder } from '../../src/reports/report-builder.service';
import { ReportsService } from '../../src/reports/reports.service';
import { ReportModel } from '../../src/reports/report-model';
import { StatePagesLoader } from '../../src/reports/state-pages.loader';
import { binary } from '../helpers/binary';
import { pdfPages } from '../helpers/pdf-pages';
import { publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// Reports are rendered a state page at a time (HTML and PDF in a worker thread) into a temporary file that is
// hashed as it is written; the response streams that file, and the file goes once the response is over.
const YEAR = 2098;
const SMALL = 'STREAM2';
const LARGER = 'STREAM10';


// Rendering a PDF takes seconds, many more on a busy machine: a generous per-test limit, never a timing assertion.
jest.setTimeout(180_000);
describe('Reports streamed from a temporary file', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let tempDir: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    dataSource = app.get(DataSource);
    tempDir = app.get(ReportTempFiles).dir;
    const eu: string[] = (
      await dataSource.query(`SELECT state_iso3 FROM group_membership WHERE group_code = 'EU' ORDER BY state_iso3 LIMIT 10`)
    ).map((r: { state_iso3: string }) => r.state_iso3);
    await app.get(DemoService).seed({ year: YEAR, publish: false, states: eu, linksPerAssessment: 3 });
    // The groups exist before publication: a published cycle knows the groups it was published with only.
    for (const [code, members] of [[SMALL, eu.slice(0, 2)], [LARGER, eu]] as const) {
      await dataSource.query(`INSERT INTO state_group (code, name, kind) VALUES ($1, $1, 'custom')`, [code]);
      await dataSource.query('INSERT INTO group_membership (group_code, state_iso3) SELECT $1, unnest($2::text[])', [code, members]);
    }
    await publishCycle(app, YEAR);
  }, 120_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await app.close();
  });

  /** Temporary reports go once the response is over, which may be a moment after the client has it all. */
  async function expectNoTemporaryFiles(): Promise<void> {
    for (let i = 0; i < 100 && (await readdir(tempDir)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readdir(tempDir)).toEqual([]);
  }

  it('sends the Content-Length and X-Content-SHA256 of exactly the body in every format, and keeps no file', async () => {
    const paths = [
      `report.html?group=${LARGER}`,
      `report.pdf?group=${LARGER}&framework=GGE`,
      `report.xlsx?group=${LARGER}`,
      `export.csv?group=${LARGER}&dataset=evidence`,
      `export.json?group=${LARGER}`,
    ];
    for (const path of paths) {
      const response = await http().get(`/api/cycles/${YEAR}/${path}`).buffer(true).parse(binary).expect(200);
      const body = response.body as Buffer;
      expect(body.length).toBeGreaterThan(1000);
      expect(Number(response.headers['content-length'])).toBe(body.length);
      expect(response.headers['x-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
      expect(response.headers['x-recorded-sha256']).toBe(response.headers['x-content-sha256']);
    }
    await expectNoTemporaryFiles();
  });

  it('renders in the worker thread exactly the HTML the renderer writes in process', async () => {
    const response = await http().get(`/api/cycles/${YEAR}/report.html?group=${LARGER}`).expect(200);
    const model = await app.get(ReportBuilder).build({ year: YEAR, group: LARGER }, undefined);
    const pieces: Buffer[] = [];
    await renderHtml(model, { write: (chunk) => void pieces.push(Buffer.from(chunk)), drain: async () => undefined });
    expect(response.text).toBe(Buffer.concat(pieces).toString('utf8'));
    expect(response.text).toContain(`id="GGE-${model.frameworks[0].stateRows[9].scorecard.stateIso3}"`);
  });

  it('numbers every PDF page but the cover once, in order ("Page n of N"), and gives the same bytes again', async () => {
    const first = await http().get(`/api/cycles/${YEAR}/report.pdf?group=${LARGER}`).buffer(true).parse(binary).expect(200);
    const { pageCount, pages } = await pdfPages(first.body as Buffer);
    expect(pageCount).toBeGreaterThan(1 + 10);
    expect(pages[0]).not.toMatch(/Page \d+ of/);
    pages.slice(1).forEach((text, i) => {
      expect(text.match(/Page \d+ of \d+/g)).toEqual([`Page ${i + 2} of ${pageCount}`]);
      expect(text).toContain('SYNTHETIC DATA');
    });
    const second = await http().get(`/api/cycles/${YEAR}/report.pdf?group=${LARGER}`).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(first.body as Buffer, second.body as Buffer)).toBe(0);
    expect(second.headers['x-recorded-sha256']).toBe(first.headers['x-content-sha256']);
  }, 180_000);

  it('sends as many SQL statements for 10 states as for 2, in every format', async () => {
    /** Statements sent while answering one request, counted where TypeORM sends them. */
    const statements = async (path: string): Promise<number> => {
      const spy = jest.spyOn(dataSource.logger, 'logQuery');
      try {
        await http().get(path).buffer(true).parse(binary).expect(200);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    for (const path of ['report.html?', 'report.pdf?framework=OSCE&', 'report.xlsx?', 'export.csv?dataset=assessments&', 'export.json?']) {
      const small = await statements(`/api/cycles/${YEAR}/${path}group=${SMALL}`);
      const larger = await statements(`/api/cycles/${YEAR}/${path}group=${LARGER}`);
      expect({ path, statements: larger }).toEqual({ path, statements: small });
    }
  });

  it('removes the file when the client goes away before the download ends', async () => {
    const server: Server = app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get({ host: '127.0.0.1', port, path: `/api/cycles/${YEAR}/report.html?group=${LARGER}` }, resolve).on('error', reject),
    );
    expect(response.statusCode).toBe(200);
    // The report is complete (its hash is in the headers) and is being sent from its file.
    expect(await readdir(tempDir)).toHaveLength(1);
    response.pause();
    response.destroy();
    await expectNoTemporaryFiles();
  });

  it('removes the file and answers a generic 500 when loading the pages fails midway', async () => {
    const load = StatePagesLoader.prototype.pages;
    jest.spyOn(StatePagesLoader.prototype, 'pages').mockImplementation(async function* (this: StatePagesLoader, input) {
      let count = 0;
      for await (const page of load.call(this, input)) {
        if (++count === 3) throw new Error('connection to the database lost');
        yield page;
      }
    });
    for (const format of ['html', 'pdf']) {
      const response = await http().get(`/api/cycles/${YEAR}/report.${format}?group=${LARGER}`).expect(500);
      expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' });
    }
    const csv = await http().get(`/api/cycles/${YEAR}/export.csv?group=${LARGER}&dataset=evidence`).expect(500);
    expect(JSON.stringify(csv.body)).not.toContain('database');
    await expectNoTemporaryFiles();
  });

  it('removes the file and answers a generic 500 when the renderer fails in its worker', async () => {
    const build = ReportBuilder.prototype.build;
    jest.spyOn(ReportBuilder.prototype, 'build').mockImplementation(async function (this: ReportBuilder, ...args) {
      const model: ReportModel = await build.apply(this, args);
      // The overview's heatmap needs the commitments: the worker's renderer throws on it.
      return { ...model, frameworks: model.frameworks.map((s) => ({ ...s, framework: { ...s.framework, commitments: undefined as never } })) };
    });
    await http().get(`/api/cycles/${YEAR}/report.pdf?group=${SMALL}`).expect(500);
    await http().get(`/api/cycles/${YEAR}/report.html?group=${SMALL}`).expect(500);
    await expectNoTemporaryFiles();
  });

  it('stops a drawing in progress when the application closes, so no render thread outlives it', async () => {
    const closing = await createTestApp();
    const drawing = closing.get(ReportsService).render({ year: YEAR, group: LARGER }, 'pdf', undefined);
    const failed = expect(drawing).rejects.toThrow(/shutting down/);
    // The worker has begun once its file exists (the model is built first, from the database).
    for (let i = 0; i < 2000 && (await readdir(tempDir)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await readdir(tempDir)).length).toBe(1);
    await closing.close();
    await failed;
    await expectNoTemporaryFiles();
  });

  it('clears at start what a process that died left behind, but not files that may be another instance’s', async () => {
    const stale = join(tempDir, 'left-by-a-crash.part');
    const young = join(tempDir, 'being-written.part');
    await writeFile(stale, 'partial');
    await writeFile(young, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    expect(await app.get(ReportTempFiles).removeStale()).toBe(1);
    expect(await readdir(tempDir)).toEqual(['being-written.part']);
    await app.get(ReportTempFiles).removeStale(Date.now() + 2 * 3600_000);
    await expectNoTemporaryFiles();
  });
});

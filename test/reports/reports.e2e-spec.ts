import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DemoService } from '../../src/demo/demo.service';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { binary } from '../helpers/binary';
import { pdfPages } from '../helpers/pdf-pages';
import { createTestApp, resetDatabase } from '../helpers/test-app';


// Rendering a PDF takes seconds, many more on a busy machine: a generous per-test limit, never a timing assertion.
jest.setTimeout(180_000);
describe('Annual report and open data', () => {
  let app: INestApplication;
  let eu: Array<{ iso3: string; name: string }>;
  let scorecards: Array<{ stateIso3: string; stateName: string; verifiedIndex: number | null; statedIndex: number | null; rank: number | null }>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    eu = await app.get(DataSource).query(
      `SELECT s.iso3, s.name FROM group_membership m JOIN state s ON s.iso3 = m.state_iso3 WHERE m.group_code = 'EU' ORDER BY s.name`,
    );
    await app.get(DemoService).seed({ year: 2099, publish: true, states: eu.map((s) => s.iso3) });
    scorecards = (await http().get('/api/cycles/2099/scorecards?framework=GGE&group=EU').expect(200)).body;
  }, 120_000);
  afterAll(async () => {
    await app.close();
  });

  it('has a scorecard for every EU state to compare with', () => {
    expect(scorecards).toHaveLength(27);
    expect(scorecards.filter((s) => s.verifiedIndex !== null).length).toBeGreaterThan(20);
  });

  it('renders one self-contained HTML file with every state and the numbers of the scorecard API', async () => {
    const response = await http().get('/api/cycles/2099/report.html?framework=GGE&group=EU').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.text;
    expect(html).toContain('Synthetic demonstration data');
    expect(html).not.toMatch(/<script|<link|src="http/);
    for (const state of eu) expect(html).toContain(`id="GGE-${state.iso3}"`);
    for (const s of scorecards) {
      const row = new RegExp(`<th scope="row">${escapeRegExp(s.stateName)} \\(${s.stateIso3}\\)</th>\\s*<td class="num">${s.verifiedIndex === null ? '–' : s.verifiedIndex.toFixed(1)}</td>`);
      expect(html).toMatch(row);
    }
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2 + 27 * 2);
    expect(html).toContain('Annex');
    expect(html).toContain('States should not knowingly allow their territory');
  });

  it('splits the evidence columns by judgement, as the scorecard and the assessments API count them (13(b) no longer shows 1 beside the evidence rule)', async () => {
    const html = (await http().get('/api/cycles/2099/report.html?state=FRA&framework=GGE').expect(200)).text;
    const detail = (await http().get('/api/cycles/2099/states/FRA/scorecard?framework=GGE').expect(200)).body;
    let capped = 0;
    for (const c of detail.contributions as Array<{ commitment: string; supportingEvidence: number; contradictingEvidence: number; evidenceRuleApplied: boolean }>) {
      const row = new RegExp(`<tr><th scope="row">${escapeRegExp(c.commitment)}</th>[\\s\\S]*?</tr>`).exec(html)![0];
      const numbers = [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
      const one = await http().get(`/api/cycles/2099/states/FRA/assessments/${encodeURIComponent(`GGE:${c.commitment}`)}`);
      const counts: { pending: number; rejected: number } = one.status === 200 ? one.body.evidence : { pending: 0, rejected: 0 };
      expect({ commitment: c.commitment, evidence: numbers.slice(3, 7) }).toEqual({
        commitment: c.commitment,
        evidence: [String(c.supportingEvidence), String(c.contradictingEvidence), String(counts.pending), String(counts.rejected)],
      });
      if (c.evidenceRuleApplied) {
        capped++;
        expect(numbers[3]).toBe('0');
      }
    }
    expect(capped).toBeGreaterThan(0);
  });

  it('renders a PDF that parses, with a page per state', async () => {
    const response = await http().get('/api/cycles/2099/report.pdf?framework=GGE&group=EU').buffer(true).parse(binary).expect(200);
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pageCount, pages } = await pdfPages(pdf);
    // Cover, overview, heatmap, ranking (one or two pages), 27 state pages, annex.
    expect(pageCount).toBeGreaterThanOrEqual(1 + 1 + 1 + 1 + 27 + 1);
    expect(pages).toHaveLength(pageCount);
    for (const state of eu) expect(pages.some((p: string) => p.includes(`${state.name}: GGE norms`))).toBe(true);
    const france = scorecards.find((s) => s.stateIso3 === 'FRA')!;
    const francePage = pages.find((p: string) => p.includes('France: GGE norms'))!;
    expect(francePage).toContain(france.verifiedIndex === null ? '–' : france.verifiedIndex.toFixed(1));
    expect(pages[0]).toContain('Synthetic demonstration data');
  });

  it('writes non-Latin text into the PDF with an embedded font, where the standard fonts printed "?"', async () => {
    const admin = await createUser(app, 'admin');
    const title = 'Цикл 2031 · Κύκλος · Übersicht';
    await http().post('/api/cycles').set(bearer(admin)).send({ year: 2031, title }).expect(201);
    const response = await http().get('/api/cycles/2031/report.pdf?framework=GGE&group=EU').set(bearer(admin)).buffer(true).parse(binary).expect(200);
    const { pages } = await pdfPages(response.body as Buffer);
    expect(pages[0]).toContain(title);
    expect((response.body as Buffer).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
  });

  it('renders an XLSX that opens with its sheets, the scorecard numbers and the formatting a reader needs', async () => {
    const response = await http().get('/api/cycles/2099/report.xlsx?framework=GGE&group=EU').buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['scorecards', 'assessments', 'evidence', 'categories', 'methodology', 'columns']);
    const sheet = workbook.getWorksheet('scorecards')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['cycle_year', 'methodology_version', 'framework', 'framework_version', 'state_iso3', 'state_name']);
    expect(sheet.rowCount).toBe(28);
    const verifiedColumn = header.indexOf('verified_index') + 1;
    const isoColumn = header.indexOf('state_iso3') + 1;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const api = scorecards.find((s) => s.stateIso3 === row.getCell(isoColumn).value)!;
      expect(row.getCell(verifiedColumn).value ?? null).toEqual(api.verifiedIndex);
    }
    expect(workbook.getWorksheet('assessments')!.rowCount).toBeGreaterThan(27 * 5);

    // A reader's workbook: one decimal shown (full precision kept), filters, frozen header, widths, real dates, names beside codes.
    expect(sheet.getColumn(verifiedColumn).numFmt).toBe('0.0');
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(header.indexOf('state_name') + 1).width).toBeGreaterThanOrEqual(12);
    const assessments = workbook.getWorksheet('assessments')!;
    const assessmentHeader = (assessments.getRow(1).values as unknown[]).slice(1);
    expect(assessmentHeader.indexOf('state_name')).toBe(assessmentHeader.indexOf('state_iso3') + 1);
    expect(assessmentHeader.indexOf('commitment_label')).toBe(assessmentHeader.indexOf('commitment') + 1);
    const evidence = workbook.getWorksheet('evidence')!;
    const evidenceHeader = (evidence.getRow(1).values as unknown[]).slice(1);
    expect(evidence.getRow(2).getCell(evidenceHeader.indexOf('published_on') + 1).value).toBeInstanceOf(Date);
    const described = workbook.getWorksheet('columns')!;
    const describedColumns = new Set<string>();
    described.eachRow((row, n) => {
      if (n > 1) {
        expect(String(row.getCell(3).value ?? '')).not.toBe('');
        describedColumns.add(`${row.getCell(1).value}.${row.getCell(2).value}`);
      }
    });
    for (const name of ['scorecards', 'assessments', 'evidence', 'categories']) {
      const cols = ((workbook.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1) as string[]);
      for (const c of cols) expect(describedColumns).toContain(`${name}.${c}`);
    }
    // Category sub-indices, equal to the API's.
    const categories = workbook.getWorksheet('categories')!;
    const catHeader = (categories.getRow(1).values as unknown[]).slice(1);
    expect(categories.rowCount - 1).toBe(27 * 3);
    const france = (await http().get('/api/cycles/2099/states/FRA/scorecard?framework=GGE&group=EU').expect(200)).body;
    categories.eachRow((row, n) => {
      if (n === 1 || row.getCell(catHeader.indexOf('state_iso3') + 1).value !== 'FRA') return;
      const api = france.categories.find((c: { code: string }) => c.code === row.getCell(catHeader.indexOf('category') + 1).value);
      expect(row.getCell(catHeader.indexOf('verified_index') + 1).value ?? null).toEqual(api.verifiedIndex);
    });
  });

  it('exports open data as CSV and JSON with stable columns and the methodology version in every row', async () => {
    const csv = await http().get('/api/cycles/2099/export.csv?framework=GGE&group=EU').expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'cycle_year,methodology_version,framework,framework_version,state_iso3,state_name,applicable_count,stated_count,stated_index,verified_index,credibility_gap,completeness,evidence_coverage,contradictions,tier,rank,rank_group,ranked_count,percentile,trend,previous_cycle_year,data_source,has_data',
    );
    expect(lines).toHaveLength(28);
    expect(lines.slice(1).every((line) => line.startsWith('2099,2026.1,GGE,'))).toBe(true);
    const evidence = await http().get('/api/cycles/2099/export.csv?dataset=evidence&framework=GGE&group=EU').expect(200);
    expect(evidence.text.split('\r\n')[0]).toBe(
      'cycle_year,methodology_version,state_iso3,framework,commitment,title,kind,publisher,published_on,url,file_sha256,stance,judgement,state_name,commitment_label',
    );
    const json = await http().get('/api/cycles/2099/export.json?group=EU').expect(200);
    expect(json.body).toMatchObject({ cycle: 2099, synthetic: true, methodologyVersion: '2026.1' });
    expect(json.body.scorecards.length).toBeGreaterThanOrEqual(27);
    expect(json.body.assessments.every((a: { methodology_version: string }) => a.methodology_version === '2026.1')).toBe(true);
    await http().get('/api/cycles/2099/export.csv?dataset=secrets').expect(400);
  });

  it('gives the same bytes again for a published cycle, and a download adds nothing to the recorded list', async () => {
    for (const format of ['html', 'pdf', 'xlsx']) {
      const first = await http().get(`/api/cycles/2099/report.${format}?group=EU&framework=GGE`).buffer(true).parse(binary).expect(200);
      const second = await http().get(`/api/cycles/2099/report.${format}?group=EU&framework=GGE`).buffer(true).parse(binary).expect(200);
      expect(second.headers['x-content-sha256']).toBe(first.headers['x-content-sha256']);
      expect(second.headers['x-recorded-sha256']).toBe(first.headers['x-content-sha256']);
      expect(Buffer.compare(first.body as Buffer, second.body as Buffer)).toBe(0);
    }
    // Only what publication stored is listed (here no job runs); a group's report is rendered from frozen data.
    const recorded = await http().get('/api/cycles/2099/reports').expect(200);
    expect(recorded.body).toEqual([]);
    await http().get('/api/cycles/2031/reports').expect(404);
  });

  it("makes a one-state report, and keeps unpublished reports to staff and the state's own officials", async () => {
    const one = await http().get('/api/cycles/2099/report.html?state=FRA').expect(200);
    expect(one.text).toContain('id="GGE-FRA"');
    expect(one.text).not.toContain('id="GGE-DEU"');

    const admin: TestUser = await createUser(app, 'admin');
    await http().post('/api/cycles').set(bearer(admin)).send({ year: 2100 }).expect(201);
    const france = await createUser(app, 'state_official', { states: ['FRA'] });
    const viewer = await createUser(app, 'viewer');
    await http().get('/api/cycles/2100/report.html').set(bearer(viewer)).expect(404);
    await http().get('/api/cycles/2100/report.html').set(bearer(france)).expect(403);
    await http().get('/api/cycles/2100/report.html?state=DEU').set(bearer(france)).expect(403);
    const own = await http().get('/api/cycles/2100/report.html?state=FRA').set(bearer(france)).expect(200);
    expect(own.text).toContain('Draft: this cycle is not published');
    expect(own.headers['x-recorded-sha256']).toBeUndefined();
    await http().get('/api/cycles/2099/report.html?group=NOPE').expect(404);
    await http().get('/api/cycles/2099/report.html?framework=XYZ').expect(404);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

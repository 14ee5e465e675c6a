import { INestApplication } from '@nestjs/common';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DemoService } from '../../src/demo/demo.service';
import { binary } from '../helpers/binary';
import { layoutProblems, pdfLayout, PdfLayout } from '../helpers/pdf-layout';
import { createTestApp, resetDatabase } from '../helpers/test-app';

interface Card {
  stateIso3: string;
  stateName: string;
  hasData: boolean;
  verifiedIndex: number | null;
  statedIndex: number | null;
  credibilityGap: number | null;
  rank: number | null;
}

const text = (layout: PdfLayout, page: number) => layout.pages[page - 1].words.map((w) => w.text).join(' ');


// Rendering a PDF takes seconds, many more on a busy machine: a generous per-test limit, never a timing assertion.
jest.setTimeout(180_000);
describe('Annual report PDF layout, read back from its word boxes', () => {
  let app: INestApplication;
  let cards: Card[];
  let layout: PdfLayout;
  const http = () => request(app.getHttpServer());
  // Latin, Greek and Cyrillic names, and states with data in one cycle only (trend, gaps in charts).
  const STATES = ['AUT', 'CYP', 'EST', 'FRA', 'GRC', 'LVA', 'RUS', 'UKR', 'EGY', 'DEU'];

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    await app.get(DemoService).seed({ year: 2095, publish: true, states: STATES.slice(0, 6) });
    await app.get(DemoService).seed({ year: 2096, publish: true, states: STATES });
    cards = (await http().get('/api/cycles/2096/scorecards?framework=GGE').expect(200)).body;
    const pdf = await http().get('/api/cycles/2096/report.pdf?framework=GGE').buffer(true).parse(binary).expect(200);
    layout = await pdfLayout(pdf.body as Buffer);
  }, 180_000);
  afterAll(async () => {
    await app.close();
  });

  it('finds overlapping text, text off the page, a nearly empty page and a missing outline in a PDF that has them', async () => {
    const compiler = NodeCompiler.create({ workspace: '/' });
    const bad = compiler.pdf({
      mainFileContent: `#set page(width: 300pt, height: 300pt)
Body text on the first line.
#place(top + left, dx: 0pt, dy: 0pt)[Body text drawn over it.]
#place(top + left, dx: 280pt, dy: 40pt)[Runs off the page]
#pagebreak()
Alone.
#pagebreak()
The last page may be short.`,
    });
    const problems = layoutProblems(await pdfLayout(bad));
    expect(problems).toEqual(
      expect.arrayContaining([
        'the PDF has no outline (bookmarks)',
        expect.stringMatching(/^page 1: ".*" overlaps ".*"$/),
        'page 1: "Runs off the page" lies outside the page',
        'page 2 is nearly empty (1 lines)',
      ]),
    );
    expect(problems.some((p) => p.startsWith('page 3'))).toBe(false);
  });

  it('has no overlapping text, nothing off the page, no nearly empty page, and an outline with every profile', async () => {
    expect(layoutProblems(layout)).toEqual([]);
    const profiles = layout.outline.find((o) => o.title === 'Profiles: GGE norms');
    expect(profiles?.children).toEqual(cards.filter((c) => c.hasData).map((c) => `${c.stateName}: GGE norms`).sort((a, b) => a.localeCompare(b, 'en')));
    expect(layout.outline.map((o) => o.title)).toEqual(expect.arrayContaining(['Executive summary', 'Annex A: states with no data', 'Methodology', 'Data provenance']));
    expect(layout.info).toMatchObject({ Title: 'Implementation of cyber norms and confidence-building measures', Author: 'Cyber Norms Tracker' });
    const last = layout.pages.length;
    expect(text(layout, 2)).toContain(`Page 2 of ${last}`);
  });

  it('gives a profile only to states with data, and lists the others in the annex', async () => {
    const withData = cards.filter((c) => c.hasData);
    expect(withData.map((c) => c.stateIso3).sort()).toEqual([...STATES].sort());
    const headings = layout.pages.flatMap((p) => p.words.filter((w) => w.text.endsWith(': GGE norms') && !w.text.startsWith('Profiles')).map((w) => w.text));
    expect(headings.sort()).toEqual(withData.map((c) => `${c.stateName}: GGE norms`).sort());
    const annex = layout.pages.map((p) => text(layout, p.number)).find((t) => t.startsWith('Annex A: states with no data'))!;
    expect(annex).toContain(`${cards.length - withData.length} states:`);
    expect(annex).toContain('Brazil');
  });

  it('prints the numbers of the scorecard API on each profile and in the ranking', async () => {
    for (const card of cards.filter((c) => c.hasData)) {
      const page = layout.pages.find((p) => p.words.some((w) => w.text === `${card.stateName}: GGE norms`))!;
      const words = page.words.map((w) => w.text);
      const after = (label: string) => words[words.indexOf(label) - 1];
      expect({ state: card.stateIso3, verified: after('Verified index'), stated: after('Stated index'), gap: after('Credibility gap') }).toEqual({
        state: card.stateIso3,
        verified: card.verifiedIndex!.toFixed(1),
        stated: card.statedIndex!.toFixed(1),
        gap: card.credibilityGap!.toFixed(1),
      });
      const ranking = layout.pages.find((p) => text(layout, p.number).includes('Ranking Dense rank'))!;
      const row = ranking.words.find((w) => w.text === `${card.stateName} (${card.stateIso3})`)!;
      const cells = ranking.words.filter((w) => Math.abs(w.y - row.y) < 1).sort((a, b) => a.x - b.x).map((w) => w.text);
      expect(cells.slice(0, 4)).toEqual([String(card.rank), `${card.stateName} (${card.stateIso3})`, card.verifiedIndex!.toFixed(1), card.statedIndex!.toFixed(1)]);
    }
  });

  it('keeps a one-state report short: no padding pages', async () => {
    const pdf = await http().get('/api/cycles/2096/report.pdf?state=EST&framework=GGE').buffer(true).parse(binary).expect(200);
    const one = await pdfLayout(pdf.body as Buffer);
    expect(layoutProblems(one)).toEqual([]);
    expect(one.pages.map((p) => text(one, p.number)).join(' ')).toContain('Estonia: GGE norms');
  });

  it('has no state page for a state with no data in the API, whose indices are null', async () => {
    const brazil = cards.find((c) => c.stateIso3 === 'BRA')!;
    expect(brazil).toMatchObject({ hasData: false, verifiedIndex: null, rank: null });
    const csv = await http().get('/api/cycles/2096/export.csv?framework=GGE').expect(200);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    const columns = header.split(',');
    const row = rows.find((r) => r.includes(',BRA,'))!.split(',');
    expect(row[columns.indexOf('has_data')]).toBe('false');
    expect(row[columns.indexOf('verified_index')]).toBe('');
    expect(row[columns.indexOf('tier')]).toBe('');
    const ids: Array<{ count: number }> = await app.get(DataSource).query(
      `SELECT count(*)::int AS count FROM scorecard_snapshot WHERE cycle_year = 2096 AND NOT has_data AND (verified_index IS NOT NULL OR tier IS NOT NULL)`,
    );
    expect(ids[0].count).toBe(0);
  });
});

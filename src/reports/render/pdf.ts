import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { ReportSink } from '../output/report-sink';
import { fixed, FrameworkSection, publicationLines, ReportModel, reportTitle, StatePage, TIER_LABEL } from '../report-model';
import { BOLD_FONT, chartFont, forgetWordLayouts, registerReportFonts, TEXT_FONT } from './pdf-fonts';
import { numberPages } from './pdf-page-numbers';
import { heatmapOf, subIndicesOf, tiersOf, trendOf } from './report-charts';

type Doc = InstanceType<typeof PDFDocument>;
const MARGIN = 48;
const HEATMAP_STATES_PER_PAGE = 45;

/**
 * The report as PDF, drawn with PDFKit in plain Node (no browser). Charts are the same SVG as in the HTML,
 * drawn as vectors. Dates inside the file come from the data, so a published cycle gives the same bytes.
 * Pages are not buffered: PDFKit writes each one out when the next begins, and the renderer waits for the
 * sink after every state page, so memory does not grow with the number of states.
 */
export async function renderPdf(model: ReportModel, sink: ReportSink): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: reportTitle(model), Author: model.provenance.generator, CreationDate: model.dataAsOf, ModDate: model.dataAsOf },
  });
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.on('data', (chunk: Uint8Array) => sink.write(chunk));
  registerReportFonts(doc);
  const pages = numberPages(
    doc,
    (page) => t(`${model.provenance.generator} · cycle ${model.cycle.year}${model.cycle.synthetic ? ' · SYNTHETIC DATA' : ''} · Page ${page}`),
    MARGIN,
  );
  cover(doc, model);
  for (const section of model.frameworks) overview(doc, section, model);
  for (const section of model.frameworks) {
    for await (const page of section.pages()) {
      statePage(doc, section, page);
      forgetWordLayouts(doc);
      await sink.drain();
    }
  }
  annex(doc, model);
  pages.finish();
  doc.end();
  await ended;
  await sink.drain();
}

/** Text as the PDF draws it: control characters (other than line breaks) dropped; the embedded font does the rest. */
function t(value: unknown): string {
  return String(value ?? '').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

function heading(doc: Doc, text: string, size = 16): void {
  doc.font(BOLD_FONT).fontSize(size).fillColor('#045a8d').text(t(text));
  doc.moveDown(0.4).font(TEXT_FONT).fontSize(10).fillColor('#1a1a1a');
}

function cover(doc: Doc, model: ReportModel): void {
  doc.font(BOLD_FONT).fontSize(22).fillColor('#1a1a1a').text(t(reportTitle(model)));
  doc.moveDown();
  if (model.cycle.synthetic) banner(doc, 'Synthetic demonstration data. These numbers are not findings about any real state.');
  if (model.cycle.status !== 'published') banner(doc, 'Draft: this cycle is not published; its numbers can still change.');
  doc.font(TEXT_FONT).fontSize(11).fillColor('#1a1a1a');
  doc.text(t(`Cycle ${model.cycle.year}, status ${model.cycle.status}, methodology ${model.methodology.version}.`));
  doc.text(t(`Data as of ${model.dataAsOf.toISOString()}.`));
  doc.moveDown();
  const m = model.methodology;
  doc.text(
    t(
      `Each commitment is assessed from 0 to 4 (${m.levels.map((l) => `${l.level} ${l.label}`).join(', ')}). The stated index averages what ` +
        `states say; the verified index what reviewers conclude, where a reviewed level above ${m.evidenceThreshold} counts only with accepted ` +
        `supporting evidence. The credibility gap is their difference. Tiers by verified index: Advanced >= ${m.tierThresholds.advanced}, ` +
        `Established >= ${m.tierThresholds.established}, Developing >= ${m.tierThresholds.developing}, Initial >= ${m.tierThresholds.initial}, otherwise Minimal.`,
    ),
  );
}

function banner(doc: Doc, text: string): void {
  const y = doc.y;
  doc.rect(MARGIN, y, doc.page.width - 2 * MARGIN, 30).fillAndStroke('#fff4e5', '#b35806');
  doc.fillColor('#1a1a1a').font(BOLD_FONT).fontSize(10).text(t(text), MARGIN + 8, y + 10, { width: doc.page.width - 2 * MARGIN - 16 });
  doc.y = y + 40;
  doc.x = MARGIN;
}

function overview(doc: Doc, section: FrameworkSection, model: ReportModel): void {
  doc.addPage();
  const fw = section.framework;
  heading(doc, `${fw.title} (${fw.code} ${fw.version})`);
  const withData = section.scorecards.filter((s) => s.hasData).length;
  doc.text(t(`Coverage: ${withData} of ${section.scorecards.length} states${model.scope.group ? ` in ${model.scope.group}` : ''} have data.`));
  const tiers = tiersOf(section);
  if (tiers) chart(doc, tiers, 480);
  if (section.statistics.length) {
    table(
      doc,
      ['Group', 'States with data', 'Mean verified', 'Median', 'Min', 'Max'],
      section.statistics.map((s) => [s.group, `${s.statesWithData}/${s.stateCount}`, fixed(s.verifiedIndex.mean), fixed(s.verifiedIndex.median), fixed(s.verifiedIndex.min), fixed(s.verifiedIndex.max)]),
      [90, 90, 80, 70, 60, 60],
    );
  }
  // The heatmap in slices, so every row stays legible.
  for (let start = 0; start < section.stateRows.length; start += HEATMAP_STATES_PER_PAGE) {
    doc.addPage();
    heading(doc, `Heatmap, states ${start + 1} to ${Math.min(start + HEATMAP_STATES_PER_PAGE, section.stateRows.length)}`, 13);
    chart(doc, heatmapOf(section, section.stateRows.slice(start, start + HEATMAP_STATES_PER_PAGE)), doc.page.width - 2 * MARGIN);
  }
  doc.addPage();
  heading(doc, 'Ranking', 13);
  table(
    doc,
    ['Rank', 'State', 'Verified', 'Stated', 'Gap', 'Complete %', 'Evidence %', 'Contra.', 'Tier'],
    section.scorecards.map((s) => [
      String(s.rank ?? '–'),
      `${s.stateName} (${s.stateIso3})`,
      fixed(s.verifiedIndex),
      fixed(s.statedIndex),
      fixed(s.credibilityGap),
      fixed(s.completeness),
      fixed(s.evidenceCoverage),
      String(s.contradictions),
      TIER_LABEL(s.tier),
    ]),
    [34, 140, 46, 44, 38, 52, 52, 38, 62],
  );
}

function statePage(doc: Doc, section: FrameworkSection, page: StatePage): void {
  doc.addPage();
  const s = page.scorecard;
  heading(doc, `${s.stateName}: ${section.framework.shortTitle}`);
  table(
    doc,
    ['Verified', 'Stated', 'Gap', 'Completeness', 'Evidence coverage', 'Contradictions', 'Trend', 'Tier', 'Rank'],
    [[
      fixed(s.verifiedIndex),
      fixed(s.statedIndex),
      fixed(s.credibilityGap),
      `${fixed(s.completeness)}%`,
      `${fixed(s.evidenceCoverage)}%`,
      String(s.contradictions),
      s.trend === null ? 'none' : fixed(s.trend),
      TIER_LABEL(s.tier),
      `${s.rank ?? '–'}/${s.rankedCount ?? '–'}`,
    ]],
    [52, 50, 44, 66, 60, 62, 48, 58, 50],
  );
  const y = doc.y;
  SVGtoPDF(doc, subIndicesOf(section, page), MARGIN, y, { width: 240, height: 115, assumePt: true, fontCallback: chartFont });
  SVGtoPDF(doc, trendOf(section, page), MARGIN + 255, y, { width: 240, height: 125, assumePt: true, fontCallback: chartFont });
  doc.y = y + 135;
  doc.x = MARGIN;
  table(
    doc,
    ['Code', 'Commitment', 'Stated', 'Reviewed', 'Counted', 'Evidence', 'Contra.'],
    page.contributions.map((c) => {
      const counts = page.evidenceCounts[c.commitment] ?? { total: 0, contradictions: 0 };
      const level = (v: number | null) => (c.notApplicable ? 'n/a' : v === null ? '–' : String(v));
      return [c.commitment, c.label, level(c.statedLevel), level(c.reviewedLevel), level(c.countedLevel), String(counts.total), String(counts.contradictions)];
    }),
    [44, 215, 46, 52, 48, 52, 42],
  );
  if (page.citations.length > 0) {
    heading(doc, 'Accepted evidence', 11);
    doc.fontSize(8);
    for (const c of page.citations) {
      doc.text(t(`[${c.commitment}${c.stance === 'contradicts' ? ', contradicts' : ''}] ${c.title}${c.publisher ? `, ${c.publisher}` : ''}${c.publishedOn ? `, ${c.publishedOn}` : ''}${c.url ? `, ${c.url}` : ''}`));
    }
    doc.fontSize(10);
  }
}

function annex(doc: Doc, model: ReportModel): void {
  doc.addPage();
  heading(doc, 'Annex');
  for (const { framework } of model.frameworks) {
    heading(doc, `${framework.title} (${framework.version})`, 12);
    doc.fontSize(8).fillColor('#555').text(t(framework.source)).fillColor('#1a1a1a').moveDown(0.3);
    for (const c of framework.commitments) {
      doc.font(BOLD_FONT).text(t(`${c.code} ${c.label}`), { continued: false });
      doc.font(TEXT_FONT).text(t(`${c.text}${c.textKind === 'substance' ? ' (summary, not official text)' : ''}`)).moveDown(0.3);
    }
    doc.fontSize(10);
  }
  const m = model.methodology;
  heading(doc, `Methodology ${m.version}`, 12);
  table(doc, ['Level', 'Label', 'Score'], m.levels.map((l) => [String(l.level), l.label, String(l.score)]), [50, 200, 60]);
  doc.text(t(`Evidence rule threshold: ${m.evidenceThreshold}. Weights: ${m.weights.length ? m.weights.map((w) => `${w.framework} ${w.commitment}: ${w.weight}`).join('; ') : 'every commitment weighs 1'}.`));
  heading(doc, 'Data provenance', 12);
  doc.text(t(`Cycle ${model.cycle.year} (${model.cycle.status}), data as of ${model.dataAsOf.toISOString()}.`));
  for (const line of publicationLines(model)) doc.text(t(line));
  doc.fontSize(8);
  for (const f of model.provenance.catalogueFiles) doc.text(t(`${f.path}  SHA-256 ${f.sha256}`));
  doc.fontSize(10);
}

function chart(doc: Doc, svg: string, width: number): void {
  const match = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const [w, h] = match ? [Number(match[1]), Number(match[2])] : [width, width / 2];
  const scale = Math.min(width / w, (doc.page.height - doc.y - MARGIN) / h, 1);
  SVGtoPDF(doc, svg, MARGIN, doc.y, { width: w * scale, height: h * scale, assumePt: true, fontCallback: chartFont });
  doc.y += h * scale + 10;
  doc.x = MARGIN;
}

/** A simple table that continues on the next page, repeating its header. */
function table(doc: Doc, header: string[], rows: string[][], widths: number[]): void {
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? BOLD_FONT : TEXT_FONT).fontSize(8);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(t(cell), { width: widths[i] - 6 }))) + 6;
    if (doc.y + height > doc.page.height - MARGIN - 20) {
      doc.addPage();
      if (!bold) drawRow(header, true);
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      if (bold) doc.rect(x, y, widths[i], height).fill('#eef3f8').fillColor('#1a1a1a');
      doc.rect(x, y, widths[i], height).strokeColor('#c8c8c8').lineWidth(0.5).stroke();
      doc.fillColor('#1a1a1a').text(t(cell), x + 3, y + 3, { width: widths[i] - 6 });
      x += widths[i];
    });
    doc.y = y + height;
    doc.x = MARGIN;
  };
  drawRow(header, true);
  for (const row of rows) drawRow(row, false);
  doc.font(TEXT_FONT).fontSize(10).moveDown(0.5);
}

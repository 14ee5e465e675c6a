import { readFileSync } from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { ReportSink } from '../output/report-sink';
import { ReportModel } from '../report-model';
import { ChartFile, reportData } from './typst/report-data';
import { REPORT_TEMPLATE } from './typst/report-template';

/**
 * DejaVu Sans, embedded (subset) so that every state's name prints: Latin, Greek, Cyrillic, Armenian,
 * Georgian, Hebrew and Arabic (shaped, right to left). Not Chinese, Japanese or Korean: those show as empty
 * boxes; the HTML report and the open data keep every character. Typst sees no system font at all, so the
 * output does not depend on the machine.
 */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

let compiler: NodeCompiler | undefined;

/** One compiler per thread: loading the fonts is the slow part of starting one. */
function typst(): NodeCompiler {
  compiler ??= NodeCompiler.create({
    workspace: '/',
    fontArgs: [{ fontBlobs: FONT_FILES.map((file) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))) }],
  });
  return compiler;
}

/**
 * The report as PDF, laid out by Typst from the template (typst/report-template.ts) and the report's data.
 * The document date is the data's (publication time), never the clock, so a published cycle gives the same
 * bytes every time. Typst writes a tagged PDF with the outline (bookmarks) from the headings.
 */
export async function renderPdf(model: ReportModel, sink: ReportSink): Promise<void> {
  const charts: ChartFile[] = [];
  const data = await reportData(model, charts);
  const pdf = compilePdf(JSON.stringify(data), charts, Math.floor(model.dataAsOf.getTime() / 1000));
  sink.write(pdf);
  await sink.drain();
}

export function compilePdf(json: string, charts: ChartFile[], timestamp: number, tagged = true): Buffer {
  const engine = typst();
  engine.resetShadow();
  engine.mapShadow('/data.json', Buffer.from(json));
  for (const chart of charts) engine.mapShadow(chart.path, Buffer.from(chart.svg));
  try {
    const compiled = engine.compile({ mainFileContent: REPORT_TEMPLATE });
    const document = compiled.result;
    if (!document) {
      const error = compiled.takeError();
      throw new Error(`The PDF layout failed: ${JSON.stringify(error ? engine.fetchDiagnostics(error) : 'no diagnostics')}`);
    }
    return engine.pdf(document, { creationTimestamp: timestamp, pdfTags: tagged });
  } finally {
    engine.resetShadow();
    // Typst memoises layouts for the next compilation; a report is compiled once, so keep nothing.
    engine.evictCache(0);
  }
}

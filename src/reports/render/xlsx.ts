import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { COLUMNS, Dataset, Row } from '../open-data';
import { formulaSafe } from '../formula-safe';
import { ReportModel } from '../report-model';

/**
 * The report's data as a workbook: scorecards, assessments, evidence (the open-data columns) and the
 * methodology. Zip entry dates are pinned to the data date so a published cycle gives the same bytes.
 */
export async function renderXlsx(model: ReportModel, datasets: Record<Dataset, Row[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = model.provenance.generator;
  workbook.created = model.dataAsOf;
  workbook.modified = model.dataAsOf;
  for (const dataset of ['scorecards', 'assessments', 'evidence'] as const) {
    const sheet = workbook.addWorksheet(dataset);
    sheet.addRow([...COLUMNS[dataset]]);
    for (const row of datasets[dataset]) sheet.addRow(COLUMNS[dataset].map((c) => formulaSafe(row[c] ?? null)));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const m = model.methodology;
  const sheet = workbook.addWorksheet('methodology');
  sheet.addRow(['version', m.version]);
  sheet.addRow(['cycle', model.cycle.year]);
  sheet.addRow(['synthetic data', model.cycle.synthetic ? 'yes: not findings about real states' : 'no']);
  sheet.addRow(['data as of', model.dataAsOf.toISOString()]);
  sheet.addRow(['evidence threshold', m.evidenceThreshold]);
  sheet.addRow(['tier Advanced from', m.tierThresholds.advanced]);
  sheet.addRow(['tier Established from', m.tierThresholds.established]);
  sheet.addRow(['tier Developing from', m.tierThresholds.developing]);
  sheet.addRow(['tier Initial from', m.tierThresholds.initial]);
  sheet.addRow([]);
  sheet.addRow(['level', 'label', 'score']);
  for (const level of m.levels) sheet.addRow([level.level, level.label, level.score]);
  sheet.addRow([]);
  sheet.addRow(['framework', 'commitment', 'weight']);
  for (const weight of m.weights) sheet.addRow([weight.framework, weight.commitment, weight.weight]);
  return pinZipDates(Buffer.from(await workbook.xlsx.writeBuffer()), model.dataAsOf);
}

/** Rewrites the zip with fixed entry dates (ExcelJS stamps the current time on every entry). */
async function pinZipDates(content: Buffer, date: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(content);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async('nodebuffer'), { date, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

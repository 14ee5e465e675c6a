import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { formulaSafe } from '../formula-safe';
import { COLUMNS, Dataset, DATASETS, Row } from '../open-data';
import { COLUMN_DESCRIPTIONS } from '../open-data-columns';
import { ReportModel } from '../report-model';

/** Shown with one decimal; the cell keeps full precision. */
const ONE_DECIMAL = new Set(['stated_index', 'verified_index', 'credibility_gap', 'completeness', 'evidence_coverage', 'percentile', 'trend']);
const DATES = new Set(['published_on']);
/** In the workbook a name sits beside its code (the CSV keeps added columns at the end). */
const BESIDE: Record<string, string> = { state_name: 'state_iso3', commitment_label: 'commitment' };

/**
 * The report's data as a workbook a reader can use: one sheet per open-data set (headers frozen, filters,
 * widths, one decimal shown, real dates, names beside codes), the methodology, and a sheet describing every
 * column. Zip entry dates are pinned to the data date so a published cycle gives the same bytes.
 */
export async function renderXlsx(model: ReportModel, datasets: Record<Dataset, Row[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = model.provenance.generator;
  workbook.created = model.dataAsOf;
  workbook.modified = model.dataAsOf;
  for (const dataset of DATASETS) dataSheet(workbook, dataset, datasets[dataset]);
  methodologySheet(workbook, model);
  const columns = workbook.addWorksheet('columns');
  columns.addRow(['sheet', 'column', 'meaning']);
  for (const dataset of DATASETS) for (const column of sheetColumns(dataset)) columns.addRow([dataset, column, describe(dataset, column)]);
  finish(columns, [14, 30, 100]);
  return pinZipDates(Buffer.from(await workbook.xlsx.writeBuffer()), model.dataAsOf);
}

function sheetColumns(dataset: Dataset): string[] {
  const columns: string[] = COLUMNS[dataset].filter((c) => !(BESIDE[c] && (COLUMNS[dataset] as readonly string[]).includes(BESIDE[c])));
  for (const [name, code] of Object.entries(BESIDE)) {
    const at = columns.indexOf(code);
    if (at >= 0 && (COLUMNS[dataset] as readonly string[]).includes(name) && !columns.includes(name)) columns.splice(at + 1, 0, name);
  }
  return columns;
}

function dataSheet(workbook: ExcelJS.Workbook, dataset: Dataset, rows: Row[]): void {
  const sheet = workbook.addWorksheet(dataset);
  const columns = sheetColumns(dataset);
  sheet.addRow(columns);
  for (const row of rows) {
    sheet.addRow(columns.map((c) => {
      const value = row[c] ?? null;
      // Text that a spreadsheet would run as a formula is neutralised (formula-safe.ts); dates become real dates.
      return DATES.has(c) && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : formulaSafe(value);
    }));
  }
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    if (ONE_DECIMAL.has(c)) column.numFmt = '0.0';
    if (DATES.has(c)) column.numFmt = 'yyyy-mm-dd';
  });
  finish(sheet, columns.map((c) => widthOf(c, rows)));
}

/** Wide enough for the header and the first rows' values, within reason. */
function widthOf(column: string, rows: Row[]): number {
  if (ONE_DECIMAL.has(column)) return Math.max(column.length + 2, 8);
  if (DATES.has(column)) return 12;
  const longest = rows.slice(0, 200).reduce((max, row) => Math.max(max, String(row[column] ?? '').length), 0);
  return Math.min(Math.max(column.length + 2, longest + 1, 6), 60);
}

function finish(sheet: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(sheet.rowCount, 1), column: widths.length } };
}

function methodologySheet(workbook: ExcelJS.Workbook, model: ReportModel): void {
  const m = model.methodology;
  const sheet = workbook.addWorksheet('methodology');
  sheet.addRow(['version', m.version]);
  sheet.addRow(['cycle', model.cycle.year]);
  sheet.addRow(['synthetic data', model.cycle.synthetic ? 'yes: not findings about real states' : 'no']);
  sheet.addRow(['data as of', model.dataAsOf]);
  sheet.getCell('B4').numFmt = 'yyyy-mm-dd hh:mm';
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
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 40;
  sheet.getColumn(3).width = 10;
}

function describe(dataset: Dataset, column: string): string {
  return (COLUMN_DESCRIPTIONS[dataset] as Record<string, string>)[column] ?? '';
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

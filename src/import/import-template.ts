import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from './import-columns';

const EXAMPLE = {
  cycle_year: '2026',
  state_iso3: 'FRA',
  framework: 'GGE',
  commitment: '13(g)',
  stated_level: '3',
  source: 'un_submission',
  source_reference: 'A/79/… national contribution',
  evidence_url: 'https://example.org/national-strategy',
  evidence_title: 'National cybersecurity strategy',
  evidence_kind: 'strategy',
  evidence_stance: 'supports',
} as Record<string, string>;

/** The CSV template: header plus one example row. */
export function csvTemplate(): string {
  const header = IMPORT_COLUMNS.map((c) => c.name).join(',');
  const example = IMPORT_COLUMNS.map((c) => csvCell(EXAMPLE[c.name] ?? '')).join(',');
  return `${header}\n${example}\n`;
}

/** The XLSX template: the same columns on an "assessments" sheet, and a "columns" sheet explaining each. */
export async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Cyber Norms Tracker';
  const sheet = workbook.addWorksheet('assessments');
  sheet.addRow(IMPORT_COLUMNS.map((c) => c.name));
  sheet.addRow(IMPORT_COLUMNS.map((c) => EXAMPLE[c.name] ?? ''));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = workbook.addWorksheet('columns');
  help.addRow(['column', 'required', 'meaning']);
  for (const column of IMPORT_COLUMNS) help.addRow([column.name, column.required ? 'yes' : '', column.help]);
  help.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

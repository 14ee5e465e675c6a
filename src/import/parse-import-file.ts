import ExcelJS from 'exceljs';
import { ApiError } from '../common/errors/api-error';
import { CsvSyntaxError, parseCsv } from './csv';
import { IMPORT_COLUMNS, ImportColumn, RawRow } from './import-columns';

export interface ParsedFile {
  format: 'csv' | 'xlsx';
  /** Data rows with their row number as a spreadsheet shows it (the header is row 1). */
  rows: Array<{ line: number; values: RawRow }>;
}

const KNOWN = new Set<string>(IMPORT_COLUMNS.map((c) => c.name));

/** Reads a CSV (UTF-8, comma or semicolon) or XLSX file, recognised from its content. */
export async function parseImportFile(content: Buffer): Promise<ParsedFile> {
  const isZip = content.length > 4 && content.readUInt32LE(0) === 0x04034b50;
  const table = isZip ? await readXlsx(content) : readCsv(content);
  const [header, ...data] = table;
  if (!header) throw ApiError.badRequest('EMPTY_FILE', 'The file has no header row');
  const names = header.map((cell) => cell.trim().toLowerCase());
  const unknown = names.filter((name) => name && !KNOWN.has(name));
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !names.includes(c.name)).map((c) => c.name);
  if (unknown.length > 0 || missing.length > 0) {
    throw ApiError.badRequest(
      'BAD_HEADER',
      [missing.length ? `missing column(s): ${missing.join(', ')}` : '', unknown.length ? `unknown column(s): ${unknown.join(', ')}` : '']
        .filter(Boolean)
        .join('; ') + ' (download the template from /api/import/template.csv)',
    );
  }
  const rows: ParsedFile['rows'] = [];
  data.forEach((cells, index) => {
    const values: Record<string, string> = {};
    let filled = false;
    for (let i = 0; i < names.length; i++) {
      const value = cells[i]?.trim();
      if (names[i] && value) {
        values[names[i]] = value;
        filled = true;
      }
    }
    if (filled) rows.push({ line: index + 2, values: values as RawRow });
  });
  return { format: isZip ? 'xlsx' : 'csv', rows };
}

function readCsv(content: Buffer): string[][] {
  const text = content.toString('utf8');
  if (text.includes('\u0000')) throw ApiError.badRequest('BAD_FILE', 'The file is neither UTF-8 CSV nor XLSX');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parseCsv(text, delimiter);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw ApiError.badRequest('BAD_CSV', `The CSV cannot be read: ${error.message}`);
    throw error;
  }
}

async function readXlsx(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw ApiError.badRequest('BAD_XLSX', 'The XLSX file cannot be read');
  }
  const sheet = workbook.getWorksheet('assessments') ?? workbook.worksheets[0];
  if (!sheet) throw ApiError.badRequest('BAD_XLSX', 'The workbook has no sheet');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    table[rowNumber - 1] = cells;
  });
  return Array.from(table, (row) => row ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('hyperlink' in value) return String(value.hyperlink);
    return '';
  }
  return String(value);
}

export type { ImportColumn };

import { Cell } from './open-data';

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that begins with = + - @, a tab or a
 * carriage return would run as a formula when a reader opens the CSV or XLSX file in a spreadsheet. Such
 * text gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers; JSON stays raw.
 */
export function formulaSafe(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

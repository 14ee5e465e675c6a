import { tierClass } from './tier-colours';
import type Handlebars from 'handlebars';

/** Level names of the methodology (docs/METHODOLOGY.md); the numbers are what the API stores. */
export const LEVEL_LABELS = ['Not implemented', 'Initial', 'Partial', 'Substantial', 'Full'];

export const LABELS: Record<string, string> = {
  not_started: 'Not started',
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  accepted: 'Accepted',
  changes_requested: 'Changes requested',
  open: 'Open',
  published: 'Published',
  pending: 'Pending',
  rejected: 'Rejected',
  supports: 'Supports the claim',
  contradicts: 'Contradicts the claim',
  self_assessment: 'Self-assessment',
  un_submission: 'Submission to the UN',
  osce_cbm_report: 'OSCE CBM report',
  public_statement: 'Public statement',
  other: 'Other',
  legislation: 'Legislation',
  strategy: 'Strategy',
  official_statement: 'Official statement',
  report_to_un_or_osce: 'Report to the UN or OSCE',
  third_party_report: 'Third-party report',
  media: 'Media',
  incident_attribution: 'Incident attribution',
  state_official: 'State official',
  reviewer: 'Reviewer',
  admin: 'Administrator',
  viewer: 'Viewer',
};

export function label(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  const key = String(value);
  return LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function levelLabel(level: unknown): string {
  if (level === null || level === undefined || level === '') return 'No information';
  const n = Number(level);
  return Number.isInteger(n) && LEVEL_LABELS[n] ? `${n} – ${LEVEL_LABELS[n]}` : String(level);
}

/** One decimal, as the methodology rounds for display; a dash for no value. */
export function fixed(value: unknown, digits = 1): string {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return '–';
  return Number(value).toFixed(digits);
}

export function signed(value: unknown): string {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  const n = Number(value);
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(1)}`;
}

export function dateTime(value: unknown): string {
  if (!value) return '–';
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? '–' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function registerHelpers(handlebars: typeof Handlebars): void {
  // The last argument of every helper is Handlebars' options object; strip it.
  const args = (values: unknown[]) => values.slice(0, -1);
  handlebars.registerHelper({
    eq: (a: unknown, b: unknown) => String(a) === String(b),
    ne: (a: unknown, b: unknown) => String(a) !== String(b),
    and: (...values: unknown[]) => args(values).every(Boolean),
    or: (...values: unknown[]) => args(values).some(Boolean),
    not: (value: unknown) => !value,
    humanize: label,
    levelLabel,
    fixed: (value: unknown, digits: unknown) => fixed(value, typeof digits === 'number' ? digits : 1),
    signed,
    dateTime,
    /** Messages of a field in an errors map, or undefined. */
    errorsFor: (errors: Record<string, string[]> | undefined, field: string) => errors?.[field],
    /** id of the error message of a field, for aria-describedby. */
    errorId: (field: string) => `${String(field).replace(/[^A-Za-z0-9_-]/g, '-')}-error`,
    concat: (...values: unknown[]) => args(values).map(String).join(''),
    join: (values: unknown, separator: unknown) => (Array.isArray(values) ? values.join(typeof separator === 'string' ? separator : ', ') : ''),
    tierClass: (tier: unknown, hasData: unknown) => tierClass(tier as string | null, hasData !== false),
    plural: (count: unknown, one: string, many: string) => (Number(count) === 1 ? one : many),
  });
}

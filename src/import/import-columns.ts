/**
 * The import file format: one row per assessment, or per assessment and evidence item when it has several
 * (repeat the assessment columns, or leave them blank on the extra rows). Column names are stable: they
 * are documented in the template and README, and the open-data exports use the same names.
 */
export const IMPORT_COLUMNS = [
  { name: 'cycle_year', required: true, help: 'Reporting cycle, e.g. 2026' },
  { name: 'state_iso3', required: true, help: 'ISO 3166-1 alpha-3 code, e.g. FRA' },
  { name: 'framework', required: true, help: 'Framework code: GGE, OSCE or OAS' },
  { name: 'commitment', required: true, help: 'Commitment code within the framework, e.g. 13(f) or 8' },
  { name: 'stated_level', required: false, help: '0-4 as the state states it; empty for no information' },
  { name: 'not_applicable', required: false, help: 'yes/no; yes needs a justification and no levels' },
  { name: 'not_applicable_justification', required: false, help: 'Why the commitment does not apply' },
  { name: 'narrative', required: false, help: "The state's own account" },
  { name: 'source', required: false, help: 'un_submission, osce_cbm_report, public_statement or other (required with a stated level)' },
  { name: 'source_reference', required: false, help: 'Document symbol, URL or date of the statement' },
  { name: 'reviewed_level', required: false, help: "0-4, the reviewer's conclusion" },
  { name: 'review_rationale', required: false, help: 'Required with a reviewed level' },
  { name: 'evidence_url', required: false, help: 'http(s) URL of an evidence item (the same URL is one item)' },
  { name: 'evidence_title', required: false, help: 'Required with an evidence URL' },
  { name: 'evidence_kind', required: false, help: 'legislation, strategy, official_statement, report_to_un_or_osce, third_party_report, media, incident_attribution or other' },
  { name: 'evidence_publisher', required: false, help: 'Who published it' },
  { name: 'evidence_published_on', required: false, help: 'YYYY-MM-DD' },
  { name: 'evidence_language', required: false, help: 'Language tag, e.g. en' },
  { name: 'evidence_public', required: false, help: 'yes (default): public once the cycle is published and the evidence accepted; no: private to reviewers and admins' },
  { name: 'evidence_stance', required: false, help: 'supports (default) or contradicts' },
  { name: 'evidence_judgement', required: false, help: 'pending (default), accepted or rejected' },
  { name: 'evidence_rejection_reason', required: false, help: 'Required when rejected' },
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['name'];
export type RawRow = Partial<Record<ImportColumn, string>>;

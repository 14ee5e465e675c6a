import { ReportArtifactDto } from '../../reports/dto/report.dto';
import { scopeKeyOf } from '../../publication/artifact-set';
import { DATASETS } from '../../reports/open-data';

export interface DownloadItem {
  label: string;
  href: string;
  format: string;
  sizeBytes: number | null;
  sha256: string | null;
}

const DATASET_LABELS: Record<string, string> = { scorecards: 'Scorecards', assessments: 'Assessments', evidence: 'Evidence' };

/**
 * Every report and dataset of a published cycle, for the whole cycle and for each framework, with the size and
 * SHA-256 of the file stored at publication where there is one (looked up by the publication's scope keys).
 */
export function downloadList(year: number, frameworks: string[], artifacts: ReportArtifactDto[]): Array<{ scope: string; items: DownloadItem[] }> {
  // The latest publication version's file of each scope and format (older versions stay listed by the API).
  const known = new Map<string, ReportArtifactDto>();
  for (const a of artifacts) known.set(`${a.scope}|${a.format}`, a);
  const item = (label: string, path: string, query: string, key: string, format: string): DownloadItem => {
    const artifact = known.get(`${key}|${format}`);
    return { label, href: `/api/cycles/${year}/${path}${query ? `?${query}` : ''}`, format: format.toUpperCase(), sizeBytes: artifact ? Number(artifact.sizeBytes) : null, sha256: artifact?.sha256 ?? null };
  };
  const scopes: Array<{ scope: string; query: string; key: string }> = [
    { scope: 'Whole cycle', query: '', key: scopeKeyOf({}) },
    ...frameworks.map((f) => ({ scope: f, query: `framework=${encodeURIComponent(f)}`, key: scopeKeyOf({ framework: f }) })),
  ];
  return scopes.map(({ scope, query, key }) => {
    const join = (extra: string) => [query, extra].filter(Boolean).join('&');
    const withDataset = (d: string) => scopeKeyOf({ framework: key === 'all' ? undefined : key.slice('framework='.length) }, d);
    return {
      scope,
      items: [
        item('Report (HTML)', 'report.html', query, key, 'html'),
        item('Report (PDF)', 'report.pdf', query, key, 'pdf'),
        item('Report data (XLSX)', 'report.xlsx', query, key, 'xlsx'),
        item('All open data (JSON)', 'export.json', query, key, 'json'),
        ...DATASETS.map((d) => item(`${DATASET_LABELS[d] ?? d} (CSV)`, 'export.csv', join(`dataset=${d}`), withDataset(d), 'csv')),
      ],
    };
  });
}

/** 1.2 MB, 340 kB: what a reader needs to decide whether to wait. */
export function humanSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} bytes`;
}

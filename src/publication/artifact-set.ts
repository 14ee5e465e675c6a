import { DATASETS, Dataset } from '../reports/open-data';

export type ArtifactFormat = 'html' | 'pdf' | 'xlsx' | 'csv' | 'json';

export interface ArtifactSpec {
  framework?: string;
  format: ArtifactFormat;
  dataset?: Dataset;
}

/**
 * What is rendered once and stored for each publication version: the whole-cycle report in every format and
 * every open-data file, for the whole cycle and for each of its frameworks.
 */
export function artifactSet(frameworks: string[]): ArtifactSpec[] {
  const perScope = (framework?: string): ArtifactSpec[] => [
    ...(['html', 'pdf', 'xlsx', 'json'] as const).map((format) => ({ framework, format })),
    ...DATASETS.map((dataset) => ({ framework, format: 'csv' as const, dataset })),
  ];
  return [...perScope(), ...frameworks.flatMap((framework) => perScope(framework))];
}

/** The key an artifact is stored and looked up under, e.g. "all", "framework=GGE", "framework=GGE;dataset=evidence". */
export function scopeKeyOf(scope: { framework?: string; group?: string; state?: string }, dataset?: string): string {
  const parts = [
    scope.framework && `framework=${scope.framework}`,
    scope.group && `group=${scope.group}`,
    scope.state && `state=${scope.state}`,
    dataset && `dataset=${dataset}`,
  ].filter(Boolean);
  return parts.length ? parts.join(';') : 'all';
}

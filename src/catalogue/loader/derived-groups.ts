import { StatesDocument } from './catalogue-documents';

const REGIONAL_GROUP_NAMES = {
  AFR: 'African Group',
  APG: 'Asia-Pacific Group',
  EEG: 'Eastern European Group',
  GRULAC: 'Latin American and Caribbean Group',
  WEOG: 'Western European and Others Group',
} as const;

export const DERIVED_GROUP_CODES = ['UN', ...Object.keys(REGIONAL_GROUP_NAMES)];

export interface DerivedGroup {
  code: string;
  name: string;
  kind: 'un' | 'un-regional';
  source: string;
  members: string[];
}

/** The UN membership group and the five UN regional groups, computed from states.yaml. */
export function deriveUnGroups(states: StatesDocument): DerivedGroup[] {
  const members = states.states.filter((state) => state.unStatus === 'member');
  const source = 'Derived from catalogue/states.yaml (unStatus and unRegionalGroup)';
  return [
    { code: 'UN', name: 'UN Member States', kind: 'un', source, members: members.map((s) => s.iso3) },
    ...Object.entries(REGIONAL_GROUP_NAMES).map(([code, name]) => ({
      code,
      name,
      kind: 'un-regional' as const,
      source,
      members: members.filter((s) => s.unRegionalGroup === code).map((s) => s.iso3),
    })),
  ];
}

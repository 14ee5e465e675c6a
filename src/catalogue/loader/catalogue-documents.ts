/** Shapes of the catalogue files, as validated by catalogue/schema/*.schema.json. */

export interface StatesDocument {
  states: Array<{
    iso3: string;
    iso2: string;
    numeric: string;
    name: string;
    unStatus: 'member' | 'observer' | 'non-member';
    unRegionalGroup?: 'AFR' | 'APG' | 'EEG' | 'GRULAC' | 'WEOG' | null;
  }>;
}

export interface GroupsDocument {
  groups: Array<{ code: string; name: string; kind: 'organisation' | 'custom'; source: string; members: string[] }>;
}

export interface FrameworkDocument {
  code: string;
  version: string;
  title: string;
  shortTitle?: string;
  source: string;
  applicabilityGroup: string;
  includesAddedEntities?: boolean;
  categories: Array<{ code: string; label: string; description: string }>;
  commitments: Array<{
    code: string;
    label: string;
    text: string;
    textKind: 'verbatim' | 'substance';
    category: string;
    source: { document: string; paragraph?: string };
    guidance?: Array<{ source: string; text: string }>;
    practicalActions?: Array<{ text: string; kind: 'national' | 'cooperative'; source: string }>;
  }>;
}

export interface CommitmentRef {
  framework: string;
  version: string;
  code: string;
}

export interface CrosswalkDocument {
  code: string;
  version: string;
  title: string;
  note?: string;
  links: Array<{ from: CommitmentRef; to: CommitmentRef; relation: 'equal' | 'subset' | 'superset' | 'related' }>;
}

/** A parsed file with its path relative to the catalogue folder and a hash of its content. */
export interface Parsed<T> {
  path: string;
  sha256: string;
  document: T;
}

export interface CatalogueSet {
  /** catalogue.yaml's version, and a hash over every file of the folder. */
  version: string;
  contentSha256: string;
  states: Parsed<StatesDocument>;
  groups: Parsed<GroupsDocument>;
  frameworks: Parsed<FrameworkDocument>[];
  crosswalks: Parsed<CrosswalkDocument>[];
}

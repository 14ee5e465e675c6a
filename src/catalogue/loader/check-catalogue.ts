import { DERIVED_GROUP_CODES } from './derived-groups';
import { CatalogueSet, CommitmentRef } from './catalogue-documents';
import { CatalogueError, CatalogueProblem } from './catalogue-error';

/** Cross-file rules that JSON Schema cannot express: unique keys and references that must resolve. */
export function checkCatalogue(set: CatalogueSet): void {
  const problems: CatalogueProblem[] = [];
  const stateCodes = checkStates(set, problems);
  const groupCodes = checkGroups(set, stateCodes, problems);
  const commitmentKeys = checkFrameworks(set, groupCodes, problems);
  checkCrosswalks(set, commitmentKeys, problems);
  if (problems.length > 0) throw new CatalogueError(problems);
}

function checkStates({ states }: CatalogueSet, problems: CatalogueProblem[]): Set<string> {
  const iso3 = new Set<string>();
  const iso2 = new Set<string>();
  states.document.states.forEach((state, index) => {
    const entry = `states[${index}] (${state.iso3})`;
    if (iso3.has(state.iso3)) problems.push({ file: states.path, entry, problem: `duplicate iso3 "${state.iso3}"` });
    if (iso2.has(state.iso2)) problems.push({ file: states.path, entry, problem: `duplicate iso2 "${state.iso2}"` });
    if ((state.unStatus === 'member') !== Boolean(state.unRegionalGroup)) {
      problems.push({ file: states.path, entry, problem: 'UN members, and only they, have a UN regional group' });
    }
    iso3.add(state.iso3);
    iso2.add(state.iso2);
  });
  return iso3;
}

function checkGroups({ groups }: CatalogueSet, states: Set<string>, problems: CatalogueProblem[]): Set<string> {
  const codes = new Set<string>(DERIVED_GROUP_CODES);
  groups.document.groups.forEach((group, index) => {
    const entry = `groups[${index}] (${group.code})`;
    if (codes.has(group.code)) problems.push({ file: groups.path, entry, problem: `duplicate group code "${group.code}"` });
    codes.add(group.code);
    for (const member of group.members) {
      if (!states.has(member)) problems.push({ file: groups.path, entry, problem: `unknown state "${member}"` });
    }
  });
  return codes;
}

function checkFrameworks({ frameworks }: CatalogueSet, groups: Set<string>, problems: CatalogueProblem[]): Set<string> {
  const versions = new Set<string>();
  const commitmentKeys = new Set<string>();
  for (const { path, document: framework } of frameworks) {
    const version = `${framework.code}@${framework.version}`;
    if (versions.has(version)) problems.push({ file: path, problem: `framework ${version} is defined in another file too` });
    versions.add(version);
    if (!groups.has(framework.applicabilityGroup)) {
      problems.push({ file: path, entry: 'applicabilityGroup', problem: `unknown group "${framework.applicabilityGroup}"` });
    }
    const categories = new Set<string>();
    framework.categories.forEach((category, index) => {
      if (categories.has(category.code)) {
        problems.push({ file: path, entry: `categories[${index}] (${category.code})`, problem: `duplicate category code "${category.code}"` });
      }
      categories.add(category.code);
    });
    const codes = new Set<string>();
    framework.commitments.forEach((commitment, index) => {
      const entry = `commitments[${index}] (${commitment.code})`;
      if (codes.has(commitment.code)) problems.push({ file: path, entry, problem: `duplicate commitment code "${commitment.code}"` });
      if (!categories.has(commitment.category)) problems.push({ file: path, entry, problem: `unknown category "${commitment.category}"` });
      codes.add(commitment.code);
      commitmentKeys.add(refKey({ framework: framework.code, version: framework.version, code: commitment.code }));
    });
  }
  return commitmentKeys;
}

function checkCrosswalks({ crosswalks }: CatalogueSet, commitments: Set<string>, problems: CatalogueProblem[]): void {
  const versions = new Set<string>();
  for (const { path, document: crosswalk } of crosswalks) {
    const version = `${crosswalk.code}@${crosswalk.version}`;
    if (versions.has(version)) problems.push({ file: path, problem: `crosswalk ${version} is defined in another file too` });
    versions.add(version);
    const links = new Set<string>();
    crosswalk.links.forEach((link, index) => {
      const entry = `links[${index}] (${refKey(link.from)} -> ${refKey(link.to)})`;
      for (const end of [link.from, link.to]) {
        if (!commitments.has(refKey(end))) problems.push({ file: path, entry, problem: `unknown commitment ${refKey(end)}` });
      }
      if (refKey(link.from) === refKey(link.to)) problems.push({ file: path, entry, problem: 'a commitment cannot link to itself' });
      const key = `${refKey(link.from)}|${refKey(link.to)}`;
      if (links.has(key)) problems.push({ file: path, entry, problem: 'duplicate link' });
      links.add(key);
    });
  }
}

export function refKey(ref: CommitmentRef): string {
  return `${ref.framework}@${ref.version}:${ref.code}`;
}

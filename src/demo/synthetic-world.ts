import { RawRow } from '../import/import-columns';

/** Small, fast, seeded PRNG (mulberry32): the same seed always gives the same world. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticTarget {
  iso3: string;
  framework: string;
  commitment: string;
  category: string;
}

export interface SyntheticOptions {
  year: number;
  seed: number;
  /** Average evidence links per assessment that has any information. */
  linksPerAssessment: number;
  /** Rows get this prefix in every free text, so synthetic data can never pass for real findings. */
  label: string;
}

const SOURCES = ['un_submission', 'osce_cbm_report', 'public_statement', 'other'];
const KINDS = ['legislation', 'strategy', 'official_statement', 'report_to_un_or_osce', 'third_party_report', 'media'];

/**
 * A plausible but entirely synthetic set of assessments in the import format: each state gets a stable
 * "capacity", stated levels scatter around it (states tend to claim more), reviewed levels sit at or below,
 * about 15% have no information and 3% are not applicable, and evidence is mostly supporting, sometimes
 * contradicting (restraint norms), mostly accepted.
 */
export function syntheticRows(targets: SyntheticTarget[], options: SyntheticOptions): RawRow[] {
  const capacity = new Map<string, number>();
  const stateRandom = prng(options.seed);
  for (const iso3 of [...new Set(targets.map((t) => t.iso3))].sort()) capacity.set(iso3, stateRandom());
  // Capacity grows a little every year, so trends are visible across cycles.
  const drift = (options.year % 100) / 100;
  const random = prng(options.seed * 7919 + options.year);
  const rows: RawRow[] = [];
  for (const target of targets) {
    const base = Math.min(1, capacity.get(target.iso3)! * 0.85 + drift * 0.3);
    const roll = random();
    const common: RawRow = {
      cycle_year: String(options.year),
      state_iso3: target.iso3,
      framework: target.framework,
      commitment: target.commitment,
    };
    if (roll < 0.15) continue; // no information
    if (roll < 0.18) {
      rows.push({
        ...common,
        not_applicable: 'yes',
        not_applicable_justification: `${options.label} Judged not applicable in this synthetic world`,
        source: pick(SOURCES, random),
      });
      continue;
    }
    const stated = clampLevel(Math.round(base * 4 + (random() - 0.3) * 1.6));
    const reviewed = random() < 0.8 ? clampLevel(stated - Math.round(random() * 1.6)) : undefined;
    const assessment: RawRow = {
      ...common,
      stated_level: String(stated),
      source: pick(SOURCES, random),
      source_reference: `${options.label} reference ${target.iso3}-${target.commitment}`,
      narrative: `${options.label} Narrative for ${target.framework} ${target.commitment}`,
      ...(reviewed === undefined ? {} : { reviewed_level: String(reviewed), review_rationale: `${options.label} Reviewed against the evidence` }),
    };
    const links = Math.max(0, Math.round(options.linksPerAssessment * 2 * random()));
    if (links === 0) rows.push(assessment);
    for (let i = 0; i < links; i++) {
      const contradicts = target.category === 'restraint' && random() < 0.12;
      const judgementRoll = random();
      const judgement = judgementRoll < 0.7 ? 'accepted' : judgementRoll < 0.85 ? 'pending' : 'rejected';
      rows.push({
        ...(i === 0 ? assessment : common),
        evidence_url: `https://example.org/synthetic/${target.iso3.toLowerCase()}/${target.framework.toLowerCase()}/${encodeURIComponent(target.commitment)}/${options.year}/${i}`,
        evidence_title: `${options.label} Evidence ${i + 1} for ${target.iso3} ${target.framework} ${target.commitment}`,
        evidence_kind: pick(KINDS, random),
        evidence_published_on: `${options.year - 1}-0${1 + (i % 9)}-15`,
        evidence_language: 'en',
        evidence_stance: contradicts ? 'contradicts' : 'supports',
        evidence_judgement: judgement,
        ...(judgement === 'rejected' ? { evidence_rejection_reason: `${options.label} Does not show implementation` } : {}),
      });
    }
  }
  return rows;
}

function clampLevel(level: number): number {
  return Math.max(0, Math.min(4, level));
}

function pick<T>(values: T[], random: () => number): T {
  return values[Math.floor(random() * values.length)];
}

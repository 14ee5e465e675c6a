import { esc } from '../../reports/render/escape';
import { ContributionDto, ScorecardDto } from '../../scoring/dto/scorecard.dto';

/** The id of a commitment's row on a state profile, e.g. GGE-13a: what heatmap cells and comparisons link to. */
export function commitmentAnchor(framework: string, code: string): string {
  return `${framework}-${code}`.replace(/[^A-Za-z0-9-]/g, '');
}

export function profileHref(year: number, iso3: string): string {
  return `/results/${year}/states/${iso3}`;
}

/**
 * States × commitments as an HTML table (the text is the data: each cell prints its level and links to that
 * commitment on the state's profile). Built as one string: 194 states × 16 commitments is too many cells for
 * a template per request. Values are escaped here.
 */
export function heatmapTable(
  year: number,
  framework: string,
  scorecards: ScorecardDto[],
  contributions: Map<string, ContributionDto[]>,
  commitments: Array<{ code: string; label: string }>,
  levels: 'verified' | 'stated',
): string {
  const states = [...scorecards].sort((a, b) => a.stateName.localeCompare(b.stateName, 'en'));
  const head = commitments.map((c) => `<th scope="col" class="lv"><span title="${esc(c.label)}">${esc(c.code)}</span></th>`).join('');
  const rows = states.map((state) => {
    const byCode = new Map((contributions.get(state.stateIso3) ?? []).map((c) => [c.commitment, c]));
    const href = profileHref(year, state.stateIso3);
    const cells = commitments.map((c) => {
      const [css, text] = cell(byCode.get(c.code), levels);
      // No title per cell: the row and column headers name it, and 3,000 titles would double the page.
      return `<td class="lv ${css}"><a href="${href}#${commitmentAnchor(framework, c.code)}">${text}</a></td>`;
    });
    const tier = state.hasData && state.tier ? esc(state.tier) : 'No data';
    return `<tr><th scope="row"><a href="${href}">${esc(state.stateName)}</a></th>${cells.join('')}<td>${tier}</td></tr>`;
  });
  return (
    `<table class="heatmap"><caption>${esc(framework)}: ${levels} level (0–4) of each state on each commitment; each cell leads to the state’s account of that commitment</caption>` +
    `<thead><tr><th scope="col">State</th>${head}<th scope="col">Tier</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function cell(contribution: ContributionDto | undefined, levels: 'verified' | 'stated'): [string, string] {
  if (!contribution || contribution.noInformation) return ['lvnone', '–'];
  if (contribution.notApplicable) return ['lvna', 'NA'];
  const level = levels === 'stated' ? contribution.statedLevel : (contribution.countedLevel ?? 0);
  return level === null ? ['lvnone', '–'] : [`lv${level}`, String(level)];
}

import { esc } from '../../reports/render/escape';
import { tierClass } from '../render/tier-colours';
import { MAP_HEIGHT, MAP_WIDTH, worldShapes } from './world-shapes';

export interface MapState {
  iso3: string;
  numericCode: string | null;
  name: string;
  href: string;
  tier: string | null;
  hasData: boolean;
  verifiedIndex: number | null;
}

/**
 * The verified index of each state as a world map, drawn on the server (no script). States are links to their
 * profiles for pointer users; the map is hidden from assistive technology and the keyboard because the table
 * printed with it holds the same states, values and links. Countries outside the scope stay white.
 */
export function worldMapSvg(states: MapState[], label: string): { svg: string; missing: MapState[] } {
  const { paths, dots } = worldShapes();
  const drawn = new Set<string>();
  const shapes: string[] = [];
  const points: string[] = [];
  const missing: MapState[] = [];
  for (const state of states) {
    const code = state.numericCode ?? '';
    const title = `<title>${esc(`${state.name}: ${state.hasData && state.verifiedIndex !== null ? `${state.verifiedIndex.toFixed(1)}, ${state.tier}` : 'no data'}`)}</title>`;
    const link = (shape: string) => `<a href="${esc(state.href)}" tabindex="-1" data-iso3="${state.iso3}">${title}${shape}</a>`;
    const css = tierClass(state.tier, state.hasData);
    if (paths.has(code)) shapes.push(link(`<path class="${css}" d="${paths.get(code)}"/>`));
    else if (dots.has(code)) points.push(link(`<circle class="${css}" cx="${dots.get(code)![0].toFixed(1)}" cy="${dots.get(code)![1].toFixed(1)}" r="3.5"/>`));
    else missing.push(state);
    drawn.add(code);
  }
  const rest = [...paths].filter(([code]) => !drawn.has(code)).map(([, d]) => `<path class="tier-outside" d="${d}"/>`);
  const svg =
    `<svg class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" aria-hidden="true" focusable="false" data-label="${esc(label)}">` +
    '<defs><pattern id="map-no-data" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" fill="#eeeeee"/><rect width="2" height="6" fill="#b5b5b5"/></pattern></defs>' +
    `<g>${rest.join('')}</g><g>${shapes.join('')}</g><g>${points.join('')}</g></svg>`;
  return { svg, missing };
}

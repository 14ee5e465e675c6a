import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { EQUAL_EARTH_X_MAX, EQUAL_EARTH_Y_MAX, project } from './equal-earth';

// Natural Earth boundaries (npm world-atlas, public domain) projected once per process into SVG paths, keyed by
// the ISO 3166-1 numeric code that the catalogue's states carry. The 1:110m file draws the shapes; states too
// small for it (Malta, Singapore, most island states) get a dot at their centre from the 1:50m file.

export const MAP_WIDTH = 1000;
const SCALE = MAP_WIDTH / (2 * EQUAL_EARTH_X_MAX);
// Antarctica is left out (no state), so the map stops at 60° south.
const BOTTOM = project(0, -60)[1];
export const MAP_HEIGHT = Math.round((EQUAL_EARTH_Y_MAX + BOTTOM) * SCALE);

export interface WorldShapes {
  paths: Map<string, string>;
  dots: Map<string, [number, number]>;
}

let shapes: WorldShapes | undefined;

export function worldShapes(): WorldShapes {
  if (!shapes) {
    const coarse = countries(require('world-atlas/countries-110m.json') as Topology);
    const fine = countries(require('world-atlas/countries-50m.json') as Topology);
    const paths = new Map<string, string>();
    const dots = new Map<string, [number, number]>();
    for (const [id, geometry] of coarse) if (id !== '010') paths.set(id, svgPath(geometry));
    for (const [id, geometry] of fine) if (!paths.has(id)) dots.set(id, centre(geometry));
    shapes = { paths, dots };
  }
  return shapes;
}

function countries(topology: Topology): Map<string, Polygon | MultiPolygon> {
  const collection = feature(topology, topology.objects.countries as GeometryCollection);
  const byId = new Map<string, Polygon | MultiPolygon>();
  for (const f of collection.features as Array<Feature<Geometry>>) {
    const id = f.id === undefined ? undefined : String(f.id);
    if (id && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')) byId.set(id, f.geometry);
  }
  return byId;
}

function point([longitude, latitude]: Position): [number, number] {
  const [x, y] = project(longitude, latitude);
  return [(x + EQUAL_EARTH_X_MAX) * SCALE, (y + EQUAL_EARTH_Y_MAX) * SCALE];
}

function polygons(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * One path per state in whole pixels of the 1000-wide map, each point relative to the last (half the bytes of
 * absolute coordinates); points that fall on the same pixel are dropped. A ring that crosses the antimeridian
 * (Fiji, Chukotka) is cut where it jumps across the map, instead of a line drawn across the world.
 */
function svgPath(geometry: Polygon | MultiPolygon): string {
  const parts: string[] = [];
  for (const ring of polygons(geometry).flat()) {
    let piece: Array<[number, number]> = [];
    const flush = () => {
      if (piece.length >= 3) {
        const [start, ...rest] = piece;
        parts.push(`M${start[0]} ${start[1]}l${rest.map((p, i) => `${p[0] - piece[i][0]} ${p[1] - piece[i][1]}`).join(' ')}z`);
      }
      piece = [];
    };
    for (const position of ring) {
      const [x, y] = point(position).map(Math.round) as [number, number];
      const last = piece[piece.length - 1];
      if (last && Math.abs(x - last[0]) > MAP_WIDTH / 2) flush();
      else if (last && x === last[0] && y === last[1]) continue;
      piece.push([x, y]);
    }
    flush();
  }
  return parts.join('');
}

/** Centre of the bounding box of the state's largest polygon (by number of points), for a dot. */
function centre(geometry: Polygon | MultiPolygon): [number, number] {
  const largest = polygons(geometry).reduce((a, b) => (b[0].length > a[0].length ? b : a));
  const projected = largest[0].map(point);
  const xs = projected.map((p) => p[0]);
  const ys = projected.map((p) => p[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

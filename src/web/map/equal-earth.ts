// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): an equal-area world map, so large
// countries do not look more important than they are. Longitude and latitude in degrees; x in ±2.7064,
// y in ±1.3173, north up.
const A1 = 1.340264;
const A2 = -0.081106;
const A3 = 0.000893;
const A4 = 0.003796;
const M = Math.sqrt(3) / 2;

export const EQUAL_EARTH_X_MAX = project(180, 0)[0];
export const EQUAL_EARTH_Y_MAX = -project(0, 90)[1];

/** [x, y] with y growing downwards, as in SVG. */
export function project(longitude: number, latitude: number): [number, number] {
  const lambda = (longitude * Math.PI) / 180;
  const theta = Math.asin(M * Math.sin((latitude * Math.PI) / 180));
  const l2 = theta * theta;
  const l6 = l2 * l2 * l2;
  const x = (lambda * Math.cos(theta)) / (M * (A1 + 3 * A2 * l2 + l6 * (7 * A3 + 9 * A4 * l2)));
  const y = theta * (A1 + A2 * l2 + l6 * (A3 + A4 * l2));
  return [x, -y];
}

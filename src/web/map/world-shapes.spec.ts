import { project } from './equal-earth';
import { MAP_WIDTH, worldShapes } from './world-shapes';

describe('world map shapes', () => {
  it('projects with Equal Earth: the equator at the centre, the edges at ±180°', () => {
    expect(project(0, 0)).toEqual([0, -0]);
    expect(project(180, 0)[0]).toBeCloseTo(2.7064, 3);
    expect(project(0, 90)[1]).toBeCloseTo(-1.3173, 3);
  });

  it('draws states by ISO numeric code, small ones as dots, and no line across the world', () => {
    const { paths, dots } = worldShapes();
    expect(paths.has('250')).toBe(true); // France
    expect(dots.has('470')).toBe(true); // Malta: too small for 1:110m
    expect(paths.has('010')).toBe(false); // Antarctica: no state
    for (const d of paths.values()) {
      for (const move of d.matchAll(/l([^z]*)z/g)) {
        const steps = move[1].trim().split(' ').map(Number);
        for (let i = 0; i < steps.length; i += 2) expect(Math.abs(steps[i])).toBeLessThan(MAP_WIDTH / 2);
      }
    }
  });
});

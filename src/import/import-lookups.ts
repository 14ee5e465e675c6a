import { EntityManager } from 'typeorm';
import { ImportLookups } from './validate-rows';

/** Everything row validation needs, in four queries whatever the size of the file (one after the other: one connection). */
export async function loadLookups(manager: EntityManager, years: number[]): Promise<ImportLookups> {
  const cycles: Array<{ year: number; status: string }> = await manager.query('SELECT year, status FROM cycle WHERE year = ANY($1::int[])', [years]);
  const states: Array<{ iso3: string }> = await manager.query('SELECT iso3 FROM state');
  const commitments: Array<{ cycle_year: number; framework: string; code: string; id: number; framework_id: number }> = await manager.query(
      `SELECT cf.cycle_year, f.code AS framework, c.code, c.id, c.framework_id
       FROM cycle_framework cf JOIN framework f ON f.id = cf.framework_id JOIN commitment c ON c.framework_id = f.id
       WHERE cf.cycle_year = ANY($1::int[])`,
      [years],
    );
  const applicable: Array<{ framework_id: number; iso3: string }> = await manager.query(
      `SELECT f.id AS framework_id, s.iso3 FROM framework f CROSS JOIN state s
       WHERE f.id IN (SELECT framework_id FROM cycle_framework WHERE cycle_year = ANY($1::int[]))
         AND framework_applies_to(f.id, s.iso3)`,
      [years],
    );
  return {
    cycles: new Map(cycles.map((c) => [c.year, c.status])),
    states: new Set(states.map((s) => s.iso3)),
    commitments: new Map(commitments.map((c) => [`${c.cycle_year}|${c.framework}|${c.code}`, { id: c.id, frameworkId: c.framework_id }])),
    applicable: new Set(applicable.map((a) => `${a.framework_id}|${a.iso3}`)),
  };
}

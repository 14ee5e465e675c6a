import { everyone, RouteCase, staffOnly } from './route-matrix';

let nextYear = 2061;

export const IMPORT_ROUTES: RouteCase[] = [
  {
    method: 'post',
    route: '/api/import',
    path: () => '/api/import?dryRun=true',
    // A file naming a cycle that does not exist: staff get the row errors (400), everyone else is stopped before.
    attach: () => ({
      field: 'file',
      content: Buffer.from(`cycle_year,state_iso3,framework,commitment\n${nextYear++},FRA,GGE,13(a)\n`),
      filename: 'import.csv',
    }),
    expect: staffOnly(400),
  },
  { method: 'get', route: '/api/import/template.csv', expect: everyone(200) },
  { method: 'get', route: '/api/import/template.xlsx', expect: everyone(200) },
];

import { ASSESSMENT_ROUTES } from './route-matrix.assessments';
import { IMPORT_ROUTES } from './route-matrix.import';
import { REPORT_ROUTES } from './route-matrix.reports';
import { CORE_ROUTES, RouteCase } from './route-matrix';
import { SCORING_ROUTES } from './route-matrix.scoring';

/** All route cases of the authorization matrix; each feature keeps its own list beside the core one. */
export const ROUTES: RouteCase[] = [...CORE_ROUTES, ...ASSESSMENT_ROUTES, ...IMPORT_ROUTES, ...REPORT_ROUTES, ...SCORING_ROUTES];

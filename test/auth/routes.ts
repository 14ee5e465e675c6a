import { ASSESSMENT_ROUTES } from './route-matrix.assessments';
import { IMPORT_ROUTES } from './route-matrix.import';
import { CORE_ROUTES, RouteCase } from './route-matrix';

/** All route cases of the authorization matrix; each feature keeps its own list beside the core one. */
export const ROUTES: RouteCase[] = [...CORE_ROUTES, ...ASSESSMENT_ROUTES, ...IMPORT_ROUTES];
